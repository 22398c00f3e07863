"""Schema fuzzing: schemathesis sends generated requests (valid and invalid) to every operation of
the OpenAPI schema, through the real WSGI application, as a staff member with a token and
anonymously. No answer may be a server error, and every answer must be one the schema documents,
with the documented content type, headers and body.

Each operation runs a small, derandomised number of examples, so that the file stays fast and a
failure can be reproduced."""

import datetime

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.utils import timezone
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from partnerships.models import SchoolRole
from professionalisation.credentials import services as credential_services
from professionalisation.outreach.models.visits import VISIT_ZONE, VisitStatus
from tests.api.conftest import token_for
from tests.factories import (
    AllianceFactory,
    InstitutionFactory,
    SchoolFactory,
    SchoolMembershipFactory,
    TrainingSchoolPartnershipFactory,
    UserFactory,
)
from tests.factories.professionalisation import RegistrationFactory, WaitingListEntryFactory
from tests.factories.professionalisation_completion import AttendanceFactory, CertificateFactory, past_session
from tests.factories.professionalisation_credentials import CompletionFactory as CredentialCompletionFactory
from tests.factories.professionalisation_outreach_pal import PalHoursFactory, PalStudentFactory
from tests.factories.professionalisation_outreach_visits import ResearcherProfileFactory, VisitRequestFactory
from tests.factories.research import (
    ProjectMemberFactory,
    ProjectOutputFactory,
    PublicationAuthorFactory,
    ResearcherFactory,
    ResearchProjectFactory,
)
from tests.factories.research_coordination import SupportRequestFactory

# The schema is read from the application itself, as a client would read it.
schema = schemathesis.openapi.from_wsgi("/api/v1/schema/?format=json", WSGIHandler())

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]

FUZZ = settings(
    max_examples=20,
    deadline=None,
    derandomize=True,  # the same examples on every run: a failure in CI reproduces locally
    database=None,  # no .hypothesis/ folder in the project
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.filter_too_much,
        HealthCheck.data_too_large,
        HealthCheck.function_scoped_fixture,
    ],
)


