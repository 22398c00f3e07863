"""Staff keep the catalogue in the admin: a subject's relatedness table as a grid, the preview of
a pathway's public page, and the teaching-learning principles of its modules."""

import datetime
import re

import pytest
from django.test import Client
from django.urls import reverse

from iclon.core.errors import NotAllowed
from programmes.catalogue.services import RelatednessGridInvalid, RelatednessRow, relatedness_grid_save
from programmes.models import DegreeField, DegreeRelatedness, Pathway, SchoolSubject
from research.models import TeachingLearningPrinciple

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Staff users are made in every test; a deliberately slow hash would dominate the run."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def client():
    """The admin in English, so that the messages read as this file spells them."""
    return Client(headers={"accept-language": "en"})


DIRECT, DEFICIENCY, NONE = (
    DegreeRelatedness.Relation.DIRECT,
    DegreeRelatedness.Relation.WITH_DEFICIENCY,
    DegreeRelatedness.Relation.NOT_RELATED,
)


def grid_url(subject):
    return reverse("admin:programmes_schoolsubject_relatedness", args=[subject.pk])


def relation(field_slug, subject_slug="biologie"):
    return DegreeRelatedness.objects.get(degree_field__slug=field_slug, subject__slug=subject_slug)


def grid_data(response, changes=None):
    """The POST data of the grid as the page shows it, with `changes` ({field slug: (relation,
    [course slugs])}) applied, as a browser would send it."""
    formset = response.context["formset"]
    courses = {course.slug: course.pk for course in response.context["subject"].deficiency_courses.all()}
    fields = {field.pk: field.slug for field in DegreeField.objects.all()}
    data = {
        f"{formset.prefix}-TOTAL_FORMS": str(formset.total_form_count()),
        f"{formset.prefix}-INITIAL_FORMS": str(formset.initial_form_count()),
        f"{formset.prefix}-MIN_NUM_FORMS": "0",
        f"{formset.prefix}-MAX_NUM_FORMS": "1000",
    }
    for i, form in enumerate(formset):
        initial = form.initial
        relation_value, course_pks = initial["relation"], list(initial["deficiency_courses"])
        slug = fields[initial["degree_field"]]
        if changes and slug in changes:
            relation_value, course_slugs = changes[slug]
            course_pks = [courses[course] for course in course_slugs]
        data[f"{formset.prefix}-{i}-degree_field"] = str(initial["degree_field"])
        if relation_value is not None:
            data[f"{formset.prefix}-{i}-relation"] = relation_value
        data[f"{formset.prefix}-{i}-deficiency_courses"] = [str(pk) for pk in course_pks]
    return data


def row_html(html, field_slug):
    start = html.index(f'id="grid-{field_slug}"')
    return html[start : html.index("</tr>", start)]


# --- The grid: reading and editing ---------------------------------------------------------------


def test_grid_shows_every_degree_field_with_its_relation(catalogue, client, programme_coordinator):
    client.force_login(programme_coordinator)
    subject = SchoolSubject.objects.get(slug="biologie")
    response = client.get(grid_url(subject))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="relatedness-form"' in html
    assert html.count('<tr class="row') == DegreeField.objects.count()
    assert re.search(r'value="direct"[^>]*checked', row_html(html, "biologie"))
    pharmacy = row_html(html, "farmacie")
    assert re.search(r'value="deficiency"[^>]*checked', pharmacy)
    assert pharmacy.count("checked") == 3  # the relation and its two Bèta4all courses
    assert re.search(r'value="none"[^>]*checked', row_html(html, "rechtsgeleerdheid"))


def test_grid_saves_the_whole_table_in_one_post_with_history(catalogue, client, programme_coordinator):
    client.force_login(programme_coordinator)
    subject = SchoolSubject.objects.get(slug="biologie")
    url = grid_url(subject)
    untouched = relation("biologie")
    history_before = {slug: relation(slug).history.count() for slug in ("farmacie", "rechtsgeleerdheid", "biologie")}
    data = grid_data(
        client.get(url),
        {
            "farmacie": (DIRECT, []),
            "rechtsgeleerdheid": (DEFICIENCY, ["beta4all-ecologie-en-evolutie"]),
        },
    )
    response = client.post(url, data)
    assert response.status_code == 302
    assert response["Location"] == url

    pharmacy, law = relation("farmacie"), relation("rechtsgeleerdheid")
    assert (pharmacy.relation, list(pharmacy.deficiency_courses.all())) == (DIRECT, [])
    assert law.relation == DEFICIENCY
    assert [c.slug for c in law.deficiency_courses.all()] == ["beta4all-ecologie-en-evolutie"]
    # One history row per changed row, by the coordinator, with the courses as they are now.
    for row in (pharmacy, law):
        assert row.history.count() == history_before[row.degree_field.slug] + 1
        latest = row.history.first()
        assert latest.history_user == programme_coordinator
        assert latest.relation == row.relation
    assert [c.deficiencycourse.slug for c in law.history.first().deficiency_courses.all()] == [
        "beta4all-ecologie-en-evolutie"
    ]
    assert relation("biologie").history.count() == history_before["biologie"]
    assert relation("biologie").updated_at == untouched.updated_at

    page = client.get(url)
    assert "2 rows changed" in " ".join(str(m) for m in page.context["messages"])


