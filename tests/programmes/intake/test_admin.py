"""Intake staff in the admin: the status buttons per role and through to the database, the inlines
saved by the services, the bulk actions, the exports and the changelist's query count."""

import csv
import io

import lxml.html
import openpyxl
import pytest
from django.test import Client
from django.urls import reverse

from programmes.models import (
    AdmissionCondition,
    Application,
    ApplicationStatus,
    ApplicationTransition,
    AptitudeAssessment,
    ChecklistCheck,
    Exemption,
    InformationRequest,
    InternalNote,
)
from tests.factories import (
    AdmissionConditionFactory,
    ApplicationFactory,
    AptitudeAssessmentFactory,
    ChecklistItemFactory,
    DeficiencyCourseFactory,
    ExemptionFactory,
    InformationRequestFactory,
    ModuleFactory,
    PathwayFactory,
    StartMomentFactory,
    UserFactory,
)
from tests.utils import nothing_written

pytestmark = pytest.mark.django_db

S = ApplicationStatus
CHANGELIST = "admin:programmes_application_changelist"


@pytest.fixture
def client():
    """The admin in English, so that the messages read as this file spells them."""
    return Client(headers={"accept-language": "en"})


def change_url(application):
    return reverse("admin:programmes_application_change", args=[application.pk])


def transition_url(application):
    return reverse("admin:programmes_application_transition", args=[application.pk])


def page_moves(response) -> set[str]:
    """The statuses the page offers buttons for."""
    document = lxml.html.fromstring(response.content.decode())
    return set(document.xpath('//form[contains(@class, "iclon-move")]//input[@name="to_status"]/@value'))


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]] if response.context else []


def form_data(response, form_id="application_form") -> dict:
    """What a browser would post from the change form as it was rendered."""
    document = lxml.html.fromstring(response.content.decode())
    form = document.get_element_by_id(form_id)
    data: dict[str, list[str]] = {}
    for name, value in form.form_values():
        data.setdefault(name, []).append(value)
    return data


def post_form(client, application, changes: dict):
    response = client.get(change_url(application))
    data = form_data(response)
    for name, value in changes.items():
        data[name] = value if isinstance(value, list) else [value]
    data["_continue"] = ["Save and continue editing"]
    return client.post(change_url(application), data)


# --- Who sees which buttons ------------------------------------------------------------------


def test_intake_officer_sees_the_moves_the_service_allows(client, intake_officer):
    application = ApplicationFactory(status=S.SUBMITTED)
    client.force_login(intake_officer)

    response = client.get(change_url(application))

    assert response.status_code == 200
    assert page_moves(response) == {S.IN_REVIEW, S.WITHDRAWN}


def test_decision_buttons_appear_in_review_and_a_held_move_says_why(client, intake_officer):
    application = ApplicationFactory(status=S.IN_REVIEW)
    client.force_login(intake_officer)

    response = client.get(change_url(application))

    # No conditions yet: "admit with conditions" is held back, with the rule's message.
    assert page_moves(response) == {S.ADMITTED, S.REJECTED, S.WITHDRAWN}
    assert "Add the conditions before admitting with conditions." in response.content.decode()


def test_programme_coordinator_reads_the_application_without_any_button(client, programme_coordinator):
    application = ApplicationFactory(status=S.SUBMITTED)
    client.force_login(programme_coordinator)

    assert client.get(reverse(CHANGELIST)).status_code == 200
    response = client.get(change_url(application))

    assert response.status_code == 200
    assert page_moves(response) == set()
    assert 'name="assigned_to"' not in response.content.decode()


@pytest.mark.parametrize("persona_name", ["researcher", "professionalisation_coordinator"])
def test_staff_without_the_view_permission_get_403_on_the_changelist(client, persona, persona_name):
    # The brief names the placement coordinator here; see the report: the placements work gives
    # that group programmes.view_application, so the rule is tested with groups that lack it.
    application = ApplicationFactory(status=S.SUBMITTED)
    client.force_login(persona(persona_name))

    assert client.get(reverse(CHANGELIST)).status_code == 403
    assert client.get(change_url(application)).status_code == 403
    assert client.post(transition_url(application), {"to_status": S.IN_REVIEW}).status_code == 403
    application.refresh_from_db()
    assert application.status == S.SUBMITTED


