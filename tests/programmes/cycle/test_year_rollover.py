"""The year rollover (programmes/cycle): the plan shows what will be created and what is there
already; the service creates exactly that, once (running it twice creates nothing more); dates
move by a year (29 February → 28 February), a period's slug and names get their years moved on;
only published routes' start moments are copied; fees are listed, not guessed; who may run it;
the admin page previews, confirms and records; bad input changes nothing."""

import datetime
from decimal import Decimal

import lxml.html
import pytest
import time_machine
from django.db.models import F
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from iclon.core.errors import NotAllowed, PortalError
from programmes.catalogue.models import StartMoment
from programmes.cycle.models import YearRollover
from programmes.cycle.selectors import academic_year_of, one_year_later, year_rollover_plan, years_moved_on
from programmes.cycle.services import year_rollover
from programmes.placements.models import PlacementPeriod
from tests.factories import PathwayFactory, StartMomentFactory
from tests.factories.placements import PlacementPeriodFactory
from tests.utils import nothing_written

pytestmark = pytest.mark.django_db

D = datetime.date
ADD = reverse("admin:programmes_yearrollover_add")
LIST = reverse("admin:programmes_yearrollover_changelist")


@pytest.fixture
def year_2026():
    """Academic year 2026-2027: two routes with two starts each, a hidden route, two periods, and
    rows of other years that must not be copied. Rows other tests left behind (the browser tests'
    demo catalogue outlives them) are moved forty years back first: the years hold only these."""
    long_ago = datetime.timedelta(days=366 * 40)
    StartMoment.objects.update(
        starts_on=F("starts_on") - long_ago, application_deadline=F("application_deadline") - long_ago
    )
    PlacementPeriod.objects.update(starts_on=F("starts_on") - long_ago, ends_on=F("ends_on") - long_ago)
    biology = PathwayFactory(
        start=False, name_nl="Biologie", tuition_fee=Decimal("2601.00"), tuition_fee_year="2026-2027"
    )
    history = PathwayFactory(start=False, name_nl="Geschiedenis")
    hidden = PathwayFactory(start=False, name_nl="Verborgen", is_published=False)
    for pathway in (biology, history):
        StartMomentFactory(pathway=pathway, starts_on=D(2026, 9, 1), application_deadline=D(2026, 6, 1))
        StartMomentFactory(pathway=pathway, starts_on=D(2027, 2, 1), application_deadline=D(2026, 12, 1))
    StartMomentFactory(pathway=hidden, starts_on=D(2026, 9, 1), application_deadline=D(2026, 6, 1))
    StartMomentFactory(pathway=biology, starts_on=D(2026, 2, 1), application_deadline=D(2025, 12, 1))  # 2025-2026
    PlacementPeriodFactory(
        slug="2026-2027-s1",
        name_nl="Semester 1 2026-2027",
        name_en="Semester 1 2026-2027",
        starts_on=D(2026, 9, 1),
        ends_on=D(2027, 1, 31),
    )
    PlacementPeriodFactory(
        slug="2026-2027-s2",
        name_nl="Semester 2 (voorjaar 2027)",
        name_en="Semester 2 (spring 2027)",
        starts_on=D(2027, 2, 1),
        ends_on=D(2027, 6, 30),
    )
    PlacementPeriodFactory(slug="2025-2026-s2", starts_on=D(2026, 2, 1), ends_on=D(2026, 6, 30))
    return {"biology": biology, "history": history, "hidden": hidden}


def staff_client(user, language="en"):
    client = Client(headers={"accept-language": language})
    client.force_login(user)
    return client


def test_dates_and_years_move_on_by_one():
    assert one_year_later(D(2027, 2, 1)) == D(2028, 2, 1)
    assert one_year_later(D(2028, 2, 29)) == D(2029, 2, 28)
    assert academic_year_of(D(2026, 9, 1)) == 2026 and academic_year_of(D(2027, 8, 31)) == 2026
    assert years_moved_on("2026-2027-s1", 2026) == "2027-2028-s1"
    assert years_moved_on("Voorjaar 2027, lokaal 2026a", 2026) == "Voorjaar 2028, lokaal 2027a"
    assert years_moved_on("Groep 12345 in 2025", 2026) == "Groep 12345 in 2025"


