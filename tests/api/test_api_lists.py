"""The three big lists (/schools/, /pathways/, /applications/) are built from plain rows
(partnerships/api/lists.py, programmes/catalogue/api/lists.py, programmes/intake/api/lists.py).
Their JSON must stay what the serializers give for the same objects through the old path (the
viewset's queryset with its select_related/prefetch, serialized with the resource's serializer):
same keys, same order, same values, with every optional field filled and with them all empty, in
Dutch and in English. Their query count must not grow with the rows."""

import datetime

import pytest
from django.db import connection
from django.db.models import Prefetch
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.test import APIRequestFactory

from partnerships.api.serializers import SchoolSerializer
from partnerships.api.views import SchoolViewSet
from programmes.catalogue.api.serializers import PathwayListSerializer, today_in_amsterdam
from programmes.catalogue.models import Pathway, StartMoment
from programmes.intake.api.serializers import ApplicationSerializer
from programmes.intake.api.views import _with_details
from programmes.intake.models import AdmissionCondition, ApplicationStatus
from programmes.intake.selectors import application_list_for_user, sees_all_applications
from tests.api.conftest import api_client
from tests.factories import (
    AdmissionConditionFactory,
    ApplicationDocumentFactory,
    ApplicationFactory,
    ApplicationTransitionFactory,
    DeficiencyCourseFactory,
    EducationRegionFactory,
    ExemptionFactory,
    InformationRequestFactory,
    ModuleFactory,
    PathwayFactory,
    ProgrammeFactory,
    SchoolBoardFactory,
    SchoolFactory,
    SchoolSubjectFactory,
    StartMomentFactory,
    TrainingSchoolPartnershipFactory,
)

pytestmark = pytest.mark.django_db


def _json(data) -> bytes:
    """`data` as the API renders it: comparing these bytes compares keys, their order and values."""
    return JSONRenderer().render(data)


def _listed(client, name: str) -> list[dict]:
    response = client.get(reverse(name), {"page_size": 100})
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == len(body["results"])
    return body["results"]


# --- /api/v1/schools/ ----------------------------------------------------------------------------


def test_the_school_list_is_what_the_school_serializer_gives():
    region = EducationRegionFactory()
    full = SchoolFactory(
        board=SchoolBoardFactory(),
        region=region,
        offers_po=True,
        offers_vo=True,
        offers_mbo=True,
        education_structure="VBO/MAVO/HAVO/VWO",
        denomination="Protestants-Christelijk",
        street="Aalmarkt",
        house_number="5",
        postcode="2311 EC",
        city="Leiden",
        website="www.example.nl",
        onz_member=True,
    )
    full.partnership = TrainingSchoolPartnershipFactory(region=region, lead_school=full)
    full.save()
    empty = SchoolFactory(
        board=None,
        region=None,
        partnership=None,
        offers_vo=False,
        street="",
        house_number="",
        postcode="",
        city="",
        municipality="",
        municipality_code="",
    )

    listed = _listed(api_client(), "api:school-list")

    expected = SchoolSerializer(SchoolViewSet.queryset.all(), many=True).data
    assert [row["code"] for row in listed] == [row["code"] for row in expected]
    assert _json(listed) == _json(expected)
    by_code = {row["code"]: row for row in listed}
    assert list(by_code[full.code]) == SchoolSerializer.Meta.fields
    assert by_code[full.code]["sectors"] == ["PO", "VO", "MBO"]
    assert by_code[full.code]["address"] == "Aalmarkt 5, 2311 EC Leiden"
    assert by_code[full.code]["partnership"] == full.partnership.slug
    assert by_code[empty.code]["sectors"] == []
    assert by_code[empty.code]["address"] == ""
    assert (by_code[empty.code]["board"], by_code[empty.code]["region"]) == (None, None)
    assert by_code[empty.code]["partnership"] is None


def test_the_school_list_still_filters_and_orders():
    region = EducationRegionFactory()
    SchoolFactory(name="B", region=region)
    SchoolFactory(name="A", region=region)
    SchoolFactory(name="C")
    client = api_client()
    response = client.get(reverse("api:school-list"), {"region": region.slug})
    assert [row["name"] for row in response.json()["results"]] == ["A", "B"]
    response = client.get(reverse("api:school-list"), {"ordering": "-name"})
    assert [row["name"] for row in response.json()["results"]] == ["C", "B", "A"]


@pytest.mark.parametrize("rows", [1, 50])
def test_the_school_list_runs_a_fixed_number_of_queries(rows, django_assert_max_num_queries):
    SchoolFactory.create_batch(rows, board=SchoolBoardFactory(), region=EducationRegionFactory())
    client = api_client()
    with django_assert_max_num_queries(2):  # COUNT and the page
        response = client.get(reverse("api:school-list"), {"page_size": 100})
    assert response.json()["count"] == rows


# --- /api/v1/pathways/ ---------------------------------------------------------------------------


