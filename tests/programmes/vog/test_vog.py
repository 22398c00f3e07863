"""The certificate of conduct (programmes/vog): a trainee uploads it (checked by content, kept
private), staff check or refuse it; with a rule for its kind, a placement is confirmed by the
school and started by staff only with a checked certificate recent enough; without a rule nothing
changes; reminders before the start, once; the trainee's page, the document, the admin and the
API with who may do what; translated, specific errors that change nothing."""

import base64
import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from iclon.core.errors import Conflict, NotAllowed, PortalError
from iclon.notifications.models import Channel, Notification
from programmes.intake.models import ApplicationStatus
from programmes.placements import services as placement_services
from programmes.placements.models import Placement, PlacementStatus
from programmes.vog import services
from programmes.vog.models import VogCertificate, VogRule, VogStatus, months_before
from programmes.vog.tasks import vog_reminders
from tests.api.conftest import api_client
from tests.factories import ApplicationFactory
from tests.factories.placements import PlacementFactory, PlacementOfferFactory, PlacementPeriodFactory
from tests.factories.programmes import PDF_BYTES
from tests.utils import nothing_written

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
MINE = reverse("vog:mine")
API = reverse("api:vog-certificate-list")


def pdf(name="vog.pdf"):
    return SimpleUploadedFile(name, PDF_BYTES, content_type="application/pdf")


@pytest.fixture
def trainee(applicant):
    return ApplicationFactory(applicant=applicant, status=ApplicationStatus.ADMITTED)


@pytest.fixture
def placement(trainee, school_a):
    period = PlacementPeriodFactory(starts_on=TODAY + datetime.timedelta(days=30))
    offer = PlacementOfferFactory(school=school_a, subject=trainee.subject, period=period)
    return PlacementFactory(trainee=trainee, offer=offer, status=PlacementStatus.PROPOSED)


@pytest.fixture
def rule(db):
    rule, _created = VogRule.objects.update_or_create(
        placement_kind=Placement.Kind.OFFER, defaults={"max_age_months": 6}
    )
    return rule


def json_upload(**fields):
    return {
        "issued_on": TODAY.isoformat(),
        "file_name": "vog.pdf",
        "content_base64": base64.b64encode(PDF_BYTES).decode(),
        **fields,
    }


def upload(trainee, issued_on=TODAY - datetime.timedelta(days=10)):
    return services.vog_upload(trainee=trainee, issued_on=issued_on, upload=pdf(), actor=trainee.applicant)


def test_months_before():
    assert months_before(datetime.date(2027, 3, 31), 1) == datetime.date(2027, 2, 28)
    assert months_before(datetime.date(2027, 9, 1), 6) == datetime.date(2027, 3, 1)
    assert months_before(datetime.date(2027, 1, 15), 13) == datetime.date(2025, 12, 15)


def test_the_trainee_uploads_and_staff_check(trainee, placement_coordinator, django_capture_on_commit_callbacks):
    certificate = upload(trainee)
    assert (certificate.status, certificate.content_type, certificate.size) == (
        VogStatus.SUBMITTED,
        "application/pdf",
        len(PDF_BYTES),
    )
    assert certificate.file.name.startswith("vog/") and "vog.pdf" not in certificate.file.name

    services.vog_verify(certificate=certificate, actor=placement_coordinator)
    certificate.refresh_from_db()
    assert (certificate.status, certificate.checked_by) == (VogStatus.VERIFIED, placement_coordinator)
    row = Notification.objects.get(recipient=trainee.applicant, channel=Channel.IN_APP)
    with translation.override("en"):
        assert row.text == "Your certificate of conduct has been checked"
    with translation.override("nl"):
        assert row.text != "Your certificate of conduct has been checked"
    assert row.url == MINE
    with nothing_written(certificate), pytest.raises(Conflict):
        services.vog_verify(certificate=certificate, actor=placement_coordinator)


def test_refusing_needs_a_reason_and_tells_the_trainee(trainee, placement_coordinator):
    certificate = upload(trainee)
    with nothing_written(certificate), translation.override("en"), pytest.raises(PortalError) as refused:
        services.vog_reject(certificate=certificate, actor=placement_coordinator, reason="  ")
    with translation.override("en"):
        assert str(refused.value.message) == "Say why, so the trainee knows what to upload instead."
    services.vog_reject(certificate=certificate, actor=placement_coordinator, reason="Not readable")
    certificate.refresh_from_db()
    assert (certificate.status, certificate.rejection_reason) == (VogStatus.REJECTED, "Not readable")
    assert Notification.objects.filter(recipient=trainee.applicant, message__contains="not accepted").exists()


@pytest.mark.parametrize(
    "issued_on, message",
    [
        (None, "Enter the date on the certificate."),
        (TODAY + datetime.timedelta(days=1), "The date on the certificate cannot be in the future."),
        (TODAY.replace(year=TODAY.year - 4), "This certificate is more than 3 years old: request a new one."),
    ],
)
def test_bad_dates_are_refused_and_write_nothing(trainee, issued_on, message):
    with nothing_written(VogCertificate), translation.override("en"), pytest.raises(PortalError) as refused:
        services.vog_upload(trainee=trainee, issued_on=issued_on, upload=pdf(), actor=trainee.applicant)
    with translation.override("en"):
        assert str(refused.value.message) == message