def test_the_plan_names_what_will_be_created(year_2026, django_assert_max_num_queries):
    with django_assert_max_num_queries(4):
        plan = year_rollover_plan(from_year=2026)
    assert (plan.from_label, plan.to_label) == ("2026-2027", "2027-2028")
    assert sorted((p.pathway.name_nl, p.starts_on, p.application_deadline) for p in plan.start_moments) == [
        ("Biologie", D(2027, 9, 1), D(2027, 6, 1)),
        ("Biologie", D(2028, 2, 1), D(2027, 12, 1)),
        ("Geschiedenis", D(2027, 9, 1), D(2027, 6, 1)),
        ("Geschiedenis", D(2028, 2, 1), D(2027, 12, 1)),
    ]
    assert [(p.slug, p.name_nl, p.name_en, p.starts_on, p.ends_on) for p in plan.periods] == [
        ("2027-2028-s1", "Semester 1 2027-2028", "Semester 1 2027-2028", D(2027, 9, 1), D(2028, 1, 31)),
        ("2027-2028-s2", "Semester 2 (voorjaar 2028)", "Semester 2 (spring 2028)", D(2028, 2, 1), D(2028, 6, 30)),
    ]
    assert plan.already_there == 0 and len(plan.start_moments_to_create) == 4
    assert plan.fees_to_update == [year_2026["biology"]]


def test_the_rollover_creates_the_plan_once(year_2026, administrator):
    rollover = year_rollover(from_year=2026, actor=administrator)

    assert (rollover.start_moments_created, rollover.periods_created, rollover.already_there) == (4, 2, 0)
    assert rollover.performed_by == administrator
    assert StartMoment.objects.filter(starts_on__gte=D(2027, 9, 1)).count() == 4
    assert not StartMoment.objects.filter(pathway=year_2026["hidden"], starts_on__gte=D(2027, 9, 1)).exists()
    assert set(PlacementPeriod.objects.filter(starts_on__gte=D(2027, 9, 1)).values_list("slug", flat=True)) == {
        "2027-2028-s1",
        "2027-2028-s2",
    }
    # Each new start moment has its history, as when staff add one.
    mine = [year_2026["biology"].pk, year_2026["history"].pk]
    assert StartMoment.history.filter(starts_on=D(2027, 9, 1), pathway_id__in=mine).count() == 2

    # Twice: nothing more.
    with nothing_written(StartMoment, PlacementPeriod):
        again = year_rollover(from_year=2026, actor=administrator)
    assert (again.start_moments_created, again.periods_created, again.already_there) == (0, 0, 6)
    assert year_rollover_plan(from_year=2026).already_there == 6


def test_what_exists_already_is_left_as_it_is(year_2026, administrator):
    kept = StartMomentFactory(
        pathway=year_2026["biology"], starts_on=D(2027, 9, 1), application_deadline=D(2027, 5, 15)
    )
    PlacementPeriodFactory(slug="2027-2028-s1", name_nl="Eigen naam", starts_on=D(2027, 9, 6), ends_on=D(2028, 1, 28))

    rollover = year_rollover(from_year=2026, actor=administrator)

    assert (rollover.start_moments_created, rollover.periods_created, rollover.already_there) == (3, 1, 2)
    kept.refresh_from_db()
    assert kept.application_deadline == D(2027, 5, 15)
    assert PlacementPeriod.objects.get(slug="2027-2028-s1").name_nl == "Eigen naam"


def test_a_year_with_nothing_to_copy_is_refused(administrator):
    with (
        nothing_written(StartMoment, PlacementPeriod, YearRollover),
        translation.override("en"),
        pytest.raises(PortalError) as refused,
    ):
        year_rollover(from_year=2031, actor=administrator)
    assert str(refused.value.message) == "Academic year 2031-2032 has no start moments or placement periods to copy."


