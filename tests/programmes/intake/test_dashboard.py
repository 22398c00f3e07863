"""The intake dashboard: its numbers, filters, charts, who may see it, and its query count."""

import datetime

import lxml.html
import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from programmes.intake.dashboard import intake_dashboard
from programmes.models import Application, ApplicationStatus, ApplicationTransition
from tests.factories import (
    ApplicationFactory,
    PathwayFactory,
    SchoolSubjectFactory,
    StartMomentFactory,
)

pytestmark = pytest.mark.django_db

S = ApplicationStatus
URL = "admin:programmes_application_dashboard"
TODAY = datetime.date(2026, 3, 1)


@pytest.fixture
def client():
    return Client(headers={"accept-language": "en"})


@pytest.fixture
def intake():
    """Two routes: biology (one start in April, deadline in two weeks) and history (a start in
    September, deadline far ahead), with applications in several statuses."""
    biology = SchoolSubjectFactory(name_en="Biology", name_nl="Biologie")
    history = SchoolSubjectFactory(name_en="History", name_nl="Geschiedenis")
    first = PathwayFactory(subjects=[biology], start=False, name_en="Master Biology", name_nl="Master Biologie")
    second = PathwayFactory(subjects=[history], start=False, name_en="Master History", name_nl="Master Geschiedenis")
    soon = StartMomentFactory(
        pathway=first, starts_on=datetime.date(2026, 4, 1), application_deadline=TODAY + datetime.timedelta(days=14)
    )
    later = StartMomentFactory(
        pathway=second, starts_on=datetime.date(2026, 9, 1), application_deadline=TODAY + datetime.timedelta(days=90)
    )
    now = timezone.now()

    def make(moment, status, count, **fields):
        return [
            ApplicationFactory(pathway=moment.pathway, start_moment=moment, status=status, complete=False, **fields)
            for _ in range(count)
        ]

    make(soon, S.DRAFT, 3)
    make(soon, S.SUBMITTED, 2, submitted_at=now)
    reviewed = make(soon, S.IN_REVIEW, 1, submitted_at=now)
    make(soon, S.ADMITTED, 1, submitted_at=now, decided_at=now)
    make(later, S.REJECTED, 1, submitted_at=now, decided_at=now)
    make(later, S.ENROLLED, 1, submitted_at=now, decided_at=now, enrolled_at=now)
    withdrawn = make(later, S.WITHDRAWN, 1, submitted_at=now, withdrawn_at=now)
    # Withdrawn after the review started: it reached "in review" in the funnel.
    ApplicationTransition.objects.create(application=withdrawn[0], from_status=S.SUBMITTED, to_status=S.IN_REVIEW)
    ApplicationTransition.objects.create(application=reviewed[0], from_status=S.SUBMITTED, to_status=S.IN_REVIEW)
    return {"soon": soon, "later": later, "biology": biology, "history": history}


def test_counts_by_status_and_the_funnel(intake, intake_officer):
    data = intake_dashboard(user=intake_officer, today=TODAY)

    by_status = {value: count for _label, count, value in data["by_status"]}
    assert data["total"] == 10
    assert by_status[S.DRAFT] == 3
    assert by_status[S.SUBMITTED] == 2
    assert by_status[S.ENROLLED] == 1
    assert by_status[S.APTITUDE_ASSESSMENT] == 0
    assert data["funnel_counts"] == {
        "started": 10,
        "submitted": 7,
        # in review, admitted, rejected, enrolled, and the one withdrawn after its review began
        "reviewed": 5,
        "decided": 3,
        "admitted": 2,
        "enrolled": 1,
    }
    assert [bar.value for bar in data["funnel"].bars] == [10, 7, 5, 3, 1]
    assert data["funnel"].bars[0].percent == 100.0


def test_counts_by_subject_pathway_and_start(intake, intake_officer):
    with translation.override("nl"):
        data = intake_dashboard(user=intake_officer, today=TODAY)

    subjects = {row["name"]: row for row in data["by_subject"]}
    assert subjects["Biologie"]["drafts"] == 3  # in the active language
    assert subjects["Biologie"]["submitted"] == 4
    assert subjects["Biologie"]["admitted"] == 1
    assert subjects["Geschiedenis"]["admitted"] == 1
    assert {row["name"]: row["total"] for row in data["by_pathway"]} == {
        "Master Biologie": 7,
        "Master Geschiedenis": 3,
    }
    assert {row["start_moment__starts_on"]: row["total"] for row in data["by_start"]} == {
        datetime.date(2026, 4, 1): 7,
        datetime.date(2026, 9, 1): 3,
    }