def _pathways_as_before(today: datetime.date):
    """The list's queryset before the rows: the pathways with what PathwayListSerializer reads."""
    coming = StartMoment.objects.filter(starts_on__gte=today).order_by("starts_on")
    return (
        Pathway.objects.published()
        .select_related("programme", "qualification")
        .prefetch_related("subjects", Prefetch("start_moments", queryset=coming))
        .order_by("order", "name_nl")
    )


@pytest.mark.parametrize("language", ["en", "nl"])
def test_the_pathway_list_is_what_the_list_serializer_gives(language):
    today = today_in_amsterdam()
    subjects = [SchoolSubjectFactory(order=2, name_nl="B"), SchoolSubjectFactory(order=1, name_nl="A")]
    full = PathwayFactory(subjects=subjects, order=1, requires_teaching_job=True, summary_en="In English.", start=False)
    StartMomentFactory(
        pathway=full, starts_on=today - datetime.timedelta(days=10), application_deadline=today - datetime.timedelta(50)
    )  # started: not listed
    StartMomentFactory(
        pathway=full, starts_on=today + datetime.timedelta(days=5), application_deadline=today - datetime.timedelta(1)
    )  # deadline passed
    StartMomentFactory(pathway=full, starts_on=today + datetime.timedelta(days=90), application_deadline=today)
    empty = PathwayFactory(
        programme=ProgrammeFactory(name_en=""),
        subjects=[],
        order=2,
        name_en="",
        summary_en="",
        start=False,
    )
    hidden = PathwayFactory(is_published=False)

    # Other published pathways may be there already (the session's seeded catalogue, see
    # tests/programmes/conftest.py): they are compared too.
    listed = _listed(api_client(language=language), "api:pathway-list")

    with translation.override(language):
        expected = PathwayListSerializer(_pathways_as_before(today), many=True, context={"today": today}).data
        assert _json(listed) == _json(expected)
    slugs = [row["slug"] for row in listed]
    assert hidden.slug not in slugs
    assert slugs.index(full.slug) < slugs.index(empty.slug)  # by order, then Dutch name
    full_row, empty_row = listed[slugs.index(full.slug)], listed[slugs.index(empty.slug)]
    assert list(full_row) == PathwayListSerializer.Meta.fields
    assert full_row["subjects"] == [subjects[1].slug, subjects[0].slug]
    assert [start["is_open"] for start in full_row["start_moments"]] == [False, True]
    assert full_row["name"] == (full.name_en if language == "en" else full.name_nl)
    assert empty_row["name"] == empty.name_nl  # no English name: the Dutch one
    assert empty_row["programme"]["name"] == empty.programme.name_nl
    assert (empty_row["subjects"], empty_row["start_moments"]) == ([], [])


def test_the_pathway_list_still_filters_and_searches():
    PathwayFactory(name_nl="Zzbiologie voltijd", name_en="Zzbiology full-time")
    PathwayFactory(name_nl="Zzgeschiedenis", name_en="Zzhistory")
    response = api_client().get(reverse("api:pathway-list"), {"search": "zzbiolog"})
    assert [row["name"] for row in response.json()["results"]] == ["Zzbiology full-time"]


@pytest.mark.parametrize("rows", [1, 50])
def test_the_pathway_list_runs_a_fixed_number_of_queries(rows, django_assert_max_num_queries):
    existing = Pathway.objects.published().count()  # the session's seeded catalogue, if loaded
    for _ in range(rows):
        PathwayFactory()
    client = api_client()
    with django_assert_max_num_queries(4):  # COUNT, the page, its subjects, its start moments
        response = client.get(reverse("api:pathway-list"), {"page_size": 100})
    assert response.json()["count"] == existing + rows


# --- /api/v1/applications/ -----------------------------------------------------------------------


def _full_application(applicant, status, *, officer=None):
    """An application with every optional field and collection filled."""
    now = timezone.now()
    application = ApplicationFactory(
        applicant=applicant,
        status=status,
        assigned_to=officer,
        submitted_at=now - datetime.timedelta(days=20),
        decided_at=now - datetime.timedelta(days=1),
        decision_explanation="Welkom.",
    )
    ApplicationDocumentFactory(application=application, original_name="cijferlijst.pdf")
    ApplicationTransitionFactory(application=application, actor=officer, reason="")
    ApplicationTransitionFactory(
        application=application,
        from_status=ApplicationStatus.SUBMITTED,
        to_status=ApplicationStatus.IN_REVIEW,
        actor=officer,
        reason="internal remark",
    )
    ApplicationTransitionFactory(
        application=application,
        from_status=ApplicationStatus.IN_REVIEW,
        to_status=ApplicationStatus.ADMITTED,
        actor=officer,
        reason="Welkom.",
    )
    InformationRequestFactory(application=application)
    InformationRequestFactory(application=application, answered_at=now)
    AdmissionConditionFactory(
        application=application,
        kind=AdmissionCondition.Kind.DEFICIENCY_COURSE,
        deficiency_course=DeficiencyCourseFactory(),
        due_on=timezone.localdate() + datetime.timedelta(days=60),
    )
    AdmissionConditionFactory(application=application, kind=AdmissionCondition.Kind.OTHER, description="Een eis")
    AdmissionConditionFactory(application=application)
    ExemptionFactory(application=application, module=ModuleFactory(pathway=application.pathway, name_en="Module EN"))
    ExemptionFactory(application=application)
    return application


