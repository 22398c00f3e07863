"""The pages and the API of matching runs: who may open and use them (every role), what the run's
page shows (pairs, reasons in the reader's language, the unassigned with why, the outcome after
applying), the actions through the services, a fixed number of queries at 1 and 50 rows, the
coordinator's home page links and count, the admin, and the demo data."""

import datetime
import io

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django_scopes import scopes_disabled

from programmes.matchruns import navigation, services
from programmes.matchruns.demo import seed_demo
from programmes.matchruns.models import ConstraintKind, Decision, MatchingConstraint, MatchingProposal, MatchingRun
from programmes.models import ApplicationStatus, Placement, PlacementOffer, PlacementWish
from programmes.placements.scale import coming_period
from tests.api.conftest import api_client
from tests.factories import ApplicationFactory, PathwayFactory, SchoolFactory, SchoolSubjectFactory, UserFactory
from tests.factories.matchruns import MatchingConstraintFactory, MatchingProposalFactory, MatchingRunFactory
from tests.factories.partnerships import SchoolMembershipFactory
from tests.factories.placements import PlacementOfferFactory, PlacementPeriodFactory
from tests.factories.programmes import StartMomentFactory
from tests.utils import nothing_written

pytestmark = pytest.mark.django_db

LIST = reverse("matchruns:list")
API = reverse("api:matching-run-list")

ROLES = [
    ("anonymous", False),
    ("applicant", False),
    ("outsider", False),
    ("school_a_contact", False),
    ("lead_school_contact", False),
    ("intake_officer", False),
    ("programme_coordinator", False),
    ("professionalisation_coordinator", False),
    ("researcher", False),
    ("placement_coordinator", True),
    ("administrator", True),
]


@pytest.fixture
def subject():
    return SchoolSubjectFactory(slug="wiskunde", name_nl="Wiskunde", name_en="Mathematics")


@pytest.fixture
def period():
    return PlacementPeriodFactory(slug="2030-s1")


@pytest.fixture
def run(placement_coordinator, period, subject):
    """A computed draft run: Anna (Leiden) and Bart (Delft), an offer in each town, one for nobody."""
    pathway = PathwayFactory(subjects=[subject])
    for city, name in (("Leiden", "Anna"), ("Delft", "Bart")):
        PlacementOfferFactory(
            period=period, subject=subject, places=1, school=SchoolFactory(city=city, municipality=city)
        )
        ApplicationFactory(
            pathway=pathway,
            subject=subject,
            status=ApplicationStatus.ADMITTED,
            complete=False,
            city=city,
            first_name=name,
        )
    other = SchoolSubjectFactory()
    ApplicationFactory(
        pathway=PathwayFactory(subjects=[other]), subject=other, status=ApplicationStatus.ADMITTED, complete=False
    )
    return services.matching_run_create(period=period, subject=None, actor=placement_coordinator)


def client_for(user):
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def detail(run):
    return reverse("matchruns:detail", args=[run.pk])


# Pages -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("role, allowed", ROLES)
def test_who_may_open_the_pages(persona, run, role, allowed):
    user = persona(role)
    client = client_for(user)
    apply = reverse("matchruns:apply", args=[run.pk])
    for url, shown in ((LIST, f'href="{detail(run)}"'), (detail(run), f'action="{apply}"')):
        response = client.get(url)
        if user is None:
            assert response.status_code == 302 and response["Location"].startswith(reverse("account_login"))
        else:
            assert response.status_code == (200 if allowed else 403)
            assert (shown in response.content.decode()) == allowed


@pytest.mark.parametrize("role, allowed", ROLES)
def test_who_may_act_on_a_run(persona, run, role, allowed):
    client = client_for(persona(role))
    proposal = MatchingProposal.objects.filter(run=run).first()
    posts = [
        (LIST, {"period": run.period_id}),
        (reverse("matchruns:decide", args=[run.pk]), {"proposal": proposal.pk, "decision": "accept"}),
        (
            reverse("matchruns:constraint-set", args=[run.pk]),
            {"trainee": proposal.trainee_id, "offer": proposal.offer_id, "kind": "forbid"},
        ),
        (reverse("matchruns:rerun", args=[run.pk]), {}),
        (reverse("matchruns:apply", args=[run.pk]), {}),
    ]
    if allowed:
        return  # the actions themselves are tested below
    for url, data in posts:
        with nothing_written(MatchingRun), nothing_written(MatchingProposal), nothing_written(MatchingConstraint):
            response = client.post(url, data)
        assert response.status_code in (302, 403)
        if response.status_code == 302:
            assert response["Location"].startswith(reverse("account_login"))
    assert not Placement.objects.unscoped().exists()