def test_deadlines_ahead_show_the_next_60_days_with_drafts_and_submitted(intake, intake_officer):
    data = intake_dashboard(user=intake_officer, today=TODAY)

    assert [moment.pk for moment in data["deadlines"]] == [intake["soon"].pk]
    soon = data["deadlines"][0]
    assert (soon.drafts, soon.submitted, soon.days_left) == (3, 4, 14)


def test_filter_by_start_moment_and_by_round(intake, intake_officer):
    by_moment = intake_dashboard(user=intake_officer, start_moment=intake["later"], today=TODAY)
    by_round = intake_dashboard(user=intake_officer, starts_on=datetime.date(2026, 4, 1), today=TODAY)

    assert by_moment["total"] == 3
    assert by_round["total"] == 7
    assert by_moment["deadlines"]  # the deadlines ahead are never filtered away


def test_dashboard_page_shows_the_numbers_and_accessible_charts(client, intake_officer, intake):
    client.force_login(intake_officer)

    response = client.get(reverse(URL))

    assert response.status_code == 200
    page = response.content.decode()
    document = lxml.html.fromstring(page)
    charts = document.xpath("//svg[@role='img']")
    assert len(charts) == 2
    for chart in charts:
        labelled_by = chart.get("aria-labelledby").split()
        assert all(document.get_element_by_id(ident) is not None for ident in labelled_by)
    assert "Biology: 4" in page  # the subject chart's text, in the page's language
    assert "Master Biology" in page
    # The CSP has no 'unsafe-inline': no style attributes anywhere in what the page adds.
    content = document.get_element_by_id("content-main")
    assert not content.xpath(".//*[@style]")


def test_dashboard_filter_form_narrows_the_numbers(client, intake_officer, intake):
    client.force_login(intake_officer)

    response = client.get(reverse(URL), {"start_moment": intake["later"].pk})

    assert response.context["total"] == 3
    assert response.context["filtered"]


def test_dashboard_refuses_a_start_moment_not_in_the_list(client, intake_officer, intake):
    client.force_login(intake_officer)

    response = client.get(reverse(URL), {"start_moment": "999999"})

    assert response.status_code == 200
    assert response.context["total"] == 10
    assert "Choose one of the start moments" in response.content.decode()


@pytest.mark.parametrize(
    ("persona_name", "status"),
    [
        ("intake_officer", 200),
        ("programme_coordinator", 200),
        ("administrator", 200),
        ("researcher", 403),
        ("professionalisation_coordinator", 403),
    ],
)
def test_dashboard_is_for_staff_who_may_view_applications(client, persona, persona_name, status, intake):
    client.force_login(persona(persona_name))

    response = client.get(reverse(URL))

    assert response.status_code == status
    page = response.content.decode()
    if status == 200:
        assert "Master Biology" in page and "Biology: 4" in page
    else:
        assert "Master Biology" not in page and "Biology: 4" not in page


def test_anonymous_visitor_is_sent_to_the_admin_login(client):
    response = client.get(reverse(URL))

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('admin:login')}?next={reverse(URL)}"


def test_admin_index_links_to_the_dashboard_for_intake_staff_only(client, intake_officer, researcher):
    client.force_login(intake_officer)
    assert reverse(URL) in client.get(reverse("admin:index")).content.decode()

    client.force_login(researcher)
    assert reverse(URL) not in client.get(reverse("admin:index")).content.decode()


def _bulk(count: int):
    pathway = PathwayFactory(start=False)
    moment = StartMomentFactory(
        pathway=pathway, application_deadline=timezone.localdate() + datetime.timedelta(days=10)
    )
    Application.objects.bulk_create(
        Application(
            pathway=pathway,
            start_moment=moment,
            subject=pathway.subjects.first(),
            status=S.values[n % len(S.values)],
            submitted_at=timezone.now() if n % 2 else None,
        )
        for n in range(count)
    )
    return moment


@pytest.mark.parametrize("count", [1, 500])
def test_dashboard_runs_a_fixed_number_of_queries(client, intake_officer, django_assert_max_num_queries, count):
    moment = _bulk(count)
    client.force_login(intake_officer)

    with django_assert_max_num_queries(14):
        assert client.get(reverse(URL)).status_code == 200
    with django_assert_max_num_queries(14):
        assert client.get(reverse(URL), {"start_moment": moment.pk}).status_code == 200


def test_the_numbers_are_those_of_the_applications_the_user_sees(intake, applicant):
    """The dashboard aggregates what the selector lets the user see: an applicant's own (none here),
    never the whole intake, and no deadline counts of other people's applications."""
    data = intake_dashboard(user=applicant, today=TODAY)
    assert data["total"] == 0
    assert data["funnel_counts"]["started"] == 0
    assert [(moment.drafts, moment.submitted) for moment in data["deadlines"]] == [(0, 0)]