def test_applications_cannot_be_added_or_deleted_in_the_admin(client, administrator):
    application = ApplicationFactory(status=S.SUBMITTED)
    client.force_login(administrator)

    add_url = reverse("admin:programmes_application_add")
    delete_url = reverse("admin:programmes_application_delete", args=[application.pk])
    assert client.get(add_url).status_code == 403
    assert client.get(delete_url).status_code == 403
    with nothing_written(Application, ApplicationTransition):
        assert client.post(delete_url, {"post": "yes"}).status_code == 403
        assert client.post(add_url, {"status": S.SUBMITTED}).status_code == 403
    changelist = client.get(reverse(CHANGELIST)).content.decode()
    assert add_url not in changelist
    assert delete_url not in client.get(change_url(application)).content.decode()


# --- The buttons, through to the database ----------------------------------------------------


def _lateral_entry():
    pathway = PathwayFactory(requires_aptitude_assessment=True, start=False)
    return {"pathway": pathway, "start_moment": StartMomentFactory(pathway=pathway)}


MOVES = [
    # (from, to, reason, set-up)
    (S.SUBMITTED, S.IN_REVIEW, "", None),
    (S.IN_REVIEW, S.ADMITTED, "Sterke vooropleiding.", None),
    (S.IN_REVIEW, S.ADMITTED_WITH_CONDITIONS, "", "condition"),
    (S.IN_REVIEW, S.REJECTED, "Geen verwante master.", None),
    (S.IN_REVIEW, S.APTITUDE_ASSESSMENT, "", "lateral"),
    (S.APTITUDE_ASSESSMENT, S.ADMITTED, "", "assessed"),
    (S.ADMITTED, S.ENROLLED, "", None),
    (S.IN_REVIEW, S.WITHDRAWN, "Op verzoek van de aanmelder.", None),
]


@pytest.mark.parametrize(("source", "target", "reason", "setup"), MOVES)
def test_each_button_moves_the_application_and_records_who_and_why(
    client, intake_officer, source, target, reason, setup
):
    extra = _lateral_entry() if setup in ("lateral", "assessed") else {}
    application = ApplicationFactory(status=source, **extra)
    if setup == "condition":
        AdmissionConditionFactory(application=application)
    if setup == "assessed":
        AptitudeAssessmentFactory(application=application, outcome=AptitudeAssessment.Outcome.SUITABLE)
    client.force_login(intake_officer)
    assert target in page_moves(client.get(change_url(application)))

    response = client.post(transition_url(application), {"to_status": target, "reason": reason}, follow=True)

    application.refresh_from_db()
    assert application.status == target
    transition = ApplicationTransition.objects.get(application=application)
    assert (transition.from_status, transition.to_status) == (source, target)
    assert transition.actor == intake_officer
    assert transition.reason == reason
    assert response.redirect_chain[-1][0] == change_url(application)
    assert any("is now" in message for message in messages_of(response))


def test_a_decision_keeps_its_reason_as_the_explanation(client, intake_officer):
    application = ApplicationFactory(status=S.IN_REVIEW)
    client.force_login(intake_officer)

    client.post(transition_url(application), {"to_status": S.REJECTED, "reason": "Geen verwante master."})

    application.refresh_from_db()
    assert application.decision_explanation == "Geen verwante master."
    assert application.decided_by == intake_officer


def test_rejection_without_a_reason_is_refused_with_a_message_and_nothing_changes(client, intake_officer):
    application = ApplicationFactory(status=S.IN_REVIEW)
    client.force_login(intake_officer)

    response = client.post(transition_url(application), {"to_status": S.REJECTED, "reason": "  "})

    assert response.status_code == 400
    assert any("The status was not changed" in message for message in messages_of(response))
    assert "Give the reason" in response.content.decode()
    application.refresh_from_db()
    assert application.status == S.IN_REVIEW
    assert not ApplicationTransition.objects.filter(application=application).exists()


