"""The application admin asks the intake services, and only them: the buttons are the moves the
state machine accepts from the signed-in user, a refused move or a refused row is an error on the
page with nothing written, and the services' records are the one audit trail (no LogEntry)."""

import datetime

import lxml.html
import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import Permission
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from iclon.core.errors import Conflict, NotAllowed, PortalError
from programmes.intake.admin.common import MOVE_LABELS
from programmes.intake.models import (
    AdmissionCondition,
    Application,
    ApplicationStatus,
    ApplicationTransition,
    AptitudeAssessment,
    ChecklistCheck,
    Exemption,
    InternalNote,
)
from programmes.intake.permissions import GROUP_PERMISSIONS
from programmes.intake.services import applications as intake
from tests.factories import (
    AdmissionConditionFactory,
    ApplicationFactory,
    AptitudeAssessmentFactory,
    ChecklistItemFactory,
    ExemptionFactory,
    ModuleFactory,
    PathwayFactory,
    StaffUserFactory,
    StartMomentFactory,
)

pytestmark = pytest.mark.django_db

S = ApplicationStatus


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def reviewer(db):
    """Staff who keep applications as intake officers do but do not decide on them."""
    user = StaffUserFactory()
    names = [name for name in GROUP_PERMISSIONS["intake_officer"] if name != intake.DECIDE]
    codenames = [name.split(".")[1] for name in names]
    user.user_permissions.set(Permission.objects.filter(content_type__app_label="programmes", codename__in=codenames))
    return user


def login(user) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    return client


def change_url(application):
    return reverse("admin:programmes_application_change", args=[application.pk])


def transition_url(application):
    return reverse("admin:programmes_application_transition", args=[application.pk])


def page_moves(response) -> set[str]:
    document = lxml.html.fromstring(response.content.decode())
    return set(document.xpath('//form[contains(@class, "iclon-move")]//input[@name="to_status"]/@value'))


def page_held(response) -> dict[str, str]:
    """The moves shown as held back: label → the rule's message."""
    document = lxml.html.fromstring(response.content.decode())
    held = {}
    for item in document.xpath('//div[contains(@class, "iclon-moves__held")]//li'):
        label = item.findtext("strong")
        held[label] = item.text_content()[len(label) + 2 :]
    return held


def accepted_by_the_service(application, user) -> tuple[set[str], dict[str, str]]:
    """Every status the service moves `application` to for `user`, and the message of each move
    refused by a rule (not for want of the move or the permission): each move is made for real and
    rolled back."""
    accepted, refused = set(), {}
    for target in S.values:
        try:
            with transaction.atomic():
                intake.application_transition(application=application, to_status=target, actor=user, reason="Reden.")
                transaction.set_rollback(True)
        except (NotAllowed, Conflict):
            continue
        except PortalError as error:
            refused[target] = str(error.message)
        else:
            accepted.add(target)
    return accepted, refused


def lateral_entry():
    pathway = PathwayFactory(requires_aptitude_assessment=True, start=False)
    return {"pathway": pathway, "start_moment": StartMomentFactory(pathway=pathway)}


# --- The buttons are the state machine's answer ----------------------------------------------


@pytest.mark.parametrize("role", ["intake_officer", "reviewer", "programme_coordinator", "administrator"])
@pytest.mark.parametrize("route", ["plain", "lateral", "lateral_assessed_with_condition"])
def test_the_buttons_are_exactly_the_moves_the_state_machine_accepts(request, role, route):
    user = request.getfixturevalue(role)
    client = login(user)
    for status in S.values:
        application = ApplicationFactory(status=status, **(lateral_entry() if route != "plain" else {}))
        if route == "lateral_assessed_with_condition":
            AptitudeAssessmentFactory(application=application, outcome=AptitudeAssessment.Outcome.SUITABLE)
            AdmissionConditionFactory(application=application)

        response = client.get(change_url(application))

        with translation.override("en"):
            accepted, refused = accepted_by_the_service(application, user)
            # What is held back is what a rule of the move refuses, with the rule's own message; a
            # route without an aptitude assessment is not told it lacks one.
            expected_held = {
                str(MOVE_LABELS[target]): message
                for target, message in refused.items()
                if not (target == S.APTITUDE_ASSESSMENT and route == "plain")
            }
        assert page_moves(response) == accepted, (status, role, route)
        assert page_held(response) == expected_held, (status, role, route)
        application.refresh_from_db()
        assert application.status == status