def _empty_application(applicant):
    """An application with every optional field empty: no subject, officer, dates or collections."""
    return ApplicationFactory(applicant=applicant, subject=None, complete=False)


def _applications_as_before(user, language: str) -> bytes:
    """The list as ApplicationSerializer wrote it: the viewset's old queryset (the selector with
    the prefetches), in a list (no allowed transitions)."""
    request = Request(APIRequestFactory().get(reverse("api:application-list")))
    request.user = user
    applications = _with_details(application_list_for_user(user=user), user=user)
    context = {"request": request, "sees_all": sees_all_applications(user), "with_transitions": False}
    with translation.override(language):
        return _json(ApplicationSerializer(applications, many=True, context=context).data)


@pytest.mark.parametrize("language", ["en", "nl"])
@pytest.mark.parametrize("persona_name", ["intake_officer", "applicant"])
def test_the_application_list_is_what_the_serializer_gives(persona_name, language, persona, intake_officer):
    user = persona(persona_name)
    owner = user if persona_name == "applicant" else None
    in_review = _full_application(owner, ApplicationStatus.IN_REVIEW, officer=intake_officer)
    admitted = _full_application(owner, ApplicationStatus.ADMITTED, officer=intake_officer)
    enrolled = _full_application(owner, ApplicationStatus.ENROLLED, officer=intake_officer)
    empty = _empty_application(owner)
    if owner is not None:
        _full_application(None, ApplicationStatus.ADMITTED)  # another applicant's: not listed

    listed = _listed(api_client(user, language=language), "api:application-list")

    assert _json(listed) == _applications_as_before(user, language)
    by_id = {row["id"]: row for row in listed}
    assert set(by_id) == {in_review.pk, admitted.pk, enrolled.pk, empty.pk}
    assert list(by_id[admitted.pk]) == ApplicationSerializer.Meta.fields
    assert by_id[admitted.pk]["open_information_requests"] == 1
    assert len(by_id[admitted.pk]["conditions"]) == 3
    assert len(by_id[enrolled.pk]["exemptions"]) == 2  # enrolled counts as decided
    assert by_id[admitted.pk]["allowed_transitions"] is None
    assert by_id[empty.pk]["subject"] is None
    assert (by_id[empty.pk]["documents"], by_id[empty.pk]["timeline"]) == ([], [])
    if persona_name == "applicant":
        assert by_id[in_review.pk]["conditions"] == []  # not before the decision
        assert by_id[in_review.pk]["exemptions"] == []
        assert by_id[in_review.pk]["applicant"] is None
        assert by_id[in_review.pk]["assigned_to"] is None
        assert [entry["reason"] for entry in by_id[admitted.pk]["timeline"]] == ["", "", "Welkom."]
        assert {entry["actor"] for entry in by_id[admitted.pk]["timeline"]} == {None}
    else:
        assert len(by_id[in_review.pk]["conditions"]) == 3
        assert by_id[in_review.pk]["applicant"] == {
            "email": None,
            "first_name": in_review.first_name,
            "last_name": in_review.last_name,
        }
        assert by_id[in_review.pk]["assigned_to"]["id"] == intake_officer.pk
        assert by_id[admitted.pk]["timeline"][1]["reason"] == "internal remark"
        assert by_id[admitted.pk]["timeline"][1]["actor"]["id"] == intake_officer.pk


def test_the_application_list_still_filters_and_orders(intake_officer):
    now = timezone.now()
    older = ApplicationFactory(status=ApplicationStatus.SUBMITTED, submitted_at=now - datetime.timedelta(days=2))
    newer = ApplicationFactory(status=ApplicationStatus.SUBMITTED, submitted_at=now - datetime.timedelta(days=1))
    ApplicationFactory(status=ApplicationStatus.DRAFT)
    client = api_client(intake_officer)
    response = client.get(reverse("api:application-list"), {"status": "submitted", "ordering": "submitted_at"})
    assert [row["id"] for row in response.json()["results"]] == [older.pk, newer.pk]
    response = client.get(reverse("api:application-list"), {"status": "submitted", "page_size": 1, "page": 2})
    assert response.json()["count"] == 2
    assert [row["id"] for row in response.json()["results"]] == [older.pk]  # newest first


@pytest.mark.parametrize("rows", [1, 50])
def test_the_application_list_runs_a_fixed_number_of_queries(rows, persona, django_assert_max_num_queries):
    officer = persona("intake_officer")
    client = api_client(officer)
    client.get(reverse("api:me"))  # the token's first use writes last_used_at once
    for _ in range(rows):
        _full_application(None, ApplicationStatus.ADMITTED, officer=officer)
    with CaptureQueriesContext(connection) as auth:
        client.get(reverse("api:me"))
    # Authentication, then: COUNT, the page's ids, its rows, open requests, documents,
    # transitions, conditions, exemptions.
    with django_assert_max_num_queries(len(auth) + 8):
        response = client.get(reverse("api:application-list"), {"page_size": 100})
    assert response.json()["count"] == rows