def test_a_move_that_does_not_exist_is_refused(client, intake_officer):
    application = ApplicationFactory(status=S.SUBMITTED)
    client.force_login(intake_officer)

    response = client.post(transition_url(application), {"to_status": S.ENROLLED})

    assert response.status_code == 400
    assert any("cannot become" in message for message in messages_of(response))
    application.refresh_from_db()
    assert application.status == S.SUBMITTED


def test_a_held_move_posted_anyway_is_refused_with_the_rules_message(client, intake_officer):
    application = ApplicationFactory(status=S.IN_REVIEW)
    client.force_login(intake_officer)

    response = client.post(transition_url(application), {"to_status": S.ADMITTED_WITH_CONDITIONS})

    assert response.status_code == 400
    assert any("Add the conditions" in message for message in messages_of(response))
    application.refresh_from_db()
    assert application.status == S.IN_REVIEW


def test_programme_coordinator_posting_a_move_is_refused(client, programme_coordinator):
    application = ApplicationFactory(status=S.SUBMITTED)
    client.force_login(programme_coordinator)

    response = client.post(transition_url(application), {"to_status": S.IN_REVIEW})

    assert response.status_code == 400
    assert any("not allowed" in message for message in messages_of(response))
    application.refresh_from_db()
    assert application.status == S.SUBMITTED


def test_the_transition_url_only_takes_posts(client, intake_officer):
    application = ApplicationFactory(status=S.SUBMITTED)
    client.force_login(intake_officer)

    with nothing_written(application, ApplicationTransition):
        response = client.get(transition_url(application), {"to_status": S.IN_REVIEW})
    assert response.status_code == 405
    assert response["Allow"] == "POST"


def test_the_history_cannot_be_reverted(client, intake_officer):
    application = ApplicationFactory(status=S.SUBMITTED)
    client.force_login(intake_officer)
    client.post(transition_url(application), {"to_status": S.IN_REVIEW})
    version = application.history.order_by("history_date").first()
    url = reverse("admin:programmes_application_simple_history", args=[application.pk, version.history_id])

    response = client.post(url, {})

    assert response.status_code == 403
    application.refresh_from_db()
    assert application.status == S.IN_REVIEW


# --- The change form and its inlines, saved by the services ----------------------------------


def test_assignment_and_checklist_are_saved_through_the_services(client, intake_officer, administrator):
    application = ApplicationFactory(status=S.SUBMITTED)
    item = ChecklistItemFactory(pathway=application.pathway, label_en="Diploma checked")
    client.force_login(intake_officer)

    response = post_form(client, application, {"assigned_to": str(administrator.pk), "checklist": [str(item.pk)]})

    assert response.status_code == 302, messages_of(response)
    application.refresh_from_db()
    assert application.assigned_to == administrator
    check = ChecklistCheck.objects.get(application=application)
    assert (check.item, check.done_by) == (item, intake_officer)
    assert application.status == S.SUBMITTED
    page = client.get(change_url(application)).content.decode()
    assert "Diploma checked (ticked by" in page


def test_unticking_removes_the_check(client, intake_officer):
    application = ApplicationFactory(status=S.IN_REVIEW)
    item = ChecklistItemFactory(pathway=application.pathway)
    ChecklistCheck.objects.create(application=application, item=item, done_by=intake_officer)
    client.force_login(intake_officer)

    post_form(client, application, {"checklist": []})

    assert not ChecklistCheck.objects.filter(application=application).exists()