def test_the_page_asks_the_state_machine_for_its_buttons(client, intake_officer, monkeypatch):
    application = ApplicationFactory(status=S.SUBMITTED)
    offered = [intake.TransitionOption(to_status=S.WITHDRAWN, reason_required=False, refusal=None)]
    monkeypatch.setattr("programmes.intake.admin.applications.transition_options", lambda application, actor: offered)
    client.force_login(intake_officer)

    assert page_moves(client.get(change_url(application))) == {S.WITHDRAWN}


# --- A move: the transition row is its record; a refused move changes nothing -----------------


def test_a_move_leaves_its_transition_row_and_no_log_entry(intake_officer):
    application = ApplicationFactory(status=S.SUBMITTED)

    response = login(intake_officer).post(transition_url(application), {"to_status": S.IN_REVIEW})

    assert response.status_code == 302
    (transition,) = ApplicationTransition.objects.filter(application=application)
    assert (transition.from_status, transition.to_status) == (S.SUBMITTED, S.IN_REVIEW)
    assert transition.actor == intake_officer
    assert not LogEntry.objects.exists()


def test_a_refused_move_shows_the_rule_at_its_button_and_writes_nothing(intake_officer):
    application = ApplicationFactory(status=S.IN_REVIEW)
    history = application.history.count()

    response = login(intake_officer).post(transition_url(application), {"to_status": S.REJECTED, "reason": "  "})

    assert response.status_code == 400
    document = lxml.html.fromstring(response.content.decode())
    (button,) = document.xpath('//form[contains(@class, "iclon-move--error")]')
    assert button.xpath('.//input[@name="to_status"]/@value') == [S.REJECTED]
    assert "Give the reason; the applicant reads it in the decision." in button.text_content()
    application.refresh_from_db()
    assert application.status == S.IN_REVIEW
    assert application.decided_at is None
    assert not ApplicationTransition.objects.exists()
    assert application.history.count() == history
    assert not LogEntry.objects.exists()


# --- The change form and its rows: one service call each, refusals are form errors ------------


def form_data(response) -> dict:
    document = lxml.html.fromstring(response.content.decode())
    data: dict[str, list[str]] = {}
    for name, value in document.get_element_by_id("application_form").form_values():
        data.setdefault(name, []).append(value)
    return data


def post_form(client, application, changes: dict):
    data = form_data(client.get(change_url(application)))
    for name, value in changes.items():
        data[name] = value if isinstance(value, list) else [value]
    data["_continue"] = ["Save and continue editing"]
    return client.post(change_url(application), data)


def errors_of(response) -> dict[str, list[str]]:
    """The errors of the page's forms: the application form's by field, the rows' as
    "<prefix>-<n>-<field>" and each inline's errors above its rows as "<prefix>"."""
    found = {}
    for field, messages in response.context["adminform"].form.errors.items():
        found[field] = list(messages)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        for index, row in enumerate(formset.forms):
            if formset.can_delete and formset._should_delete_form(row):
                continue  # a removed row's fields are not posted: the formset ignores its errors
            for field, messages in row.errors.items():
                found[f"{formset.prefix}-{index}-{field}"] = list(messages)
        if formset.non_form_errors():
            found[formset.prefix] = list(formset.non_form_errors())
    return found


def test_a_save_through_the_services_leaves_their_records_and_no_log_entry(intake_officer, administrator):
    application = ApplicationFactory(status=S.IN_REVIEW)
    item = ChecklistItemFactory(pathway=application.pathway)
    history = application.history.count()

    response = post_form(
        login(intake_officer),
        application,
        {"assigned_to": str(administrator.pk), "checklist": [str(item.pk)], "notes-0-text": "Nagekeken."},
    )

    assert response.status_code == 302
    assert application.history.count() == history + 1
    assert application.history.latest().assigned_to_id == administrator.pk
    assert ChecklistCheck.objects.get(application=application).done_by == intake_officer
    assert InternalNote.objects.get(application=application).author == intake_officer
    assert not LogEntry.objects.exists()


def test_a_row_the_service_refuses_is_an_error_on_that_row_and_nothing_on_the_page_is_saved(
    intake_officer, administrator
):
    application = ApplicationFactory(status=S.IN_REVIEW)
    item = ChecklistItemFactory(pathway=application.pathway)
    yesterday = (timezone.localdate() - datetime.timedelta(days=1)).isoformat()
    history = application.history.count()

    response = post_form(
        login(intake_officer),
        application,
        {
            "assigned_to": str(administrator.pk),
            "checklist": [str(item.pk)],
            "notes-0-text": "Nagekeken.",
            "conditions-0-kind": AdmissionCondition.Kind.OTHER,
            "conditions-0-description": "Een vak bijspijkeren.",
            "conditions-0-due_on": yesterday,
            "conditions-0-status": AdmissionCondition.Status.OPEN,
        },
    )

    assert response.status_code == 200
    assert errors_of(response) == {"conditions-0-due_on": ["The date to meet the condition by cannot be in the past."]}
    assert 'value="Een vak bijspijkeren."' in response.content.decode()  # what was typed is kept
    application.refresh_from_db()
    assert application.assigned_to is None
    assert application.history.count() == history
    assert not ChecklistCheck.objects.exists()
    assert not InternalNote.objects.exists()
    assert not AdmissionCondition.objects.exists()
    assert not LogEntry.objects.exists()