def test_a_file_that_is_not_a_document_is_refused(trainee):
    fake = SimpleUploadedFile("vog.pdf", b"<html><script>alert(1)</script></html>", content_type="application/pdf")
    with nothing_written(VogCertificate), pytest.raises(PortalError) as refused:
        services.vog_upload(trainee=trainee, issued_on=TODAY, upload=fake, actor=trainee.applicant)
    assert refused.value.field == "file"


def test_only_the_trainee_uploads_and_only_staff_check(trainee, outsider, school_a_contact, intake_officer):
    for person in (outsider, school_a_contact, intake_officer):
        with nothing_written(VogCertificate), pytest.raises(NotAllowed):
            services.vog_upload(trainee=trainee, issued_on=TODAY, upload=pdf(), actor=person)
    certificate = upload(trainee)
    for person in (trainee.applicant, outsider, school_a_contact, intake_officer):
        with nothing_written(certificate), pytest.raises(NotAllowed):
            services.vog_verify(certificate=certificate, actor=person)


def test_without_a_rule_a_placement_needs_no_certificate(placement, school_a_contact):
    VogRule.objects.all().delete()
    placement_services.placement_confirm(placement=placement, actor=school_a_contact)
    placement.refresh_from_db()
    assert placement.status == PlacementStatus.CONFIRMED


def test_with_a_rule_the_school_cannot_confirm_without_a_checked_recent_certificate(
    rule, trainee, placement, school_a_contact, placement_coordinator
):
    with nothing_written(placement), translation.override("en"), pytest.raises(Conflict) as refused:
        placement_services.placement_confirm(placement=placement, actor=school_a_contact)
    assert "no checked certificate of conduct (VOG)" in str(refused.value.message)
    assert "at most 6 months old" in str(refused.value.message)

    # Uploaded but not checked: still refused. Checked but too old: refused.
    old = upload(trainee, issued_on=placement.period.starts_on - datetime.timedelta(days=200))
    services.vog_verify(certificate=old, actor=placement_coordinator)
    fresh = upload(trainee)
    with nothing_written(placement), pytest.raises(Conflict):
        placement_services.placement_confirm(placement=placement, actor=school_a_contact)

    services.vog_verify(certificate=fresh, actor=placement_coordinator)
    placement_services.placement_confirm(placement=placement, actor=school_a_contact)
    placement.refresh_from_db()
    assert placement.status == PlacementStatus.CONFIRMED


def test_staff_cannot_start_a_placement_without_one(rule, trainee, placement, placement_coordinator):
    Placement.objects.unscoped().filter(pk=placement.pk).update(status=PlacementStatus.CONFIRMED)
    placement.refresh_from_db()
    with nothing_written(placement), pytest.raises(Conflict):
        placement_services.placement_set_status(
            placement=placement, status=PlacementStatus.RUNNING, actor=placement_coordinator
        )
    services.vog_verify(certificate=upload(trainee), actor=placement_coordinator)
    placement_services.placement_set_status(
        placement=placement, status=PlacementStatus.RUNNING, actor=placement_coordinator
    )
    placement.refresh_from_db()
    assert placement.status == PlacementStatus.RUNNING


def test_reminders_go_once_before_the_start_and_not_when_covered(rule, trainee, placement, placement_coordinator):
    later = PlacementFactory(
        status=PlacementStatus.PROPOSED,
        offer__period=PlacementPeriodFactory(starts_on=TODAY + datetime.timedelta(days=120)),
    )
    assert vog_reminders(TODAY) == 1  # the placement within 42 days, not the later one
    assert vog_reminders(TODAY) == 1  # counted again, but the same notification
    assert Notification.objects.filter(recipient=trainee.applicant, category="programmes.vog").count() == 2
    assert not Notification.objects.filter(recipient=later.trainee.applicant).exists()
    services.vog_verify(certificate=upload(trainee), actor=placement_coordinator)
    assert vog_reminders(TODAY) == 0


def client_for(user, language="en"):
    client = Client(headers={"accept-language": language})
    if user is not None:
        client.force_login(user)
    return client


def test_the_trainees_page_says_what_is_missing_and_takes_the_upload(rule, trainee, placement):
    client = client_for(trainee.applicant)
    page = client.get(MINE).content.decode()
    assert "What is missing" in page and placement.school.name in page

    empty = client.post(MINE, {"issued_on": ""})  # as a browser sends the empty form
    assert empty.status_code == 400
    html = empty.content.decode()
    assert "Enter the date on the certificate." in html
    assert "Choose the file of your certificate (PDF, JPEG or PNG)." in html
    assert "This field is required." not in html
    assert not VogCertificate.objects.exists()

    done = client.post(MINE, {"issued_on": TODAY.isoformat(), "file": pdf()})
    assert done.status_code == 302
    certificate = VogCertificate.objects.get()
    assert certificate.trainee == trainee
    document = client.get(reverse("vog:document", args=[certificate.pk]))
    assert document.status_code == 200 and document["Cache-Control"] == "private, no-store"
    assert b"".join(document.streaming_content) == PDF_BYTES