def test_a_note_is_added_with_its_author_and_never_editable(client, intake_officer, administrator):
    application = ApplicationFactory(status=S.IN_REVIEW)
    client.force_login(intake_officer)

    post_form(client, application, {"notes-0-text": "Cijferlijst nagekeken."})

    note = InternalNote.objects.get(application=application)
    assert (note.text, note.author) == ("Cijferlijst nagekeken.", intake_officer)
    client.force_login(administrator)
    page = client.get(change_url(application))
    data = form_data(page)
    assert "notes-1-text" in data  # the empty row for a new note …
    assert data["notes-INITIAL_FORMS"] == ["1"]
    assert "Cijferlijst nagekeken." in page.content.decode()  # … and the existing one, read-only
    assert 'name="notes-0-text">Cijferlijst' not in page.content.decode()


def test_a_request_for_information_is_created_by_the_service(client, intake_officer):
    application = ApplicationFactory(status=S.IN_REVIEW)
    client.force_login(intake_officer)

    post_form(client, application, {"information_requests-0-question": "Kun je je cijferlijst sturen?"})

    request = InformationRequest.objects.get(application=application)
    assert request.requested_by == intake_officer
    assert request.question == "Kun je je cijferlijst sturen?"


def test_answers_to_requests_are_shown(client, intake_officer):
    application = ApplicationFactory(status=S.IN_REVIEW)
    InformationRequestFactory(application=application, answer="Bijgevoegd, zie documenten.")
    client.force_login(intake_officer)

    assert "Bijgevoegd, zie documenten." in client.get(change_url(application)).content.decode()


def test_exemption_is_granted_for_a_module_of_the_route_only(client, intake_officer):
    application = ApplicationFactory(status=S.IN_REVIEW)
    module = ModuleFactory(pathway=application.pathway, ec=10)
    other = ModuleFactory()
    client.force_login(intake_officer)

    refused = post_form(client, application, {"exemptions-0-module": str(other.pk), "exemptions-0-ec": "5"})
    assert refused.status_code == 200  # the form again, with the error at the module
    assert not Exemption.objects.exists()

    post_form(
        client,
        application,
        {"exemptions-0-module": str(module.pk), "exemptions-0-ec": "5", "exemptions-0-reason": "EVC: PDG."},
    )
    exemption = Exemption.objects.get(application=application)
    assert (exemption.module, exemption.ec, exemption.granted_by) == (module, 5, intake_officer)


def test_exemption_above_the_modules_ec_keeps_what_was_typed(client, intake_officer):
    application = ApplicationFactory(status=S.IN_REVIEW)
    module = ModuleFactory(pathway=application.pathway, ec=5)
    client.force_login(intake_officer)

    response = post_form(
        client,
        application,
        {"exemptions-0-module": str(module.pk), "exemptions-0-ec": "8", "exemptions-0-reason": "EVC"},
    )

    assert response.status_code == 200
    assert "The exemption is between 1 and 5 EC." in response.content.decode()
    assert not Exemption.objects.exists()


def test_exemption_is_revoked_with_the_delete_box(client, intake_officer):
    exemption = ExemptionFactory()
    client.force_login(intake_officer)

    post_form(client, exemption.application, {"exemptions-0-DELETE": "on"})

    assert not Exemption.objects.exists()


def test_condition_is_added_and_its_status_changed_through_the_services(client, intake_officer):
    application = ApplicationFactory(status=S.IN_REVIEW)
    course = DeficiencyCourseFactory(subject=application.subject)
    client.force_login(intake_officer)

    post_form(
        client,
        application,
        {
            "conditions-0-kind": AdmissionCondition.Kind.DEFICIENCY_COURSE,
            "conditions-0-deficiency_course": str(course.pk),
            "conditions-0-status": AdmissionCondition.Status.OPEN,
        },
    )
    condition = AdmissionCondition.objects.get(application=application)
    assert condition.deficiency_course == course

    post_form(client, application, {"conditions-0-status": AdmissionCondition.Status.MET})
    condition.refresh_from_db()
    assert condition.status == AdmissionCondition.Status.MET
    assert condition.status_changed_at is not None


