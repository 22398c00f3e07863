"""The knowledge base: a teaching-learning principle's page gathers what the portal's slices tag with
it (modules of published pathways, published activities, published research projects and
publications, running learning circles, active researchers), in a fixed number of queries; the
index of the twelve counts them; the home page's tiles and the header link to them."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from professionalisation.models import LearningCircle
from research.knowledge.principles import PRINCIPLES
from research.knowledge.sections import SECTION_SIZE
from research.models import QuestionStatus, TeachingLearningPrinciple
from tests.factories import ActivityFactory, UserFactory
from tests.factories.professionalisation_circles import CircleMembershipFactory, LearningCircleFactory
from tests.factories.programmes import ModuleFactory, PathwayFactory
from tests.factories.research import (
    PublicationAuthorFactory,
    PublicationFactory,
    ResearcherFactory,
    ResearchProjectFactory,
)
from tests.factories.research_questions import ResearchQuestionFactory

pytestmark = pytest.mark.django_db

INDEX = reverse("knowledge:list")


def page_url(slug="formatief"):
    return reverse("knowledge:detail", args=[slug])


@pytest.fixture
def client():
    return Client(headers={"accept-language": "en"})


@pytest.fixture(autouse=True)
def _nothing_tagged(db):
    """Nothing is tagged with any principle before a test tags it: the routes catalogue's seed (a
    data migration) tags its modules, and whether those rows are there depends on which tests ran
    before in the same database (a transactional test flushes them)."""
    for relation in TeachingLearningPrinciple._meta.related_objects:
        if relation.many_to_many:
            getattr(TeachingLearningPrinciple, relation.get_accessor_name()).through.objects.all().delete()


@pytest.fixture
def formative():
    return TeachingLearningPrinciple.objects.get(slug="formatief")


@pytest.fixture
def inquiry():
    return TeachingLearningPrinciple.objects.get(slug="onderzoekend")


def sections(response):
    return {section.key: section for section in response.context["sections"]}


def titles(section):
    return [item.title for item in section.items]


def tag(row, *principles):
    row.principles.set(principles)
    return row


def _answered(*, title, public=True):
    return ResearchQuestionFactory(title=title, status=QuestionStatus.ANSWERED, public=public)


def tagged_rows(principle, other, n=1):
    """`n` rows of each kind tagged with `principle` that a visitor may see, and of each kind one
    that they may not (unpublished, inactive) and one tagged with `other` only."""
    shown = {
        "modules": [tag(ModuleFactory(name_en=f"Assessment module {i}"), principle) for i in range(n)],
        "activities": [tag(ActivityFactory(title_en=f"Feedback workshop {i}"), principle) for i in range(n)],
        "projects": [tag(ResearchProjectFactory(title_en=f"Feedback study {i}"), principle) for i in range(n)],
        "publications": [tag(PublicationFactory(title=f"Feedback in class {i}"), principle) for i in range(n)],
        "circles": [tag(LearningCircleFactory(name_en=f"Feedback circle {i}"), principle) for i in range(n)],
        "questions": [tag(_answered(title=f"Feedback question {i}"), principle) for i in range(n)],
        "researchers": [tag(ResearcherFactory(full_name=f"Fenna Feedback {i}"), principle) for i in range(n)],
    }
    hidden = {
        "modules": tag(ModuleFactory(name_en="Draft module", pathway=PathwayFactory(is_published=False)), principle),
        "activities": tag(ActivityFactory(title_en="Draft workshop", published=False), principle),
        "projects": tag(ResearchProjectFactory(title_en="Draft study", published=False), principle),
        "publications": tag(PublicationFactory(title="Draft article", published=False), principle),
        "circles": tag(LearningCircleFactory(name_en="Ended circle", active=False), principle),
        "questions": tag(_answered(title="Private question", public=False), principle),
        "researchers": tag(ResearcherFactory(full_name="Former Researcher", active=False), principle),
    }
    elsewhere = {
        "modules": tag(ModuleFactory(name_en="Inquiry module"), other),
        "activities": tag(ActivityFactory(title_en="Inquiry workshop"), other),
        "projects": tag(ResearchProjectFactory(title_en="Inquiry study"), other),
        "publications": tag(PublicationFactory(title="Inquiry article"), other),
        "circles": tag(LearningCircleFactory(name_en="Inquiry circle"), other),
        "questions": tag(_answered(title="Inquiry question"), other),
        "researchers": tag(ResearcherFactory(full_name="Ivo Inquiry"), other),
    }
    return shown, hidden, elsewhere


# --- a principle's page -----------------------------------------------------------------------------


def test_the_page_shows_what_is_tagged_and_public_per_kind_and_nothing_else(client, formative, inquiry):
    shown, hidden, elsewhere = tagged_rows(formative, inquiry)
    response = client.get(page_url())
    assert response.status_code == 200
    html = response.content.decode()
    found = sections(response)
    assert list(found) == ["modules", "activities", "projects", "publications", "circles", "questions", "researchers"]
    assert titles(found["modules"]) == ["Assessment module 0"]
    assert titles(found["activities"]) == ["Feedback workshop 0"]
    assert titles(found["projects"]) == ["Feedback study 0"]
    assert titles(found["publications"]) == ["Feedback in class 0"]
    assert titles(found["circles"]) == ["Feedback circle 0"]
    assert titles(found["researchers"]) == ["Fenna Feedback 0"]
    assert all(section.total == 1 for section in found.values())
    for title in ("Assessment module 0", "Feedback workshop 0", "Feedback study 0", "Feedback in class 0"):
        assert title in html
    for title in (
        "Draft module",
        "Draft workshop",
        "Draft study",
        "Draft article",
        "Ended circle",
        "Former Researcher",
        "Inquiry module",
        "Inquiry workshop",
        "Inquiry study",
        "Inquiry article",
        "Inquiry circle",
        "Ivo Inquiry",
    ):
        assert title not in html
    # The name, the statement, and links to the rows' own pages.
    assert '<h1 class="knowledge-title">Formative</h1>' in html
    assert "Learning is promoted when it is evaluated in order to learn from it again." in html
    module, activity, project = shown["modules"][0], shown["activities"][0], shown["projects"][0]
    assert reverse("programmes:pathway-detail", args=[module.pathway.slug]) + "#structure-title" in html
    assert reverse("activities:detail", args=[activity.slug]) in html
    assert reverse("research_projects:detail", args=[project.slug]) in html
    assert reverse("research_publications:detail", args=[shown["publications"][0].pk]) in html
    assert reverse("research_people:detail", args=[shown["researchers"][0].slug]) in html
    # "See all" goes to the slice's list narrowed to the principle.
    assert f"{reverse('activities:list')}?principle=formatief" in html
    assert f"{reverse('research_projects:list')}?principle=formatief" in html
    assert f"{reverse('research_publications:list')}?principle=formatief" in html


def test_the_rows_say_what_they_are(client, formative):
    module = tag(ModuleFactory(name_en="Assessment", ec=5), formative)
    publication = tag(PublicationFactory(title="Feedback", year=2024, venue="Pedagogische Studiën"), formative)
    PublicationAuthorFactory(publication=publication, position=1, name="Jansen, A.")
    tag(ActivityFactory(title_en="Workshop without dates"), formative)
    found = sections(client.get(page_url()))
    assert found["modules"].items[0].meta == f"{module.pathway.name_en} · 5 EC"
    assert found["publications"].items[0].meta == "Jansen, A. · 2024 · Pedagogische Studiën"
    assert found["activities"].items[0].meta == "Workshop · no dates planned yet"


def test_a_principle_with_nothing_tagged_says_so_in_each_section(client):
    response = client.get(page_url("taalbewust"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Nothing is tagged with this principle yet." in html
    assert "No module of the teacher education is tagged with this principle yet." in html
    assert "No professional-development activity is tagged with this principle yet." in html
    assert "No research project is tagged with this principle yet." in html
    assert "No publication is tagged with this principle yet." in html
    assert "No learning circle works with this principle yet." in html
    assert all(section.total == 0 and not section.see_all_url for section in response.context["sections"])
    assert "?principle=taalbewust" not in html


def test_an_unknown_principle_is_404(client):
    response = client.get(page_url("no-such-principle"))
    assert response.status_code == 404
    assert "Formative" not in response.content.decode()


def test_a_section_shows_six_rows_the_total_and_the_way_to_the_rest(client, formative):
    for i in range(SECTION_SIZE + 2):
        tag(ActivityFactory(title_en=f"Workshop {i}"), formative)
        tag(ModuleFactory(name_en=f"Module {i}"), formative)
    response = client.get(page_url())
    found = sections(response)
    html = response.content.decode()
    assert len(found["activities"].items) == SECTION_SIZE
    assert found["activities"].total == SECTION_SIZE + 2
    assert html.count("And 2 more.") == 2  # the activities and the modules
    assert f'<a href="{reverse("activities:list")}?principle=formatief">All activities with this principle</a>' in html
    # The catalogue has no list of modules to narrow: the page says how many more there are.
    assert len(found["modules"].items) == SECTION_SIZE
    assert found["modules"].see_all_url == ""


def test_the_activities_list_behind_see_all_is_narrowed_to_the_principle(client, formative, inquiry):
    tag(ActivityFactory(title_en="Feedback workshop"), formative)
    tag(ActivityFactory(title_en="Inquiry workshop"), inquiry)
    html = client.get(f"{reverse('activities:list')}?principle=formatief").content.decode()
    assert "Feedback workshop" in html
    assert "Inquiry workshop" not in html


def test_a_circle_links_to_its_page_only_for_who_may_see_it(client, formative):
    circle = tag(LearningCircleFactory(name_en="Feedback circle"), formative)
    circle_page = reverse("circles:detail", kwargs={"pk": circle.pk})
    anonymous = client.get(page_url())
    assert sections(anonymous)["circles"].items[0].url == ""
    assert "Feedback circle" in anonymous.content.decode()
    assert circle_page not in anonymous.content.decode()
    assert "?principle=formatief" not in sections(anonymous)["circles"].see_all_url
    outsider = UserFactory()
    client.force_login(outsider)
    assert sections(client.get(page_url()))["circles"].items[0].url == ""
    member = CircleMembershipFactory(circle=circle).person
    client.force_login(member)
    response = client.get(page_url())
    assert sections(response)["circles"].items[0].url == circle_page
    assert circle_page in response.content.decode()
    assert f"{reverse('circles:list')}?principle=formatief" in response.content.decode()


@pytest.mark.parametrize("rows", [1, 50])
def test_the_page_runs_a_fixed_number_of_queries(client, formative, inquiry, rows, django_assert_max_num_queries):
    tagged_rows(formative, inquiry, n=rows)
    # The principle; per kind (seven) the first rows and, when there may be more, their total; the
    # publications' authors; the twelve for the links to the others.
    with django_assert_max_num_queries(17):
        response = client.get(page_url())
    found = sections(response)
    assert all(section.total == rows for section in found.values())
    assert all(len(section.items) == min(rows, SECTION_SIZE) for section in found.values())


@pytest.mark.parametrize("rows", [1, 50])
def test_the_page_for_a_member_runs_a_fixed_number_of_queries(
    client, formative, inquiry, rows, django_assert_max_num_queries
):
    shown, _, _ = tagged_rows(formative, inquiry, n=rows)
    member = UserFactory()
    for circle in shown["circles"]:
        CircleMembershipFactory(circle=circle, person=member)
    client.force_login(member)
    # As for a visitor (17), the circles the member may open (two: their schools, the ids), and
    # what every page asks of a signed-in person (session, user, schools, applications, unread).
    with django_assert_max_num_queries(25):
        response = client.get(page_url())
    circles = sections(response)["circles"]
    assert circles.total == rows
    assert all(item.url for item in circles.items)


@pytest.mark.parametrize(
    ("language", "name", "statement", "heading"),
    [
        ("en", "Formative", "Learning is promoted when it is evaluated in order to learn from it again.", "Modules"),
        ("nl", "Formatief", "Leren wordt bevorderd als daarbij wordt geëvalueerd om weer van te leren.", None),
    ],
)
def test_the_page_speaks_the_visitors_language(formative, language, name, statement, heading):
    tag(ModuleFactory(name_nl="Toetsen om te leren", name_en="Assessment for learning"), formative)
    response = Client(headers={"accept-language": language}).get(page_url())
    html = response.content.decode()
    assert f'<h1 class="knowledge-title">{name}</h1>' in html
    assert statement in html
    module_name = "Assessment for learning" if language == "en" else "Toetsen om te leren"
    assert module_name in html
    assert response.context["LANGUAGE_CODE"] == language


# --- the index --------------------------------------------------------------------------------------


def test_the_index_lists_the_twelve_with_their_statements_and_counts(client, formative, inquiry):
    tagged_rows(formative, inquiry, n=2)
    response = client.get(INDEX)
    html = response.content.decode()
    assert response.status_code == 200
    summaries = {summary.principle.slug: summary for summary in response.context["summaries"]}
    assert list(summaries) == [slug for slug, *_ in PRINCIPLES]
    assert summaries["formatief"].tagged == [
        "2 modules",
        "2 activities",
        "2 research projects",
        "2 publications",
        "2 learning circles",
        "2 answered questions",
        "2 researchers",
    ]
    assert summaries["formatief"].total == 14
    assert summaries["onderzoekend"].total == 7
    assert summaries["taalbewust"].tagged == [] and summaries["taalbewust"].total == 0
    assert "2 modules · 2 activities · 2 research projects" in html
    assert "Nothing tagged yet" in html
    for slug, _nl, _name_en, _statement_nl, statement_en in PRINCIPLES:
        assert f'href="{page_url(slug)}"' in html
        assert statement_en in html


@pytest.mark.parametrize("rows", [1, 50])
def test_the_index_runs_a_fixed_number_of_queries(client, formative, inquiry, rows, django_assert_max_num_queries):
    tagged_rows(formative, inquiry, n=rows)
    with django_assert_max_num_queries(9):  # the twelve, and one count a kind
        response = client.get(INDEX)
    summary = next(s for s in response.context["summaries"] if s.principle.slug == "formatief")
    assert summary.total == 7 * rows


def test_the_index_in_dutch(formative):
    tag(ActivityFactory(), formative)
    html = Client(headers={"accept-language": "nl"}).get(INDEX).content.decode()
    assert "Formatief" in html
    assert "Leren wordt bevorderd als daarbij wordt geëvalueerd om weer van te leren." in html


# --- the home page and the header ---------------------------------------------------------------------


def test_the_home_pages_tiles_link_to_the_twelve_principles(client):
    html = client.get(reverse("core:home")).content.decode()
    linked = re.findall(r'<a class="principle-tile__link" href="/research/principles/([-a-z]+)/">', html)
    assert linked == [slug for slug, *_ in PRINCIPLES]
    assert set(linked) == set(TeachingLearningPrinciple.objects.values_list("slug", flat=True))
    assert f'href="{INDEX}"' in html
    # The external knowledge base stays.
    assert 'href="https://iclonkennisbasis.nl/"' in html


def test_the_header_links_the_knowledge_base_and_marks_it_current_alone(client):
    home = client.get(reverse("core:home")).content.decode()
    assert f'<a href="{INDEX}">Knowledge base</a>' in home
    page = client.get(page_url()).content.decode()
    assert f'<a href="{INDEX}" aria-current="page">Knowledge base</a>' in page
    # The research portal's link (prefix /research/) is not current on the knowledge base's pages.
    research = reverse("research_projects:list")
    assert f'<a href="{research}">Research</a>' in page
    assert f'<a href="{research}" aria-current="page">Research</a>' in client.get(research).content.decode()


def test_a_circles_card_links_its_principles(formative):
    circle = tag(LearningCircleFactory(), formative)
    member = CircleMembershipFactory(circle=circle).person
    client = Client(headers={"accept-language": "en"})
    client.force_login(member)
    html = client.get(reverse("circles:list")).content.decode()
    assert f'<a href="{page_url()}">Formative</a>' in html


def test_the_circles_list_is_narrowed_to_a_principle(formative, inquiry):
    member = UserFactory()
    for name, principle in (("Feedback circle", formative), ("Inquiry circle", inquiry)):
        CircleMembershipFactory(circle=tag(LearningCircleFactory(name_en=name), principle), person=member)
    client = Client(headers={"accept-language": "en"})
    client.force_login(member)
    html = client.get(reverse("circles:list"), {"principle": "formatief"}).content.decode()
    assert "Feedback circle" in html and "Inquiry circle" not in html
    assert "Circles working with the principle “Formative”." in html
    everything = client.get(reverse("circles:list"), {"principle": "nonsense"}).content.decode()
    assert "Feedback circle" in everything and "Inquiry circle" in everything
    assert LearningCircle.objects.count() == 2


def test_a_projects_and_a_researchers_principles_link_to_their_pages(client, formative):
    project = tag(ResearchProjectFactory(), formative)
    researcher = tag(ResearcherFactory(), formative)
    link = f'<a href="{page_url()}">Formative</a>'
    assert link in client.get(reverse("research_projects:detail", args=[project.slug])).content.decode()
    assert link in client.get(reverse("research_people:detail", args=[researcher.slug])).content.decode()
    # The research portal's tabs lead to the knowledge base too.
    projects = client.get(reverse("research_projects:list")).content.decode()
    assert f'<a class="btn btn--secondary" href="{INDEX}">Principles</a>' in projects
    assert f'<a class="btn" href="{INDEX}" aria-current="page">Principles</a>' in client.get(INDEX).content.decode()


def test_a_circles_page_links_its_principles(formative):
    circle = tag(LearningCircleFactory(), formative)
    member = CircleMembershipFactory(circle=circle).person
    client = Client(headers={"accept-language": "en"})
    client.force_login(member)
    html = client.get(reverse("circles:detail", kwargs={"pk": circle.pk})).content.decode()
    assert "<dt>Teaching-learning principles</dt>" in html
    assert f'<a href="{page_url()}">Formative</a>' in html