def test_grid_refuses_courses_without_their_relation_and_keeps_what_was_entered(
    catalogue, client, programme_coordinator
):
    client.force_login(programme_coordinator)
    subject = SchoolSubject.objects.get(slug="biologie")
    url = grid_url(subject)
    data = grid_data(
        client.get(url),
        {
            "rechtsgeleerdheid": (DIRECT, ["beta4all-ecologie-en-evolutie"]),
            "farmacie": (DIRECT, []),
        },
    )
    response = client.post(url, data)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="errornote"' in html
    law = row_html(html, "rechtsgeleerdheid")
    assert "iclon-row-error" in html[html.rindex("<tr", 0, html.index('id="grid-rechtsgeleerdheid"')) :][:120]
    assert "Deficiency courses apply only to" in law
    # What was entered is still there: law as related with the course ticked, pharmacy as related.
    assert re.search(r'value="direct"[^>]*checked', law)
    assert law.count("checked") == 2
    assert re.search(r'value="direct"[^>]*checked', row_html(html, "farmacie"))
    # Nothing was written.
    assert relation("rechtsgeleerdheid").relation == NONE
    assert relation("farmacie").relation == DEFICIENCY


def test_grid_refuses_a_row_without_a_relation(catalogue, client, programme_coordinator):
    client.force_login(programme_coordinator)
    subject = SchoolSubject.objects.get(slug="biologie")
    url = grid_url(subject)
    data = grid_data(client.get(url), {"farmacie": (None, [])})
    response = client.post(url, data)
    assert response.status_code == 200
    assert "Choose how this degree field relates to the subject." in row_html(response.content.decode(), "farmacie")
    assert relation("farmacie").relation == DEFICIENCY


def test_grid_refuses_a_course_of_another_subject(catalogue, client, programme_coordinator):
    client.force_login(programme_coordinator)
    subject = SchoolSubject.objects.get(slug="biologie")
    url = grid_url(subject)
    data = grid_data(client.get(url))
    other = SchoolSubject.objects.get(slug="wiskunde").deficiency_courses.first()
    index = next(i for i in range(100) if data[f"grid-{i}-degree_field"] == str(relation("farmacie").degree_field_id))
    data[f"grid-{index}-deficiency_courses"] = [str(other.pk)]
    response = client.post(url, data)
    assert response.status_code == 200
    assert "Select a valid choice" in row_html(response.content.decode(), "farmacie")
    assert relation("farmacie").deficiency_courses.count() == 2


def test_grid_creates_the_rows_the_table_lacks(catalogue, client, programme_coordinator):
    client.force_login(programme_coordinator)
    field = DegreeField.objects.create(slug="sterrenkunde-nieuw", name_nl="Nieuw veld", name_en="New field")
    subject = SchoolSubject.objects.get(slug="biologie")
    url = grid_url(subject)
    response = client.get(url)
    assert re.search(r'value="none"[^>]*checked', row_html(response.content.decode(), field.slug))
    response = client.post(url, grid_data(response, {field.slug: (DIRECT, [])}))
    assert response.status_code == 302
    created = relation(field.slug)
    assert created.relation == DIRECT
    assert created.history.get().history_type == "+"


# --- The grid: who may do what -------------------------------------------------------------------

# persona: (GET, POST); the admin sends non-staff and anonymous visitors to its login page.
GRID_PERMISSIONS = [
    ("programme_coordinator", 200, 302),
    ("administrator", 200, 302),
    ("intake_officer", 200, 403),
    ("placement_coordinator", 403, 403),
    ("researcher", 403, 403),
    ("school_a_contact", 302, 302),
    ("applicant", 302, 302),
    ("anonymous", 302, 302),
]