def test_aptitude_assessment_shows_only_where_the_route_asks_for_one(client, intake_officer):
    plain = ApplicationFactory(status=S.IN_REVIEW)
    lateral = ApplicationFactory(status=S.IN_REVIEW, **_lateral_entry())
    client.force_login(intake_officer)

    assert "aptitude_assessment-TOTAL_FORMS" not in client.get(change_url(plain)).content.decode()
    assert "aptitude_assessment-TOTAL_FORMS" in client.get(change_url(lateral)).content.decode()


def test_aptitude_assessment_is_saved_by_the_service(client, intake_officer):
    application = ApplicationFactory(status=S.APTITUDE_ASSESSMENT, **_lateral_entry())
    client.force_login(intake_officer)

    post_form(
        client,
        application,
        {
            "aptitude_assessment-0-scheduled_at_0": "2026-03-02",
            "aptitude_assessment-0-scheduled_at_1": "10:00:00",
            "aptitude_assessment-0-assessors": [str(intake_officer.pk)],
            "aptitude_assessment-0-outcome": AptitudeAssessment.Outcome.SUITABLE,
            "aptitude_assessment-0-advice": "Geschikt; begeleiding op orde.",
        },
    )

    assessment = AptitudeAssessment.objects.get(application=application)
    assert assessment.outcome == AptitudeAssessment.Outcome.SUITABLE
    assert list(assessment.assessors.all()) == [intake_officer]


def test_documents_link_to_the_permission_checked_download(client, intake_officer):
    application = ApplicationFactory(status=S.SUBMITTED)
    document = application.documents.first()
    client.force_login(intake_officer)

    page = client.get(change_url(application)).content.decode()

    assert document.original_name in page
    assert document.file.name not in page  # never the stored file's own name or URL
    assert f"/applications/{application.pk}/documents/{document.pk}/" in page


def test_anonymised_application_shows_no_personal_fields(client, intake_officer):
    from django.utils import timezone

    application = ApplicationFactory(status=S.REJECTED, first_name="", last_name="", anonymised_at=timezone.now())
    client.force_login(intake_officer)

    page = client.get(change_url(application)).content.decode()

    assert "Anonymised on" in page
    assert "field-date_of_birth" not in page


# --- Bulk actions ----------------------------------------------------------------------------


def _action(client, action, applications, **fields):
    data = {"action": action, "_selected_action": [str(a.pk) for a in applications], **fields}
    return client.post(reverse(CHANGELIST), data)


def test_bulk_assign_asks_for_the_officer_then_assigns_through_the_service(client, intake_officer, administrator):
    applications = ApplicationFactory.create_batch(2, status=S.SUBMITTED, complete=False)
    client.force_login(intake_officer)

    page = _action(client, "assign_action", applications)
    assert page.status_code == 200
    assert 'name="assignee"' in page.content.decode()

    response = _action(client, "assign_action", applications, assignee=str(administrator.pk), apply="1")

    assert response.status_code == 302
    assert set(Application.objects.values_list("assigned_to", flat=True)) == {administrator.pk}


def test_bulk_assign_refuses_somebody_who_is_not_intake_staff(client, intake_officer, programme_coordinator):
    applications = ApplicationFactory.create_batch(2, status=S.SUBMITTED, complete=False)
    client.force_login(intake_officer)

    page = _action(client, "assign_action", applications, assignee=str(programme_coordinator.pk), apply="1")

    assert page.status_code == 200  # the choice is not offered: the form says so
    assert set(Application.objects.values_list("assigned_to", flat=True)) == {None}


def test_bulk_request_information_reports_what_succeeded_and_why_others_failed(client, intake_officer):
    in_review = ApplicationFactory.create_batch(2, status=S.IN_REVIEW, complete=False)
    draft = ApplicationFactory(status=S.DRAFT, complete=False)
    client.force_login(intake_officer)

    page = _action(client, "request_information_action", [*in_review, draft])
    assert 'name="question"' in page.content.decode()
    response = _action(client, "request_information_action", [*in_review, draft], question="Stuur je VOG?", apply="1")
    response = client.get(response["Location"])

    assert InformationRequest.objects.filter(question="Stuur je VOG?").count() == 2
    assert not InformationRequest.objects.filter(application=draft).exists()
    shown = " ".join(messages_of(response))
    assert "sent to 2 applicants" in shown
    assert f"{draft.reference}: Information can be requested while the application is being assessed." in shown