@pytest.fixture
def wsgi_in_test_transaction(db):
    """Requests through the bare WSGI handler start and end with close_old_connections, which
    closes a connection inside a transaction (PostgreSQL; SQLite keeps an in-memory database
    open), and with it the test's transaction. Django's test client disconnects that handler
    for its requests; so does this fixture, for schemathesis' requests."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def world(wsgi_in_test_transaction):
    """Rows for the generated requests to find, including the awkward ones: a school without
    board, region or partnership, a partnership without lead school, an ended membership."""
    partnership = TrainingSchoolPartnershipFactory(slug="os-leiden")
    school = SchoolFactory(partnership=partnership, region=partnership.region, offers_po=True)
    SchoolFactory(board=None, region=None, offers_vo=False, offers_mbo=True)
    TrainingSchoolPartnershipFactory(lead_school=None, region=None, accredited_until=None)
    alliance = AllianceFactory()
    alliance.institutions.add(InstitutionFactory(short_name="", city=""))
    alliance.regions.add(partnership.region)
    memberships = [
        SchoolMembershipFactory(school=school, role=SchoolRole.WORKPLACE_MENTOR),
        SchoolMembershipFactory(school=partnership.lead_school, active_until="2099-12-31"),
    ]
    UserFactory(email="bestaand@example.org")
    return {
        "slug": partnership.slug,
        "code": school.code,
        "number": school.board.number,
        "id": memberships[0].pk,
        "emails": ["bestaand@example.org", memberships[0].user.email],
        **_merged(
            professional_development_rows(school), outreach_rows(school), research_rows(school), coordination_rows()
        ),
    }


def _merged(*parts: dict) -> dict:
    return {key: {k: v for part in parts for k, v in part[key].items()} for key in ("paths", "bodies")}


def professional_development_rows(school) -> dict:
    """A registration (for a school, with an attendance mark at a held meeting), a place on a
    waiting list, a certificate (and a revoked one) and a signed microcredential, so that the
    professional-development endpoints answer with real rows, nullable fields filled and empty,
    and not only with 404. Their ids differ per table, so they are given per path."""
    held = past_session(meetings=2)
    registration = RegistrationFactory(session=held, school=school)
    mark = AttendanceFactory(registration=registration, meeting=held.meetings.first(), present=False)
    open_session = RegistrationFactory(school=None).session
    entry = WaitingListEntryFactory(session=None, activity=open_session.activity)
    certificate = CertificateFactory(completion__registration=registration)
    CertificateFactory(revoked_at=mark.updated_at, revoke_reason="Corrected.")
    credential = credential_services.microcredential_issue(completion=CredentialCompletionFactory())
    return {
        "paths": {
            "/api/v1/registrations/{id}/": {"id": registration.pk},
            "/api/v1/registrations/{id}/cancel/": {"id": registration.pk},
            "/api/v1/waiting-list/{id}/": {"id": entry.pk},
            "/api/v1/waiting-list/{id}/leave/": {"id": entry.pk},
            "/api/v1/waiting-list/{id}/accept/": {"id": entry.pk},
            "/api/v1/waiting-list/{id}/decline/": {"id": entry.pk},
            "/api/v1/attendance/{id}/": {"id": mark.pk},
            "/api/v1/certificates/{id}/": {"id": certificate.pk},
            "/api/v1/credentials/{uuid}/": {"uuid": str(credential.uuid)},
        },
        "bodies": {
            "/api/v1/registrations/": {"session": open_session.pk},
            "/api/v1/waiting-list/": {"activity": entry.activity.slug},
            "/api/v1/attendance/": {"meeting": mark.meeting_id, "registration": registration.pk},
            "/api/v1/credentials/verify/": {"credential": credential.jwt},
        },
    }


def outreach_rows(school) -> dict:
    """Outreach's rows: a researcher in the pool, a visit request of the school (and one already
    proposed to that researcher, for the answer), and a PAL request with a confirmed assignment
    and a week of hours waiting for the school; the coordinator's actions then meet real rows in
    the states that allow them, and the generated bodies name them."""
    researcher = ResearcherProfileFactory(regions=[school.region])
    visit = VisitRequestFactory(school=school)
    day = timezone.localdate() + datetime.timedelta(days=21)
    proposed = VisitRequestFactory(
        school=school,
        status=VisitStatus.PROPOSED,
        researcher=researcher,
        starts_at=datetime.datetime.combine(day, datetime.time(10), tzinfo=VISIT_ZONE),
        ends_at=datetime.datetime.combine(day, datetime.time(11, 30), tzinfo=VISIT_ZONE),
    )
    hours = PalHoursFactory(assignment__request__school=school, assignment__request__region=school.region)
    assignment = hours.assignment
    student = PalStudentFactory(region=school.region)
    visit_paths = {f"/api/v1/visit-requests/{{id}}/{action}": {"id": visit.pk} for action in VISIT_ACTIONS}
    return {
        "paths": {
            **visit_paths,
            "/api/v1/visit-requests/{id}/answer/": {"id": proposed.pk},
            "/api/v1/researchers/{id}/": {"id": researcher.pk},
            "/api/v1/pal-requests/{id}/": {"id": assignment.request_id},
            "/api/v1/pal-requests/{id}/withdraw/": {"id": assignment.request_id},
            "/api/v1/pal-requests/{id}/close/": {"id": assignment.request_id},
            "/api/v1/pal-requests/{id}/assign/": {"id": assignment.request_id},
            "/api/v1/pal-requests/{id}/suggestions/": {"id": assignment.request_id},
            "/api/v1/pal-assignments/{id}/": {"id": assignment.pk},
            "/api/v1/pal-assignments/{id}/confirm/": {"id": assignment.pk},
            "/api/v1/pal-assignments/{id}/decline/": {"id": assignment.pk},
            "/api/v1/pal-hours/{id}/": {"id": hours.pk},
            "/api/v1/pal-hours/{id}/confirm/": {"id": hours.pk},
            "/api/v1/pal-hours/{id}/reject/": {"id": hours.pk},
        },
        "bodies": {
            "/api/v1/visit-requests/": {"school": school.code, "preferred_dates": [{"date": day.isoformat()}]},
            "/api/v1/visit-requests/{id}/propose/": {"researcher": researcher.pk},
            "/api/v1/pal-requests/": {"school": school.code},
            "/api/v1/pal-requests/{id}/assign/": {"students": [student.pk]},
            "/api/v1/pal-hours/": {"assignment": assignment.pk, "year": hours.year, "week": hours.week},
        },
    }


def research_rows(school) -> dict:
    """Research's rows: a researcher of a school with an ORCID iD, a published project with its
    people, partner school and an output, a draft project, and a publication of the project with
    one of our authors and a free-named one, so that the public research endpoints answer with
    real rows (nullable fields filled and empty), and drafts are 404 to the anonymous."""
    person = ResearcherFactory(role="teacher_researcher", school=school, orcid="0000-0002-1825-0097")
    project = ResearchProjectFactory(published=True, region=school.region)
    project.partner_schools.add(school)
    ProjectMemberFactory(project=project, researcher=person)
    ProjectOutputFactory(project=project)
    draft = ResearchProjectFactory(published=False)
    publication = PublicationAuthorFactory(researcher=person).publication
    PublicationAuthorFactory(publication=publication, researcher=None)
    publication.projects.add(project, draft)
    return {
        "paths": {
            "/api/v1/research-people/{slug}/": {"slug": person.slug},
            "/api/v1/research-projects/{slug}/": {"slug": project.slug},
            "/api/v1/publications/{id}/": {"id": publication.pk},
        },
        "bodies": {},
    }


def coordination_rows() -> dict:
    """A grant proposal asked for by somebody else, for the research team's actions on a real row
    (the administrator's withdrawal is refused: only the requester withdraws)."""
    row = SupportRequestFactory(grant=True)
    actions = ["", "assign/", "transition/", "withdraw/", "messages/"]
    return {
        "paths": {f"/api/v1/support-requests/{{id}}/{action}": {"id": row.pk} for action in actions},
        "bodies": {"/api/v1/support-requests/{id}/assign/": {"assignee": None}},
    }


# The detail paths of a visit request ("" is the request itself); the answer has its own row.
VISIT_ACTIONS = ["", "propose/", "confirm/", "mark-held/", "evaluate/", "withdraw/", "suggestions/"]


def aim_at_existing_rows(case, world):
    """Generated identifiers almost never exist; for half of the cases (chosen by the generated
    data, so still reproducible) use one that does, so that retrieve, update and delete are
    exercised on real rows as well as answering 404."""
    existing = world["paths"].get(case.path, world)
    for name in list(case.path_parameters or {}):
        if name in existing and hash(str(case.path_parameters[name])) % 2 == 0:
            case.path_parameters[name] = existing[name]
    body = case.body
    if isinstance(body, dict) and "user_email" in body and hash(str(body)) % 2 == 0:
        body["user_email"] = world["emails"][hash(str(body)) % 4 // 2]
        if isinstance(body.get("school"), str):
            body["school"] = world["code"]
    if isinstance(body, dict) and case.path in world["bodies"] and hash(str(body)) % 2 == 0:
        body.update(world["bodies"][case.path])


@pytest.fixture
def staff_token(administrator):
    """An administrator's token: the staff member who may do everything, so that every write runs."""
    return token_for(administrator)


@schema.parametrize()
@FUZZ
def test_api_as_staff_with_a_token(case, world, staff_token):
    aim_at_existing_rows(case, world)
    case.call_and_validate(headers={"Authorization": f"Token {staff_token}"}, checks=CHECKS)


@schema.parametrize()
@FUZZ
def test_api_anonymously(case, world):
    aim_at_existing_rows(case, world)
    case.call_and_validate(checks=CHECKS)
