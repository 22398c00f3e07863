"""The teaching-learning principles: the public API, the admin, and the modules tagged with them."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from programmes.models import Module, Pathway
from research.models import TeachingLearningPrinciple
from tests.api.conftest import api_client
from tests.utils import nothing_written

pytestmark = pytest.mark.django_db

LIST = reverse("api:principle-list")


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def client():
    return Client(headers={"accept-language": "en"})


# --- API -----------------------------------------------------------------------------------------


def test_principles_are_listed_in_order_in_the_requests_language(db):
    english = api_client(language="en").get(LIST)
    assert english.status_code == 200
    body = english.json()
    assert body["count"] == 12
    assert [row["slug"] for row in body["results"]][:3] == ["adaptief", "doelsysteemgestuurd", "formatief"]
    formative = body["results"][2]
    assert formative == {
        "slug": "formatief",
        "name": "Formative",
        "name_nl": "Formatief",
        "name_en": "Formative",
        "statement": "Learning is promoted when it is evaluated in order to learn from it again.",
        "statement_nl": "Leren wordt bevorderd als daarbij wordt geëvalueerd om weer van te leren.",
        "statement_en": "Learning is promoted when it is evaluated in order to learn from it again.",
        "order": 3,
    }
    dutch = api_client(language="nl").get(LIST).json()["results"][2]
    assert (dutch["name"], dutch["statement"]) == ("Formatief", formative["statement_nl"])


def test_one_principle_by_slug_and_unknown_is_404(db):
    response = api_client().get(reverse("api:principle-detail", args=["onderzoekend"]))
    assert response.status_code == 200
    assert response.json()["name"] == "Inquiry-based"
    missing = api_client().get(reverse("api:principle-detail", args=["no-such-principle"]))
    assert missing.status_code == 404
    assert "detail" in missing.json()


def test_principles_search(db):
    body = api_client().get(LIST, {"search": "language"}).json()
    assert [row["slug"] for row in body["results"]] == ["taalbewust"]


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_principles_are_read_only(db, method):
    url = LIST if method == "post" else reverse("api:principle-detail", args=["formatief"])
    with nothing_written(TeachingLearningPrinciple):
        response = getattr(api_client(), method)(url, {"name_en": "Changed"}, format="json")
    assert response.status_code == 405
    assert set(response.json()) == {"detail"}


def test_principles_list_runs_a_fixed_number_of_queries(db, django_assert_max_num_queries):
    with django_assert_max_num_queries(2):  # the count and the page
        assert api_client().get(LIST).status_code == 200


def test_pathway_api_names_the_principles_of_each_module_in_fixed_queries(catalogue, django_assert_num_queries):
    url = reverse("api:pathway-detail", args=["master-leraar-vho-voltijd"])
    body = api_client().get(url).json()
    research = next(m for m in body["modules"] if m["name"] == "Practice-based research")
    assert research["principles"] == ["formatief", "onderzoekend"]
    # More modules and more tags cost no more queries.
    with CaptureQueriesContext(connection) as before:
        api_client().get(url)
    pathway = Pathway.objects.get(slug="master-leraar-vho-voltijd")
    extra = Module.objects.bulk_create(
        Module(pathway=pathway, name_nl=f"Extra {i}", name_en=f"Extra {i}", ec=1, order=50 + i) for i in range(10)
    )
    for module in extra:
        module.principles.set(TeachingLearningPrinciple.objects.all())
    with django_assert_num_queries(len(before.captured_queries)):
        assert len(api_client().get(url).json()["modules"]) == len(body["modules"]) + 10


# --- The public pathway page ---------------------------------------------------------------------


def test_pathway_page_shows_each_modules_principles_in_fixed_queries(catalogue, client, applicant):
    # Signed in, so that the page is built for this request (not served from a visitors' cache).
    client.force_login(applicant)
    url = reverse("programmes:pathway-detail", args=["master-leraar-vho-voltijd"])
    html = client.get(url).content.decode()
    assert 'data-principle="onderzoekend">Inquiry-based</li>' in html
    assert html.count('class="tag-list module-principles"') == 7
    with CaptureQueriesContext(connection) as before:
        client.get(url)
    pathway = Pathway.objects.get(slug="master-leraar-vho-voltijd")
    for i in range(5):
        module = Module.objects.create(pathway=pathway, name_nl=f"Extra {i}", name_en=f"Extra {i}", ec=1, order=60 + i)
        module.principles.set(TeachingLearningPrinciple.objects.all()[:4])
    with CaptureQueriesContext(connection) as after:
        html = client.get(url).content.decode()
    assert html.count('class="tag-list module-principles"') == 12
    assert len(after.captured_queries) == len(before.captured_queries)


def test_demo_tags_every_module_with_a_principle(catalogue):
    assert Module.objects.exists()
    assert not Module.objects.filter(principles=None).exists()


# --- Admin ---------------------------------------------------------------------------------------

CHANGELIST = reverse("admin:research_teachinglearningprinciple_changelist")


def change_url(slug):
    return reverse(
        "admin:research_teachinglearningprinciple_change", args=[TeachingLearningPrinciple.objects.get(slug=slug).pk]
    )


@pytest.mark.parametrize(
    ("name", "status"),
    [
        ("researcher", 200),
        ("programme_coordinator", 200),
        ("intake_officer", 200),
        ("administrator", 200),
        ("placement_coordinator", 403),
        ("school_a_contact", 302),
        ("anonymous", 302),
    ],
)
def test_principles_admin_permissions(catalogue, client, persona, name, status):
    user = persona(name)
    if user is not None:
        client.force_login(user)
    principle = TeachingLearningPrinciple.objects.get(slug="formatief")
    for url in (CHANGELIST, change_url("formatief")):
        response = client.get(url)
        assert response.status_code == status
        content = response.content.decode()
        if status == 200:
            assert principle.name_en in content
        else:
            assert principle.name_en not in content
            assert principle.name_nl not in content
        if status == 302:
            assert response["Location"].startswith(reverse("admin:login"))


def test_principles_changelist_counts_the_modules_tagged_and_searches(catalogue, client, researcher):
    client.force_login(researcher)
    response = client.get(CHANGELIST)
    rows = {row.slug: row for row in response.context["cl"].result_list}
    assert len(rows) == 12
    tagged = Module.objects.filter(principles__slug="onderzoekend").count()
    assert tagged > 0
    assert response.context["cl"].model_admin.tag_count(rows["onderzoekend"]) == tagged
    found = client.get(CHANGELIST, {"q": "task"}).context["cl"].result_list
    assert [row.slug for row in found] == ["taakgestuurd"]


def test_principle_page_lists_the_modules_tagged_with_their_pathways(catalogue, client, programme_coordinator):
    client.force_login(programme_coordinator)
    html = client.get(change_url("onderzoekend")).content.decode()
    assert "Modules tagged with this principle" in html
    assert "Practice-based research (5 EC)" in html
    master = Pathway.objects.get(slug="master-leraar-vho-voltijd")
    assert reverse("admin:programmes_pathway_change", args=[master.pk]) in html


def test_research_staff_may_reword_a_principle(catalogue, client, researcher):
    client.force_login(researcher)
    principle = TeachingLearningPrinciple.objects.get(slug="formatief")
    data = {
        "name_nl": principle.name_nl,
        "name_en": "Formative (assessment)",
        "slug": principle.slug,
        "statement_nl": principle.statement_nl,
        "statement_en": principle.statement_en,
        "order": principle.order,
    }
    response = client.post(change_url("formatief"), data)
    assert response.status_code == 302
    principle.refresh_from_db()
    assert principle.name_en == "Formative (assessment)"
    # Adding or removing one is a change of the strategic plan, not of the admin.
    assert client.get(reverse("admin:research_teachinglearningprinciple_add")).status_code == 403