@pytest.mark.parametrize(
    "role, allowed",
    [
        ("anonymous", False),
        ("applicant", False),
        ("school_a_contact", False),
        ("intake_officer", False),
        ("placement_coordinator", False),
        ("professionalisation_coordinator", False),
        ("researcher", False),
        ("programme_coordinator", True),
        ("administrator", True),
    ],
)
def test_who_may_roll_a_year_over(year_2026, persona, role, allowed):
    user = persona(role)
    if allowed:
        assert year_rollover(from_year=2026, actor=user).start_moments_created == 4
        return
    with nothing_written(StartMoment, PlacementPeriod, YearRollover), pytest.raises(NotAllowed):
        year_rollover(from_year=2026, actor=user)
    if user is not None:
        # The admin page refuses them too (403, or the admin's login page for non-staff).
        response = staff_client(user).get(ADD)
        assert response.status_code in (302, 403)


def test_the_admin_page_previews_then_creates(year_2026, programme_coordinator):
    client = staff_client(programme_coordinator)

    page = client.get(ADD, {"from_year": 2026})
    html = page.content.decode()
    assert page.status_code == 200
    assert html.count("Will be created") == 6
    assert "Create them for 2027-2028" in html
    assert (
        "Tuition fees to enter" in html
        and reverse("admin:programmes_pathway_change", args=[year_2026["biology"].pk]) in html
    )
    assert not StartMoment.objects.filter(starts_on__gte=D(2027, 9, 1)).exists()  # a preview writes nothing

    done = client.post(ADD, {"from_year": 2026, "confirm": "1"}, follow=True)
    assert done.redirect_chain[-1][0] == LIST
    assert "Created for 2027-2028: 4 start moments and 2 placement periods." in done.content.decode()
    assert YearRollover.objects.get().performed_by == programme_coordinator

    again = client.get(ADD, {"from_year": 2026}).content.decode()
    assert "Will be created" not in again and "there is nothing to create" in again
    assert "Create them for" not in again


def test_the_admin_page_is_in_dutch(year_2026, programme_coordinator):
    page = staff_client(programme_coordinator, "nl").get(ADD, {"from_year": 2026}).content.decode()
    with translation.override("nl"):
        assert gettext("Will be created") in page and gettext("Will be created") != "Will be created"


@pytest.mark.parametrize("value", ["", "1999", "abc", "3000"])
def test_a_bad_year_is_a_clear_error_and_changes_nothing(year_2026, programme_coordinator, value):
    client = staff_client(programme_coordinator)
    with nothing_written(StartMoment, PlacementPeriod, YearRollover):
        response = client.post(ADD, {"from_year": value, "confirm": "1"})
    assert response.status_code == 200
    html = response.content.decode()
    expected = "Choose the academic year to copy." if not value else "Choose one of the academic years in the list."
    assert expected in html


def test_the_list_shows_past_rollovers_and_cannot_change_them(year_2026, administrator):
    rollover = year_rollover(from_year=2026, actor=administrator)
    client = staff_client(administrator)
    page = client.get(LIST).content.decode()
    assert "2026-2027 → 2027-2028" in page
    change = reverse("admin:programmes_yearrollover_change", args=[rollover.pk])
    with nothing_written(rollover):
        client.post(change, {"from_year": 2020})
        client.post(reverse("admin:programmes_yearrollover_delete", args=[rollover.pk]), {"post": "yes"})
    assert YearRollover.objects.filter(pk=rollover.pk).exists()


@time_machine.travel(datetime.datetime(2026, 12, 7, 9, 0, tzinfo=datetime.UTC), tick=False)
def test_the_coordinators_dashboard_counts_routes_without_next_year_and_links_the_preview(year_2026, persona):
    client = staff_client(persona("programme_coordinator"))
    document = lxml.html.fromstring(client.get(reverse("core:dashboard")).content.decode())
    link = f"{ADD}?from_year=2026"
    item = document.xpath(f'//a[@href="{link}"]')
    assert item, "the attention item links the rollover's preview of this year"
    text = " ".join(item[0].getparent().text_content().split())
    assert "2 published routes with a start in 2026-2027 but none yet in 2027-2028" in text
    assert document.xpath(f'//a[@href="{ADD}"]'), "the card links the rollover"

    year_rollover(from_year=2026, actor=persona("administrator"))
    text = lxml.html.fromstring(client.get(reverse("core:dashboard")).content.decode()).xpath(f'//a[@href="{link}"]')
    assert "0 published routes" in " ".join(text[0].getparent().text_content().split())

    other = staff_client(persona("intake_officer")).get(reverse("core:dashboard")).content.decode()
    assert ADD not in other
