"""condition_set_status, information_request_create and information_request_answer: who may, when,
what is stored and who is told.

The services are called directly; messages are compared as written in the code (English)."""

import pytest
from django.contrib.auth.models import Permission
from django.db import connection, connections, transaction
from django.utils import timezone, translation

from iclon.core.errors import Conflict, NotAllowed, PortalError
from iclon.notifications.models import Channel, Notification
from programmes.intake import notifications
from programmes.intake.services import applications as intake
from programmes.models import AdmissionCondition, Application, ApplicationStatus, InformationRequest
from tests.conftest import skip_or_fail
from tests.factories import (
    AdmissionConditionFactory,
    ApplicationFactory,
    InformationRequestFactory,
    StaffUserFactory,
)
from tests.utils import nothing_written

S = ApplicationStatus
Status = AdmissionCondition.Status

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def reviewer(db):
    """ICLON staff who may review applications (and request information) but not decide on them."""
    user = StaffUserFactory()
    user.user_permissions.add(
        Permission.objects.get(content_type__app_label="programmes", codename="review_application")
    )
    return user


def refusal(error):
    return type(error.value), str(error.value.message), error.value.field


def told(category):
    """{recipient: {channels}} of the notifications of `category`."""
    found: dict = {}
    for recipient, channel in Notification.objects.filter(category=category).values_list("recipient", "channel"):
        found.setdefault(recipient, set()).add(channel)
    return found


# --- condition_set_status ----------------------------------------------------------------------


def _condition(**fields):
    return AdmissionConditionFactory(
        application=ApplicationFactory(status=S.ADMITTED_WITH_CONDITIONS, complete=False), **fields
    )


@pytest.mark.parametrize("status", [Status.MET, Status.WAIVED, Status.OPEN])
def test_staff_who_decide_set_the_status_of_a_condition_and_when_it_changed(status, intake_officer):
    was = Status.MET if status == Status.OPEN else Status.OPEN
    condition = _condition(status=was)
    before = timezone.now()

    with nothing_written(Application, Notification):
        intake.condition_set_status(condition=condition, status=status, actor=intake_officer)

    stored = AdmissionCondition.objects.get(pk=condition.pk)
    assert stored.status == status
    assert before <= stored.status_changed_at <= timezone.now()
    assert list(
        AdmissionCondition.history.filter(id=condition.pk).order_by("history_id").values_list("history_type", "status")
    ) == [("+", was), ("~", status)]


def test_setting_the_status_keeps_what_was_changed_meanwhile_in_the_rest_of_the_condition(intake_officer):
    condition = _condition(kind=AdmissionCondition.Kind.OTHER, description="Haal het taalexamen.")
    # Somebody else corrects the description while this officer still has the old condition open.
    AdmissionCondition.objects.filter(pk=condition.pk).update(description="Haal het staatsexamen NT2.")

    intake.condition_set_status(condition=condition, status=Status.MET, actor=intake_officer)

    stored = AdmissionCondition.objects.get(pk=condition.pk)
    assert (stored.status, stored.description) == (Status.MET, "Haal het staatsexamen NT2.")


@pytest.mark.parametrize("status", ["", "done", "MET"])
def test_an_unknown_condition_status_is_refused(status, intake_officer):
    condition = _condition()

    with nothing_written(AdmissionCondition), pytest.raises(PortalError) as error:
        intake.condition_set_status(condition=condition, status=status, actor=intake_officer)

    assert refusal(error) == (PortalError, "Choose the status.", "status")


@pytest.mark.parametrize("role", ["reviewer", "owner", "programme_coordinator", "placement_coordinator", "outsider"])
def test_only_staff_who_decide_set_the_status_of_a_condition(role, persona):
    condition = _condition()
    actor = condition.application.applicant if role == "owner" else persona(role)

    with nothing_written(AdmissionCondition), pytest.raises(NotAllowed):
        intake.condition_set_status(condition=condition, status=Status.MET, actor=actor)


# --- information_request_create ----------------------------------------------------------------


@pytest.mark.parametrize("status", [S.SUBMITTED, S.IN_REVIEW, S.APTITUDE_ASSESSMENT])
def test_intake_staff_ask_for_information_and_only_the_applicant_is_told(status, reviewer):
    application = ApplicationFactory(status=status, complete=False)

    with nothing_written(Application):
        request = intake.information_request_create(
            application=application, question="  Kun je je cijferlijst nasturen?  ", actor=reviewer
        )

    stored = InformationRequest.objects.get(pk=request.pk)
    assert (stored.application, stored.question, stored.requested_by, stored.answer, stored.answered_at) == (
        application,
        "Kun je je cijferlijst nasturen?",
        reviewer,
        "",
        None,
    )
    assert list(InformationRequest.history.filter(id=request.pk).values_list("history_type", flat=True)) == ["+"]
    assert told(notifications.INFORMATION_REQUEST) == {application.applicant.pk: {Channel.EMAIL, Channel.IN_APP}}
    assert set(Notification.objects.values_list("recipient", flat=True)) == {application.applicant.pk}