def test_bulk_request_without_a_question_asks_again(client, intake_officer):
    applications = ApplicationFactory.create_batch(1, status=S.IN_REVIEW, complete=False)
    client.force_login(intake_officer)

    page = _action(client, "request_information_action", applications, question="", apply="1")

    assert page.status_code == 200
    assert "Write the question." in page.content.decode()
    assert not InformationRequest.objects.exists()


def test_programme_coordinator_has_no_bulk_assign(client, programme_coordinator):
    client.force_login(programme_coordinator)

    page = client.get(reverse(CHANGELIST)).content.decode()

    assert 'value="assign_action"' not in page
    assert 'value="export_admin_action"' in page


# --- Export ----------------------------------------------------------------------------------

EXPORT = "admin:programmes_application_export"


def _export(client, applications, file_format: int):
    return client.post(
        reverse(EXPORT),
        {"format": str(file_format), "export_items": [str(a.pk) for a in applications]},
    )


@pytest.fixture
def exported(intake_officer):
    application = ApplicationFactory(
        status=S.IN_REVIEW, first_name="Fenna", last_name="Vermeulen", assigned_to=intake_officer
    )
    other = ApplicationFactory(status=S.SUBMITTED)
    return application, other


def test_csv_export_holds_the_pipeline_and_no_personal_data(client, intake_officer, exported):
    application, other = exported
    client.force_login(intake_officer)

    response = _export(client, [application], 0)

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == [
        "reference",
        "status",
        "pathway",
        "school subject",
        "start",
        "submitted at",
        "decided at",
        "assigned to",
    ]
    assert len(rows) == 2
    assert rows[1][0] == application.reference
    assert rows[1][1] == "In review"
    assert rows[1][2] == application.pathway.name_en
    assert rows[1][4] == application.start_moment.starts_on.isoformat()
    assert rows[1][7] == intake_officer.full_name
    content = response.content.decode()
    assert "Fenna" not in content and "Vermeulen" not in content
    assert application.applicant.email not in content


def test_xlsx_export_holds_the_same_columns(client, intake_officer, exported):
    application, other = exported
    client.force_login(intake_officer)

    response = _export(client, [application, other], 1)

    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "reference"
    assert {row[0] for row in rows[1:]} == {application.reference, other.reference}


def test_export_needs_the_view_permission(client, researcher, exported):
    client.force_login(researcher)

    assert client.get(reverse(EXPORT)).status_code == 403
    response = _export(client, list(exported), 0)
    assert response.status_code == 403
    assert not response.has_header("Content-Disposition")
    assert not [a.reference for a in exported if a.reference in response.content.decode()]


def test_the_export_action_offers_csv_and_xlsx(client, intake_officer, exported):
    client.force_login(intake_officer)

    page = _action(client, "export_admin_action", list(exported)).content.decode()

    assert ">csv<" in page.lower() and ">xlsx<" in page.lower()


# --- The changelist ----------------------------------------------------------------------------


def _bulk_applications(count: int) -> list[Application]:
    """`count` applications over two routes, in every status, some assigned and with open requests,
    written in bulk (the factory would take minutes for 500)."""
    first = ApplicationFactory(status=S.SUBMITTED, complete=False)
    second_pathway = PathwayFactory(start=False)
    second_start = StartMomentFactory(pathway=second_pathway)
    officer = UserFactory(is_staff=True)
    rows = [
        Application(
            applicant=None,
            pathway=first.pathway if n % 2 else second_pathway,
            start_moment=first.start_moment if n % 2 else second_start,
            subject=first.subject if n % 2 else second_pathway.subjects.first(),
            status=S.values[n % len(S.values)],
            first_name=f"Voornaam{n}",
            last_name=f"Achternaam{n}",
            assigned_to=officer if n % 3 else None,
        )
        for n in range(count - 1)
    ]
    created = [first, *Application.objects.bulk_create(rows)]
    InformationRequest.objects.bulk_create(
        InformationRequest(application=application, question="Vraag?") for application in created[::4]
    )
    return created