def test_the_run_page_shows_pairs_reasons_and_the_unassigned(client, placement_coordinator, run):
    client.force_login(placement_coordinator)
    with translation.override("en"):
        page = client.get(detail(run), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Teaches Mathematics, the trainee&#x27;s subject" in page or "Teaches Mathematics" in page
    assert "In Leiden, where the trainee lives" in page
    assert "No open offer with a free place teaches this trainee" in page
    assert f"<strong>{run.total_score}</strong>" in page
    assert 'class="table-wrap"' in page and "Yes, apply the accepted pairs" in page
    with translation.override("nl"):
        dutch = client.get(detail(run), HTTP_ACCEPT_LANGUAGE="nl").content.decode()
    assert "Teaches Mathematics" not in dutch


def test_the_pages_make_a_run_and_act_through_the_services(client, placement_coordinator, period):
    client.force_login(placement_coordinator)
    response = client.post(LIST, {"period": period.pk})
    run = MatchingRun.objects.get()
    assert response.status_code == 302 and response["Location"] == detail(run)
    refused = client.post(LIST, {"period": ""})
    assert refused.status_code == 400 and MatchingRun.objects.count() == 1
    assert refused.context["form"].errors["period"]


def test_decide_pin_forbid_rerun_and_apply_on_the_page(client, placement_coordinator, run):
    client.force_login(placement_coordinator)
    anna = MatchingProposal.objects.get(run=run, trainee__first_name="Anna")
    bart = MatchingProposal.objects.get(run=run, trainee__first_name="Bart")
    decide = reverse("matchruns:decide", args=[run.pk])
    client.post(decide, {"proposal": anna.pk, "decision": "reject"})
    assert MatchingProposal.objects.get(pk=anna.pk).decision == Decision.REJECTED
    client.post(
        reverse("matchruns:constraint-set", args=[run.pk]),
        {"trainee": bart.trainee_id, "offer": bart.offer_id, "kind": "pin"},
    )
    assert MatchingConstraint.objects.get(run=run).kind == ConstraintKind.PIN
    assert MatchingProposal.objects.get(run=run, trainee=bart.trainee).pinned
    client.post(reverse("matchruns:rerun", args=[run.pk]))
    client.post(decide, {"all": "1", "decision": "accept"})
    assert not MatchingProposal.objects.filter(run=run, decision=Decision.PROPOSED).exists()
    response = client.post(reverse("matchruns:apply", args=[run.pk]))
    assert response.status_code == 302
    assert Placement.objects.unscoped().filter(trainee=bart.trainee).exists()
    assert not Placement.objects.unscoped().filter(trainee=anna.trainee).exists()
    page = client.get(detail(run)).content.decode()
    assert "Yes, apply the accepted pairs" not in page
    again = client.post(reverse("matchruns:apply", args=[run.pk]), follow=True)
    assert Placement.objects.unscoped().count() == 1 and again.status_code == 200
    constraint = MatchingConstraint.objects.get(run=run)
    assert client.post(reverse("matchruns:constraint-remove", args=[run.pk, constraint.pk])).status_code == 302
    assert MatchingConstraint.objects.filter(pk=constraint.pk).exists()  # the run is applied: refused


def test_actions_are_post_only(client, placement_coordinator, run):
    client.force_login(placement_coordinator)
    for name in ("rerun", "apply", "decide", "constraint-set"):
        response = client.get(reverse(f"matchruns:{name}", args=[run.pk]))
        assert response.status_code == 405 and response["Allow"] == "POST"


def _runs(count, period, user):
    runs = MatchingRunFactory.create_batch(count, period=period, created_by=user)
    for run in runs[:3]:
        MatchingProposalFactory.create_batch(2, run=run)
    return runs


@pytest.mark.parametrize("count", [1, 50])
def test_the_runs_list_runs_a_fixed_number_of_queries(
    client, placement_coordinator, period, count, django_assert_max_num_queries
):
    _runs(count, period, placement_coordinator)
    client.force_login(placement_coordinator)
    with django_assert_max_num_queries(16):
        response = client.get(LIST)
    assert len(response.context["runs"]) == min(count, 25)


@pytest.mark.parametrize("count", [1, 50])
def test_the_run_page_runs_a_fixed_number_of_queries(
    client, placement_coordinator, period, count, django_assert_max_num_queries
):
    run = MatchingRunFactory(period=period, created_by=placement_coordinator)
    proposals = MatchingProposalFactory.create_batch(count, run=run)
    MatchingConstraintFactory(run=run, trainee=proposals[0].trainee, offer=proposals[0].offer)
    client.force_login(placement_coordinator)
    with django_assert_max_num_queries(18):
        response = client.get(detail(run))
    assert len(response.context["rows"]) == count


# Home page ---------------------------------------------------------------------------------------------


def test_the_coordinators_home_links_the_runs_and_counts_drafts(rf, placement_coordinator, intake_officer, run):
    request = rf.get("/")
    request.user = placement_coordinator
    with translation.override("en"):
        items = navigation.attention_items(request)
        assert [(item.count, item.url) for item in items] == [(1, f"{LIST}?status=draft")]
        assert navigation.dashboard_cards(request)[0].links == [("Matching runs", LIST)]
    request.user = intake_officer
    assert navigation.attention_items(request) == [] and navigation.dashboard_cards(request) == []


def test_the_home_page_shows_the_link(client, placement_coordinator, run):
    client.force_login(placement_coordinator)
    home = client.get(reverse("core:dashboard"), headers={"accept-language": "en"}).content.decode()
    assert f'href="{LIST}"' in home and f'href="{LIST}?status=draft"' in home
    assert [r.pk for r in client.get(LIST, {"status": "draft"}).context["runs"]] == [run.pk]
    assert client.get(LIST, {"status": "applied"}).context["runs"] == []


# API -----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("role, allowed", ROLES)
def test_who_may_use_the_api(persona, run, role, allowed):
    user = persona(role)
    client = api_client(user)
    listed = client.get(API)
    if user is None:
        assert listed.status_code == 401
        return
    assert [row["id"] for row in listed.json()["results"]] == ([run.pk] if allowed else [])
    one = client.get(reverse("api:matching-run-detail", args=[run.pk]))
    assert one.status_code == (200 if allowed else 404)
    if not allowed:
        with nothing_written(MatchingRun):
            created = client.post(API, {"period": run.period.slug}, format="json")
        assert created.status_code == 403
        for name in ("rerun", "apply"):
            assert client.post(reverse(f"api:matching-run-{name}", args=[run.pk]), format="json").status_code == 404


def test_the_api_runs_the_whole_flow(placement_coordinator, period, run):
    client = api_client(placement_coordinator)
    body = client.get(reverse("api:matching-run-detail", args=[run.pk])).json()
    assert body["total_score"] == run.total_score and len(body["proposals"]) == 2
    assert body["unassigned"][0]["reason"] == "no_offer"
    assert "In Leiden, where the trainee lives" in sum((p["reasons"] for p in body["proposals"]), [])
    anna = next(p for p in body["proposals"] if "Leiden" in str(p["reasons"]))
    url = lambda name: reverse(f"api:matching-run-{name}", args=[run.pk])  # noqa: E731
    forbid = client.post(
        url("constraints"), {"trainee": anna["trainee"], "offer": anna["offer"], "kind": "forbid"}, format="json"
    )
    assert forbid.status_code == 200 and forbid.json()["constraints"][0]["kind"] == "forbid"
    assert anna["trainee"] not in [p["trainee"] for p in forbid.json()["proposals"] if p["offer"] == anna["offer"]]
    bad = client.post(
        url("constraints"), {"trainee": anna["trainee"], "offer": anna["offer"], "kind": "x"}, format="json"
    )
    assert bad.status_code == 400 and "kind" in bad.json()["errors"]
    removed = client.post(
        url("remove-constraint"), {"constraint": forbid.json()["constraints"][0]["id"]}, format="json"
    )
    assert removed.status_code == 200 and removed.json()["constraints"] == []
    assert client.post(url("rerun"), format="json").json()["status"] == "draft"
    ids = [p["id"] for p in client.get(url("detail")).json()["proposals"]]
    decided = client.post(url("decide"), {"proposals": ids[:1], "accepted": True}, format="json")
    assert [p["decision"] for p in decided.json()["proposals"]].count("accepted") == 1
    assert client.post(url("decide"), {"accepted": True}, format="json").status_code == 400
    applied = client.post(url("apply"), format="json")
    assert applied.status_code == 200 and applied.json()["status"] == "applied"
    assert sum(1 for p in applied.json()["proposals"] if p["placement"]) == 1
    again = client.post(url("apply"), format="json")
    assert again.status_code == 409
    created = client.post(API, {"period": period.slug}, format="json")
    assert created.status_code == 201 and created.json()["status"] == "draft"
    assert client.post(API, {"period": "nope"}, format="json").status_code == 400


@pytest.mark.parametrize("count", [1, 50])
def test_the_api_runs_a_fixed_number_of_queries(placement_coordinator, period, count, django_assert_max_num_queries):
    runs = _runs(count, period, placement_coordinator)
    run = runs[0]
    MatchingProposalFactory.create_batch(count, run=run)
    client = api_client(placement_coordinator)
    with django_assert_max_num_queries(12):
        listed = client.get(API)
    assert listed.json()["count"] == count
    with django_assert_max_num_queries(14):
        one = client.get(reverse("api:matching-run-detail", args=[run.pk]))
    assert len(one.json()["proposals"]) == MatchingProposal.objects.filter(run=run).count()


# Admin and demo ---------------------------------------------------------------------------------------


def test_the_admin_shows_runs_and_constraints(client, administrator, run):
    MatchingConstraintFactory(run=run, trainee=MatchingProposal.objects.filter(run=run).first().trainee)
    client.force_login(administrator)
    page = client.get(reverse("admin:programmes_matchingrun_change", args=[run.pk]))
    assert page.status_code == 200 and "Leiden" in page.content.decode()
    listing = client.get(reverse("admin:programmes_matchingconstraint_changelist"))
    assert listing.status_code == 200 and "result_list" in listing.content.decode()


def test_the_demo_runs_the_matching_for_the_period_its_trainees_need_and_seeds_once(placement_coordinator, subject):
    """The demo's trainees start after the coming period: the run is for the semester after it,
    which gets the demo school's offers again and a few placement wishes; twice makes nothing more."""
    placement_coordinator.email = "stages@example.org"
    placement_coordinator.save()
    school = SchoolFactory(city="Leiden", municipality="Leiden")
    SchoolMembershipFactory(user=UserFactory(email="schoolcontact@example.org"), school=school)
    coming = coming_period()
    following = coming_period(coming.ends_on + datetime.timedelta(days=1))
    PlacementOfferFactory(period=coming, school=school, subject=subject, places=2, days_available=["tue", "wed"])
    pathway = PathwayFactory(subjects=[subject])
    start = StartMomentFactory(pathway=pathway, starts_on=following.starts_on)
    trainees = [
        ApplicationFactory(
            pathway=pathway, subject=subject, start_moment=start, status=ApplicationStatus.ADMITTED, complete=False
        )
        for _ in range(3)
    ]
    out = io.StringIO()

    seed_demo(out, None)
    seed_demo(out, None)

    with scopes_disabled():  # scope: the demo's rows of every school, as seed_demo reads them
        run = MatchingRun.objects.get(created_by=placement_coordinator)
        assert run.period == following
        again = PlacementOffer.objects.get(period=following, school=school, subject=subject)
        assert (again.places, again.days_available) == (2, ["tue", "wed"])
        proposed = set(run.proposals.values_list("trainee_id", flat=True))
        assert len(proposed) == 2 and proposed <= {trainee.pk for trainee in trainees}  # two places for three
        assert PlacementWish.objects.filter(trainee__in=trainees).count() == 3
    assert "Matching runs: a draft run" in out.getvalue()
    assert "the draft run" in out.getvalue() and "0 offers and 0 placement wishes made now" in out.getvalue()