@pytest.mark.parametrize(("name", "get_status", "post_status"), GRID_PERMISSIONS)
def test_grid_permissions(catalogue, client, persona, programme_coordinator, name, get_status, post_status):
    subject = SchoolSubject.objects.get(slug="biologie")
    url = grid_url(subject)
    client.force_login(programme_coordinator)
    data = grid_data(client.get(url), {"farmacie": (DIRECT, [])})
    client.logout()
    user = persona(name)
    if user is not None:
        client.force_login(user)
    response = client.get(url)
    assert response.status_code == get_status
    if get_status == 302:
        assert reverse("admin:login") in response["Location"]
    response = client.post(url, data)
    assert response.status_code == post_status
    expected = DIRECT if post_status == 302 and name in ("programme_coordinator", "administrator") else DEFICIENCY
    assert relation("farmacie").relation == expected


def test_intake_officers_read_the_grid_without_a_form(catalogue, client, intake_officer):
    client.force_login(intake_officer)
    html = client.get(grid_url(SchoolSubject.objects.get(slug="biologie"))).content.decode()
    assert "<form" not in html[html.index('id="content-main"') :]
    assert 'type="radio"' not in html
    pharmacy = row_html(html, "farmacie")
    assert "Related after deficiency courses" in pharmacy
    assert "Celbiologie en genetica" in pharmacy or "Cell biology and genetics" in pharmacy


def test_grid_of_an_unknown_subject_is_404(catalogue, client, programme_coordinator):
    client.force_login(programme_coordinator)
    response = client.get(reverse("admin:programmes_schoolsubject_relatedness", args=[999999]))
    assert response.status_code == 404
    assert 'id="grid-' not in response.content.decode(), "no grid of some other subject"


def test_the_grid_is_linked_from_the_subject_and_the_relatedness_table(catalogue, client, programme_coordinator):
    client.force_login(programme_coordinator)
    subject = SchoolSubject.objects.get(slug="biologie")
    url = grid_url(subject)
    assert url in client.get(reverse("admin:programmes_schoolsubject_change", args=[subject.pk])).content.decode()
    changelist = reverse("admin:programmes_degreerelatedness_changelist")
    first_row = DegreeRelatedness.objects.order_by("subject__order", "degree_field__name_nl").first()
    assert grid_url(first_row.subject) in client.get(changelist).content.decode()
    filtered = client.get(changelist, {"subject__id__exact": subject.pk}).content.decode()
    assert 'class="iclon-relatedness-link"' in filtered


def test_grid_page_runs_a_fixed_number_of_queries(
    catalogue, client, programme_coordinator, django_assert_max_num_queries
):
    client.force_login(programme_coordinator)
    subject = SchoolSubject.objects.get(slug="biologie")
    client.get(grid_url(subject))
    with django_assert_max_num_queries(20):
        assert client.get(grid_url(subject)).status_code == 200


# --- The service ---------------------------------------------------------------------------------


def test_service_refuses_staff_without_the_change_permission(catalogue, intake_officer):
    subject = SchoolSubject.objects.get(slug="biologie")
    field = DegreeField.objects.get(slug="farmacie")
    with pytest.raises(NotAllowed):
        relatedness_grid_save(subject=subject, rows=[RelatednessRow(field, DIRECT)], actor=intake_officer)


def test_service_reports_every_bad_row_and_writes_nothing(catalogue, programme_coordinator):
    subject = SchoolSubject.objects.get(slug="biologie")
    law, pharmacy = DegreeField.objects.get(slug="rechtsgeleerdheid"), DegreeField.objects.get(slug="farmacie")
    maths_course = SchoolSubject.objects.get(slug="wiskunde").deficiency_courses.first()
    with pytest.raises(RelatednessGridInvalid) as refused:
        relatedness_grid_save(
            subject=subject,
            rows=[
                RelatednessRow(pharmacy, DIRECT),
                RelatednessRow(law, DEFICIENCY, [maths_course]),
                RelatednessRow(law, "bogus"),
            ],
            actor=programme_coordinator,
        )
    assert set(refused.value.errors) == {law.pk}
    assert len(refused.value.errors[law.pk]) == 3  # another subject's course, unknown relation, twice
    assert relation("farmacie").relation == DEFICIENCY


def test_service_changes_only_what_differs(catalogue, programme_coordinator):
    subject = SchoolSubject.objects.get(slug="biologie")
    pharmacy = relation("farmacie")
    rows = [RelatednessRow(pharmacy.degree_field, DEFICIENCY, list(pharmacy.deficiency_courses.all()))]
    result = relatedness_grid_save(subject=subject, rows=rows, actor=programme_coordinator)
    assert (result.created, result.changed, result.unchanged) == (0, 0, 1)