@pytest.mark.parametrize("question", [None, "", "  \n "])
def test_a_request_without_a_question_is_refused(question, intake_officer):
    application = ApplicationFactory(status=S.IN_REVIEW, complete=False)

    with nothing_written(InformationRequest, Notification), pytest.raises(PortalError) as error:
        intake.information_request_create(application=application, question=question, actor=intake_officer)

    assert refusal(error) == (PortalError, "Write the question.", "question")


@pytest.mark.parametrize("role", ["owner", "programme_coordinator", "placement_coordinator", "outsider"])
def test_only_intake_staff_ask_for_information(role, persona):
    application = ApplicationFactory(status=S.IN_REVIEW, complete=False)
    actor = application.applicant if role == "owner" else persona(role)

    with nothing_written(InformationRequest, Notification), pytest.raises(NotAllowed):
        intake.information_request_create(application=application, question="Cijferlijst?", actor=actor)


@pytest.mark.parametrize(
    "status", [S.DRAFT, S.ADMITTED, S.ADMITTED_WITH_CONDITIONS, S.REJECTED, S.ENROLLED, S.WITHDRAWN]
)
def test_information_is_requested_only_while_the_application_is_assessed(status, intake_officer):
    application = ApplicationFactory(status=status, complete=False)

    with nothing_written(InformationRequest, Notification), pytest.raises(PortalError) as error:
        intake.information_request_create(application=application, question="Cijferlijst?", actor=intake_officer)

    assert refusal(error) == (
        Conflict,
        "Information can be requested while the application is being assessed.",
        None,
    )


# --- information_request_answer ----------------------------------------------------------------


def test_the_applicant_answers_and_only_the_assigned_officer_is_told(intake_officer):
    request = InformationRequestFactory(application=ApplicationFactory(status=S.IN_REVIEW, assigned_to=intake_officer))
    applicant = request.application.applicant
    before = timezone.now()

    intake.information_request_answer(request=request, answer="Zie de bijlage.", actor=applicant)

    stored = InformationRequest.objects.get(pk=request.pk)
    assert (stored.question, stored.answer) == ("Kun je je cijferlijst van de master nasturen?", "Zie de bijlage.")
    assert before <= stored.answered_at <= timezone.now()
    assert list(
        InformationRequest.history.filter(id=request.pk).order_by("history_id").values_list("history_type", "answer")
    ) == [("+", ""), ("~", "Zie de bijlage.")]
    assert told(notifications.INFORMATION_ANSWERED) == {intake_officer.pk: {Channel.EMAIL, Channel.IN_APP}}
    assert set(Notification.objects.values_list("recipient", flat=True)) == {intake_officer.pk}


@pytest.mark.parametrize("role", ["intake_officer", "administrator", "outsider"])
def test_only_the_applicant_answers_a_request(role, persona):
    request = InformationRequestFactory()

    with nothing_written(InformationRequest, Notification), pytest.raises(NotAllowed):
        intake.information_request_answer(request=request, answer="Zie de bijlage.", actor=persona(role))


@pytest.mark.services  # PostgreSQL's row locks, with a second connection: the real-services part
@pytest.mark.django_db(transaction=True)
def test_an_answer_does_not_wait_for_staff_who_hold_the_application():
    """The answer locks its request, not the application: staff moving the application at the same
    moment (which holds the application's row) neither hold up the applicant nor deadlock with them."""
    if connection.vendor != "postgresql":
        skip_or_fail("row locks are proven on PostgreSQL (set DATABASE_URL=postgres://…)")
    request = InformationRequestFactory()
    staff = connections.create_connection("default")
    try:
        staff.set_autocommit(False)
        with staff.cursor() as cursor:
            table = staff.ops.quote_name(Application._meta.db_table)
            cursor.execute(f"SELECT id FROM {table} WHERE id = %s FOR UPDATE", [request.application_id])  # noqa: S608
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL lock_timeout = '2s'")
            intake.information_request_answer(
                request=request, answer="Zie de bijlage.", actor=request.application.applicant
            )
    finally:
        staff.rollback()
        staff.close()

    assert InformationRequest.objects.get(pk=request.pk).answer == "Zie de bijlage."
