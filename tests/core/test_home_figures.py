"""The home page's figures: the strategic plan's numbers until the data is in the portal, then the
counts of the slices that hold it (training-school partnerships and their schools, trained PAL
students, PhD projects running and dissertations completed, publications of five years), in a
fixed number of queries."""

import datetime

import pytest
from django.urls import reverse

from research.models import ProjectStatus, PublicationCategory
from tests.factories import SchoolFactory
from tests.factories.partnerships import TrainingSchoolPartnershipFactory
from tests.factories.professionalisation_outreach_pal import PalStudentFactory
from tests.factories.research import PublicationFactory, ResearchProjectFactory

pytestmark = pytest.mark.django_db


def figures(client):
    response = client.get(reverse("core:home"), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    return {figure.key: (figure.value, str(figure.label)) for figure in response.context["figures"]}


def test_without_data_the_page_shows_the_strategic_plans_figures(client):
    shown = figures(client)
    assert list(shown) == ["subjects", "partnerships", "pal_students", "phd", "publications"]
    assert shown["phd"] == (45, "PhD projects running, and 55 dissertations completed")
    assert shown["pal_students"][0] == 450 and shown["partnerships"][0] == 10


def test_with_data_the_page_counts_it(client):
    partnership = TrainingSchoolPartnershipFactory()
    SchoolFactory(partnership=partnership)
    SchoolFactory(partnership=partnership)
    SchoolFactory()  # not in a partnership
    PalStudentFactory.create_batch(3)
    PalStudentFactory(trained=False, trained_on=None)
    ResearchProjectFactory.create_batch(2)
    ResearchProjectFactory(published=False)  # a draft does not count
    ResearchProjectFactory(
        status=ProjectStatus.COMPLETED,
        start_date=datetime.date(2019, 9, 1),
        end_date=datetime.date(2023, 8, 31),
        defence_date=datetime.date(2023, 6, 30),
    )
    shown = figures(client)
    schools_in_lead = partnership.member_schools.count()
    assert shown["partnerships"] == (1, f"training-school partnerships, with {schools_in_lead} schools")
    assert shown["pal_students"] == (3, "PAL student-assistants trained to support teachers")
    assert shown["phd"] == (2, "PhD projects running, and 1 dissertation completed")
    # What the portal does not hold yet keeps the plan's figure.
    assert shown["publications"][0] == 342 and shown["subjects"][0] == 19
    page = client.get(reverse("core:home"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<span class="stat__value">3</span>' in page


def test_the_publications_of_the_five_newest_years_are_counted(client):
    PublicationFactory.create_batch(2, year=2025)
    PublicationFactory(year=2021, category=PublicationCategory.PROFESSIONAL)
    PublicationFactory(year=2020)  # six years before the newest: not counted
    PublicationFactory(year=2024, published=False)  # not published: not counted
    assert figures(client)["publications"] == (
        3,
        "publications in five years: 2 scientific and 1 professional",
    )


@pytest.mark.parametrize("rows", [1, 50])
def test_the_figures_take_a_fixed_number_of_queries(client, django_assert_max_num_queries, rows):
    partnership = TrainingSchoolPartnershipFactory()
    SchoolFactory.create_batch(rows, partnership=partnership)
    PalStudentFactory.create_batch(rows)
    ResearchProjectFactory.create_batch(rows)
    PublicationFactory.create_batch(rows)
    with django_assert_max_num_queries(9):
        client.get(reverse("core:home"))