@pytest.mark.parametrize("count", [1, 500])
def test_changelist_runs_a_fixed_number_of_queries(client, intake_officer, django_assert_max_num_queries, count):
    _bulk_applications(count)
    client.force_login(intake_officer)
    url = reverse(CHANGELIST) + "?status__exact=submitted&assigned=me&o=-6"

    with django_assert_max_num_queries(16):
        response = client.get(url)
        assert response.status_code == 200
    with django_assert_max_num_queries(16):
        assert client.get(reverse(CHANGELIST)).status_code == 200


def test_changelist_shows_open_requests_and_filters_them(client, intake_officer):
    with_request = ApplicationFactory(status=S.IN_REVIEW, complete=False)
    InformationRequestFactory(application=with_request)
    without = ApplicationFactory(status=S.IN_REVIEW, complete=False)
    client.force_login(intake_officer)

    response = client.get(reverse(CHANGELIST) + "?open_requests=yes")

    shown = [row.open_request_count for row in response.context["cl"].result_list]
    assert shown == [1]
    assert without.reference not in response.content.decode()


def test_search_finds_the_reference_and_the_email(client, intake_officer):
    wanted = ApplicationFactory(status=S.SUBMITTED, complete=False)
    other = ApplicationFactory(status=S.SUBMITTED, complete=False)
    client.force_login(intake_officer)

    by_reference = client.get(reverse(CHANGELIST), {"q": wanted.reference}).context["cl"].result_list
    by_email = client.get(reverse(CHANGELIST), {"q": wanted.applicant.email}).context["cl"].result_list

    assert list(by_reference) == [wanted]
    assert list(by_email) == [wanted]
    assert other not in by_email


def test_assigned_to_me_and_unassigned_filters(client, intake_officer):
    mine = ApplicationFactory(status=S.SUBMITTED, complete=False, assigned_to=intake_officer)
    unassigned = ApplicationFactory(status=S.SUBMITTED, complete=False)
    client.force_login(intake_officer)

    assert list(client.get(reverse(CHANGELIST), {"assigned": "me"}).context["cl"].result_list) == [mine]
    assert list(client.get(reverse(CHANGELIST), {"assigned": "none"}).context["cl"].result_list) == [unassigned]


def test_changelist_links_to_the_dashboard_and_the_export(client, intake_officer):
    client.force_login(intake_officer)

    page = client.get(reverse(CHANGELIST)).content.decode()

    assert reverse("admin:programmes_application_dashboard") in page
    assert reverse(EXPORT) in page


# --- Checklist items and the status history ----------------------------------------------------


def test_programme_coordinator_keeps_the_checklist_of_a_route(client, programme_coordinator):
    pathway = PathwayFactory()
    client.force_login(programme_coordinator)

    response = client.post(
        reverse("admin:programmes_checklistitem_add"),
        {"pathway": str(pathway.pk), "label_nl": "Diploma gecontroleerd", "label_en": "Diploma checked", "order": "1"},
    )

    assert response.status_code == 302
    assert pathway.checklist_items.get().label_en == "Diploma checked"


def test_status_history_is_read_only(client, administrator):
    application = ApplicationFactory(status=S.SUBMITTED)
    client.force_login(administrator)
    client.post(transition_url(application), {"to_status": S.IN_REVIEW})
    transition = ApplicationTransition.objects.get()

    assert client.get(reverse("admin:programmes_applicationtransition_changelist")).status_code == 200
    assert client.get(reverse("admin:programmes_applicationtransition_add")).status_code == 403
    page = client.get(reverse("admin:programmes_applicationtransition_change", args=[transition.pk]))
    assert page.status_code == 200
    assert 'type="submit"' not in page.content.decode().split('id="applicationtransition_form"')[-1]