# --- Preview of the public page ------------------------------------------------------------------


def test_pathway_change_page_links_to_its_public_page(catalogue, client, programme_coordinator):
    client.force_login(programme_coordinator)
    pathway = Pathway.objects.get(slug="empo")
    public = reverse("programmes:pathway-detail", args=[pathway.slug])
    html = client.get(reverse("admin:programmes_pathway_change", args=[pathway.pk])).content.decode()
    assert f'href="{public}" class="viewsitelink"' in html


def test_unpublished_pathway_is_previewed_for_coordinators_only(
    catalogue, client, programme_coordinator, intake_officer, applicant
):
    Pathway.objects.filter(slug="empo").update(is_published=False)
    pathway = Pathway.objects.get(slug="empo")
    public = reverse("programmes:pathway-detail", args=[pathway.slug])
    change = reverse("admin:programmes_pathway_change", args=[pathway.pk])

    client.force_login(programme_coordinator)
    html = client.get(change).content.decode()
    assert f'href="{public}" class="viewsitelink iclon-previewlink">Preview public page' in html
    response = client.get(public)
    assert response.status_code == 200
    assert "preview-banner" in response.content.decode()

    # The preview is for staff who may change pathways: others get no link and a 404.
    client.force_login(intake_officer)
    assert "iclon-previewlink" not in client.get(change).content.decode()
    assert client.get(public).status_code == 404
    client.force_login(applicant)
    assert client.get(public).status_code == 404
    client.logout()
    assert client.get(public).status_code == 404


def test_published_pathway_has_no_preview_banner(catalogue, client, programme_coordinator):
    client.force_login(programme_coordinator)
    html = client.get(reverse("programmes:pathway-detail", args=["empo"])).content.decode()
    assert "preview-banner" not in html


# --- Teaching-learning principles on modules -----------------------------------------------------


def _change_form_data(response) -> dict:
    """The pathway's change form as the page shows it (main form and every inline)."""
    data = {}

    def add(form):
        for name, field in form.fields.items():
            value = form[name].value()
            key = form.add_prefix(name)
            if value is None or value is False:
                continue
            if value is True:
                data[key] = "on"
            elif isinstance(value, list | tuple):
                data[key] = [str(v) for v in value]
            elif isinstance(value, datetime.date):
                data[key] = value.isoformat()
            else:
                data[key] = str(value.pk if hasattr(value, "pk") else value)
            del field

    add(response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        for name, value in formset.management_form.initial.items():
            data[formset.management_form.add_prefix(name)] = str(value)
        for form in formset.forms:
            add(form)
    return data


def test_modules_are_tagged_with_principles_on_the_pathway_page(catalogue, client, programme_coordinator):
    client.force_login(programme_coordinator)
    pathway = Pathway.objects.get(slug="educatieve-module-voltijd")
    url = reverse("admin:programmes_pathway_change", args=[pathway.pk])
    response = client.get(url)
    html = response.content.decode()
    assert 'name="modules-0-principles"' in html
    assert "admin-autocomplete" in html[html.index('name="modules-0-principles"') - 400 :][:1200]

    data = _change_form_data(response)
    module = pathway.modules.get(order=1)
    index = next(i for i in range(20) if data.get(f"modules-{i}-id") == str(module.pk))
    inclusive = TeachingLearningPrinciple.objects.get(slug="inclusief")
    data[f"modules-{index}-principles"] = [*data[f"modules-{index}-principles"], str(inclusive.pk)]
    data["_continue"] = "1"
    response = client.post(url, data)
    assert response.status_code == 302, response.context and [
        response.context["adminform"].form.errors,
        *[inline.formset.errors for inline in response.context["inline_admin_formsets"]],
    ]
    assert set(module.principles.values_list("slug", flat=True)) == {
        "adaptief",
        "formatief",
        "zelfregulerend",
        "inclusief",
    }


def test_principles_autocomplete_for_the_module_inline(catalogue, client, programme_coordinator):
    client.force_login(programme_coordinator)
    response = client.get(
        reverse("admin:autocomplete"),
        {"app_label": "programmes", "model_name": "module", "field_name": "principles", "term": "form"},
    )
    assert response.status_code == 200
    assert [row["text"] for row in response.json()["results"]] == ["Formative"]