def test_the_page_is_in_dutch(rule, trainee, placement):
    html = client_for(trainee.applicant, "nl").get(MINE).content.decode()
    assert "Mijn verklaring omtrent het gedrag (VOG)" in html


@pytest.mark.parametrize("role, status", [("outsider", 403), ("school_a_contact", 403), ("intake_officer", 403)])
def test_who_else_may_open_the_page(trainee, persona, role, status):
    refused = client_for(persona(role)).get(MINE)
    assert refused.status_code == status and "Upload a certificate" not in refused.content.decode()
    anonymous = client_for(None).get(MINE)
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"]


@pytest.mark.parametrize(
    "role, found", [("outsider", False), ("school_a_contact", False), ("placement_coordinator", True)]
)
def test_who_may_open_the_document(trainee, persona, role, found):
    certificate = upload(trainee)
    response = client_for(persona(role)).get(reverse("vog:document", args=[certificate.pk]))
    assert response.status_code == (200 if found else 404)
    body = b"".join(response.streaming_content) if found else response.content
    assert (body == PDF_BYTES) is found


def test_the_api_lists_own_and_uploads(trainee, outsider, placement_coordinator, django_assert_max_num_queries):
    client = api_client(trainee.applicant)
    created = client.post(API, json_upload(), format="json")
    assert created.status_code == 201, created.content
    body = created.json()
    assert (body["status"], body["trainee"]) == ("submitted", trainee.pk)
    assert body["document_url"] == reverse("vog:document", args=[body["id"]])
    assert [row["id"] for row in client.get(API).json()["results"]] == [body["id"]]
    assert api_client(outsider).get(API).json()["results"] == []
    assert api_client(outsider).post(API, json_upload(), format="json").status_code == 403
    assert api_client(None).get(API).status_code == 401

    staff = api_client(placement_coordinator)
    verify = reverse("api:vog-certificate-verify", args=[body["id"]])
    assert client.post(verify).status_code == 403
    assert staff.post(verify).json()["status"] == "verified"
    assert staff.post(verify).status_code == 409

    for _n in range(49):
        upload(ApplicationFactory(status=ApplicationStatus.ENROLLED))
    with django_assert_max_num_queries(12):
        assert staff.get(API, {"page_size": 50}).json()["count"] == 50


def test_the_api_refuses_bad_base64_and_a_file_that_is_no_document(trainee):
    client = api_client(trainee.applicant)
    with nothing_written(VogCertificate):
        bad = client.post(API, json_upload(content_base64="not base64!"), format="json")
        html = client.post(API, json_upload(content_base64=base64.b64encode(b"<html></html>").decode()), format="json")
    assert bad.status_code == 400 and "content_base64" in bad.json()["errors"]
    assert html.status_code == 400 and "file" in html.json()["errors"]


def test_the_api_refuses_without_a_reason(trainee, placement_coordinator):
    certificate = upload(trainee)
    staff = api_client(placement_coordinator)
    reject = reverse("api:vog-certificate-reject", args=[certificate.pk])
    with nothing_written(certificate):
        assert staff.post(reject, {"reason": ""}, format="json").status_code == 400
    assert staff.post(reject, {"reason": "Wrong person"}, format="json").json()["status"] == "rejected"


def test_the_admin_checks_and_refuses(trainee, placement_coordinator):
    first, second = upload(trainee), upload(trainee)
    client = client_for(placement_coordinator)
    changelist = reverse("admin:programmes_vogcertificate_changelist")
    assert client.get(changelist).status_code == 200
    client.post(changelist, {"action": "mark_checked", "_selected_action": [first.pk]})
    first.refresh_from_db()
    assert first.status == VogStatus.VERIFIED
    reject = reverse("admin:programmes_vogcertificate_reject", args=[second.pk])
    empty = client.post(reject, {"reason": ""})
    assert "Say why, so the trainee knows what to upload instead." in empty.content.decode()
    assert client.post(reject, {"reason": "Blurred"}).status_code == 302
    second.refresh_from_db()
    assert (second.status, second.rejection_reason) == (VogStatus.REJECTED, "Blurred")


def test_the_dashboard_tells_the_trainee_and_counts_for_staff(rule, trainee, placement, placement_coordinator):
    upload(trainee)
    trainee_page = client_for(trainee.applicant).get(reverse("core:dashboard")).content.decode()
    assert "Upload a certificate of conduct (VOG) for your placement at" in trainee_page
    staff_page = client_for(placement_coordinator).get(reverse("core:dashboard")).content.decode()
    assert "certificate of conduct waiting for a check" in staff_page
    assert "status__exact=submitted" in staff_page