def test_a_refusal_without_a_field_is_an_error_of_its_row(intake_officer, monkeypatch):
    application = ApplicationFactory(status=S.IN_REVIEW)
    item = ChecklistItemFactory(pathway=application.pathway)

    def refuse(**kwargs):
        raise PortalError("Notes are closed today.")

    monkeypatch.setattr("programmes.intake.admin.forms.note_add", refuse)
    response = post_form(login(intake_officer), application, {"checklist": [str(item.pk)], "notes-0-text": "Notitie."})

    assert response.status_code == 200
    assert errors_of(response) == {"notes-0-__all__": ["Notes are closed today."]}
    assert not ChecklistCheck.objects.exists()
    assert not InternalNote.objects.exists()


def test_a_refused_revocation_is_an_error_above_the_exemptions_and_nothing_is_saved(intake_officer, monkeypatch):
    exemption = ExemptionFactory()
    application = exemption.application
    item = ChecklistItemFactory(pathway=application.pathway)

    def refuse(**kwargs):
        raise PortalError("The exemption is in the study plan already.")

    monkeypatch.setattr("programmes.intake.admin.forms.exemption_revoke", refuse)
    response = post_form(login(intake_officer), application, {"checklist": [str(item.pk)], "exemptions-0-DELETE": "on"})

    assert response.status_code == 200
    assert errors_of(response) == {"exemptions": ["The exemption is in the study plan already."]}
    assert Exemption.objects.filter(pk=exemption.pk).exists()
    assert not ChecklistCheck.objects.exists()


def test_the_condition_form_leaves_the_conditions_rules_to_the_service(intake_officer):
    application = ApplicationFactory(status=S.IN_REVIEW)

    response = post_form(
        login(intake_officer),
        application,
        {"conditions-0-kind": AdmissionCondition.Kind.DEFICIENCY_COURSE, "conditions-0-status": "open"},
    )

    assert response.status_code == 200
    assert errors_of(response) == {"conditions-0-deficiency_course": ["Choose the deficiency course."]}
    assert not AdmissionCondition.objects.exists()


# --- Where rows are offered is where the services accept them ---------------------------------


def inline_prefixes(response) -> dict[str, tuple[bool, bool]]:
    """Each inline on the page: (a new row can be added, an existing row can be changed)."""
    found = {}
    for inline in response.context["inline_admin_formsets"]:
        found[inline.formset.prefix] = (inline.has_add_permission, inline.has_change_permission)
    return found


@pytest.mark.parametrize("status", S.values)
def test_rows_are_offered_exactly_where_the_services_accept_them(intake_officer, reviewer, status):
    application = ApplicationFactory(status=status, **lateral_entry())
    for user in (intake_officer, reviewer):
        inlines = inline_prefixes(login(user).get(change_url(application)))

        assert inlines["information_requests"][0] == (intake.information_request_refusal(application, user) is None)
        assert inlines["aptitude_assessment"][0] == (intake.assessment_refusal(application, user) is None)
        assert inlines["conditions"][0] == (intake.condition_refusal(application, user) is None)
        assert inlines["exemptions"][0] == (intake.exemption_refusal(application, user) is None)


def test_an_exemption_is_granted_only_while_the_application_is_assessed_or_admitted(intake_officer):
    for status, allowed in [(S.IN_REVIEW, True), (S.ADMITTED, True), (S.ENROLLED, False), (S.REJECTED, False)]:
        application = ApplicationFactory(status=status)
        module = ModuleFactory(pathway=application.pathway, ec=5)
        if allowed:
            intake.exemption_grant(application=application, module=module, ec=5, reason="EVC", actor=intake_officer)
            continue
        with pytest.raises(Conflict):
            intake.exemption_grant(application=application, module=module, ec=5, reason="EVC", actor=intake_officer)
        exemption = ExemptionFactory(application=application, module=module)
        with pytest.raises(Conflict):
            intake.exemption_revoke(exemption=exemption, actor=intake_officer)
        assert Exemption.objects.filter(pk=exemption.pk).exists()
    assert Exemption.objects.filter(application__status__in=[S.IN_REVIEW, S.ADMITTED]).count() == 2
    assert Application.objects.count() == 4
