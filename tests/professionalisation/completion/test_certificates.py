"""The certificate's PDF, read back with pypdf: the participant's name, the activity's title in the
certificate's language, the session, the number and the verification address, in Dutch and in
English."""

import io

import pytest
from pypdf import PdfReader

from professionalisation.completion import services
from professionalisation.completion.certificates import certificate_pdf
from professionalisation.models import Completion
from tests.factories import RegistrationFactory, UserFactory

pytestmark = pytest.mark.django_db


def issued(session, staff, participant):
    registration = RegistrationFactory(session=session, participant=participant)
    for meeting in session.meetings.all():
        services.attendance_record(meeting=meeting, registration=registration, present=True, actor=staff)
    return Completion.objects.get(registration=registration).certificate


def text_of(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 1
    return " ".join(reader.pages[0].extract_text().split())


@pytest.mark.parametrize(
    ("language", "title", "other_title", "words"),
    [
        ("nl", "Formatief handelen", "Formative assessment", "12 uur"),
        ("en", "Formative assessment", "Formatief handelen", "12 hours"),
    ],
)
def test_the_pdf_shows_name_title_number_and_address_in_the_certificates_language(
    language, title, other_title, words, session, professionalisation_coordinator
):
    session.activity.study_load_hours = 12
    session.activity.save()
    person = UserFactory(full_name="Ça Şahin-Öztürk", language=language)
    certificate = issued(session, professionalisation_coordinator, person)

    pdf = certificate_pdf(certificate)
    text = text_of(pdf)

    assert pdf.startswith(b"%PDF-")
    assert "Ça Şahin-Öztürk" in text
    assert title in text and other_title not in text
    assert session.name in text
    assert certificate.number in text
    assert f"/professionalisation/verify/{certificate.code}/" in text
    assert "ICLON" in text and "Leiden" in text
    if language == "en":
        assert "Certificate" in text and words in text


def test_the_pdf_is_a4(session, professionalisation_coordinator, participant):
    certificate = issued(session, professionalisation_coordinator, participant)

    page = PdfReader(io.BytesIO(certificate_pdf(certificate))).pages[0]

    assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (595, 842)
