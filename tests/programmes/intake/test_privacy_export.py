"""The applicant's right of access: the whole of data.json, file names in the ZIP, and the
anonymisation task's actor.

The expected export is written out here as a literal, key by key: the applicant (and whoever
reads the export for them) relies on these names, labels and values, and a key that changes
meaning must raise EXPORT_FORMAT_VERSION."""

import datetime
import io
import json
import zipfile

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from programmes.intake.services.privacy import (
    EXPORT_FORMAT_VERSION,
    application_anonymise_if_due,
    application_data_export,
)
from programmes.models import AdmissionCondition, Application, ApplicationStatus, AptitudeAssessment, DocumentKind
from tests.factories import (
    AdmissionConditionFactory,
    ApplicationDocumentFactory,
    ApplicationFactory,
    ApplicationTransitionFactory,
    AptitudeAssessmentFactory,
    DeficiencyCourseFactory,
    DegreeFieldFactory,
    ExemptionFactory,
    InformationRequestFactory,
    ModuleFactory,
    PathwayFactory,
    PriorDegreeFactory,
    SchoolSubjectFactory,
    StartMomentFactory,
    UserFactory,
)
from tests.factories.programmes import PDF_BYTES

S = ApplicationStatus
UTC = datetime.UTC


def utc(*args) -> datetime.datetime:
    return datetime.datetime(*args, tzinfo=UTC)


def at(when: datetime.datetime):
    return time_machine.travel(when, tick=False)


# When the export is made (summer time in Amsterdam: +02:00).
EXPORTED = utc(2024, 9, 2, 10, 0)


pytestmark = pytest.mark.usefixtures("private_storage")


def _export(user) -> zipfile.ZipFile:
    with at(EXPORTED):
        return zipfile.ZipFile(io.BytesIO(application_data_export(user=user)))


def _data(archive: zipfile.ZipFile) -> dict:
    return json.loads(archive.read("data.json"))


# --- one application with everything the export holds -----------------------------------------


def _biology_pathway(n: int = 0):
    return PathwayFactory(
        name_nl=f"Eerstegraads biologie {n}",
        name_en=f"First-degree biology {n}",
        subjects=[SchoolSubjectFactory(slug=f"biologie-{n}", name_nl=f"Biologie {n}", name_en=f"Biology {n}")],
        start=False,
    )


def _full_application(applicant, officer, school, *, n: int = 0) -> Application:
    """An enrolled application that went the whole way: degrees, documents, every status change
    (by the applicant, intake staff, a school contact of the portal), a request for information
    and its answer, the assessment, two conditions, an exemption and the decision."""
    pathway = _biology_pathway(n)
    start = StartMomentFactory(
        pathway=pathway, starts_on=datetime.date(2024, 9, 1), application_deadline=datetime.date(2024, 6, 1)
    )
    with at(utc(2024, 1, 10, 9, 0)):
        application = ApplicationFactory(
            applicant=applicant,
            pathway=pathway,
            start_moment=start,
            complete=False,
            first_name="Ayla",
            last_name="van 't Riet",
            date_of_birth=datetime.date(1995, 5, 17),
            phone="071 527 3400",
            street="Kolffpad 1",
            postcode="2333 BN",
            city="Leiden",
            country="Nederland",
            employed_as_teacher=True,
            employing_school=school,
            employer_name="",
            employment_hours=24,
            dutch_proficiency="nt2_ii",
            english_proficiency_notes="IELTS 7.5",
            motivation="Biologie is prachtig — ik wil het leerlingen laten zien.",
        )
        PriorDegreeFactory(
            application=application,
            level="wo_master",
            field=DegreeFieldFactory(slug=f"biologie-wo-{n}", name_nl="Biologie (wo)", name_en="Biology (university)"),
            institution="Universiteit Leiden",
            year=2020,
            subject_content_ec=60,
        )
        PriorDegreeFactory(
            application=application,
            level="wo_bachelor",
            field=None,
            field_other="Life Science & Technology",
            institution="TU Delft",
            year=2018,
            subject_content_ec=None,
        )
    with at(utc(2024, 1, 10, 9, 30)):
        ApplicationDocumentFactory(application=application, kind=DocumentKind.DIPLOMA, original_name="master.pdf")
    with at(utc(2024, 1, 10, 9, 45)):
        ApplicationDocumentFactory(application=application, kind=DocumentKind.CV, original_name="CV Ayla.pdf")
    with at(utc(2024, 1, 12, 9, 0)):
        ApplicationTransitionFactory(
            application=application, from_status=S.DRAFT, to_status=S.SUBMITTED, actor=applicant
        )
    with at(utc(2024, 1, 15, 9, 0)):
        ApplicationTransitionFactory(
            application=application, from_status=S.SUBMITTED, to_status=S.IN_REVIEW, actor=officer
        )
    with at(utc(2024, 1, 16, 9, 0)):
        InformationRequestFactory(
            application=application,
            question="Welke vakken biologie?",
            answer="Genetica en ecologie, 60 EC",
            answered_at=utc(2024, 1, 18, 9, 0),
        )
    with at(utc(2024, 1, 22, 9, 0)):
        ApplicationTransitionFactory(
            application=application, from_status=S.IN_REVIEW, to_status=S.APTITUDE_ASSESSMENT, actor=officer
        )
        AptitudeAssessmentFactory(
            application=application,
            scheduled_at=utc(2024, 2, 1, 13, 0),
            outcome=AptitudeAssessment.Outcome.SUITABLE_WITH_ADVICE,
            advice="Werk aan klassenmanagement.",
        )
    with at(utc(2024, 2, 5, 9, 0)):
        ApplicationTransitionFactory(
            application=application,
            from_status=S.APTITUDE_ASSESSMENT,
            to_status=S.ADMITTED_WITH_CONDITIONS,
            actor=officer,
            reason="Welkom; haal de deficiëntie vóór 1 juli.",
        )
        AdmissionConditionFactory(
            application=application,
            kind=AdmissionCondition.Kind.DEFICIENCY_COURSE,
            deficiency_course=DeficiencyCourseFactory(
                name_nl="Deficiëntiecursus genetica", name_en="Deficiency course genetics"
            ),
            description="Bèta4all: genetica",
            due_on=datetime.date(2024, 7, 1),
            status=AdmissionCondition.Status.MET,
        )
        AdmissionConditionFactory(
            application=application,
            kind=AdmissionCondition.Kind.OTHER,
            deficiency_course=None,
            description="VOG inleveren",
            due_on=None,
            status=AdmissionCondition.Status.WAIVED,
        )
        ExemptionFactory(
            application=application,
            module=ModuleFactory(pathway=pathway, name_nl="Vakdidactiek 1", name_en="Subject didactics 1"),
            ec=5,
            reason="EVC: eerder gevolgde cursus",
        )
    with at(utc(2024, 8, 20, 8, 0)):
        ApplicationTransitionFactory(
            application=application,
            from_status=S.ADMITTED_WITH_CONDITIONS,
            to_status=S.ENROLLED,
            actor=UserFactory(full_name="Sanne Schoolcontact"),
        )
    Application.objects.filter(pk=application.pk).update(
        status=S.ENROLLED,
        submitted_at=utc(2024, 1, 12, 9, 0),
        decided_at=utc(2024, 2, 5, 9, 0),
        decided_by=officer,
        decision_explanation="Welkom; haal de deficiëntie vóór 1 juli.",
        enrolled_at=utc(2024, 8, 20, 8, 0),
    )
    application.refresh_from_db()
    return application


def _withdrawn_after_admission(applicant) -> Application:
    """An older application, admitted and then withdrawn (by the system): its decision stays."""
    pathway = _biology_pathway(99)
    start = StartMomentFactory(
        pathway=pathway, starts_on=datetime.date(2023, 9, 1), application_deadline=datetime.date(2023, 6, 1)
    )
    with at(utc(2023, 3, 1, 9, 0)):
        application = ApplicationFactory(
            applicant=applicant,
            pathway=pathway,
            start_moment=start,
            complete=False,
            status=S.WITHDRAWN,
            first_name="Ayla",
            last_name="Riet",
            date_of_birth=None,
            phone="",
            street="",
            postcode="",
            city="",
            country="",
            dutch_proficiency="",
            motivation="",
            submitted_at=utc(2023, 3, 2, 9, 0),
            decided_at=utc(2023, 4, 3, 8, 0),
            decision_explanation="Toegelaten.",
            withdrawn_at=utc(2023, 5, 1, 8, 0),
        )
    with at(utc(2023, 5, 1, 8, 0)):
        ApplicationTransitionFactory(
            application=application, from_status=S.ADMITTED, to_status=S.WITHDRAWN, actor=None, reason="Andere baan"
        )
    return application


def _primary_draft(applicant) -> Application:
    """A draft for a primary-school route: no school subject, nothing decided."""
    pathway = PathwayFactory(name_nl="Pabo-zij-instroom", name_en="Primary lateral entry", subjects=[], start=False)
    start = StartMomentFactory(
        pathway=pathway, starts_on=datetime.date(2025, 2, 1), application_deadline=datetime.date(2024, 12, 1)
    )
    with at(utc(2024, 5, 2, 8, 0)):
        return ApplicationFactory(
            applicant=applicant,
            pathway=pathway,
            start_moment=start,
            complete=False,
            first_name="",
            last_name="",
            date_of_birth=None,
            phone="",
            street="",
            postcode="",
            city="",
            country="Nederland",
            dutch_proficiency="",
            motivation="",
        )


def _expected_full(application: Application) -> dict:
    reference = application.reference
    return {
        "reference": reference,
        "status": "enrolled",
        "status_label": "Enrolled",
        "pathway": "First-degree biology 0",
        "subject": "Biology 0",
        "start_moment": {"starts_on": "2024-09-01", "application_deadline": "2024-06-01"},
        "created_at": "2024-01-10T10:00:00+01:00",
        "submitted_at": "2024-01-12T10:00:00+01:00",
        "decided_at": "2024-02-05T10:00:00+01:00",
        "enrolled_at": "2024-08-20T10:00:00+02:00",
        "withdrawn_at": None,
        "personal_details": {
            "first_name": "Ayla",
            "last_name": "van 't Riet",
            "date_of_birth": "1995-05-17",
            "phone": "071 527 3400",
            "street": "Kolffpad 1",
            "postcode": "2333 BN",
            "city": "Leiden",
            "country": "Nederland",
        },
        "employment": {
            "employed_as_teacher": True,
            "employing_school": "Stedelijk Gymnasium A",
            "employer_name": "",
            "hours_a_week": 24,
        },
        "dutch_proficiency": "nt2_ii",
        "english_proficiency": "IELTS 7.5",
        "motivation": "Biologie is prachtig — ik wil het leerlingen laten zien.",
        "prior_education": [
            {
                "level": "wo_bachelor",
                "level_label": "University bachelor",
                "field": "Life Science & Technology",
                "institution": "TU Delft",
                "year": 2018,
                "subject_content_ec": None,
            },
            {
                "level": "wo_master",
                "level_label": "University master",
                "field": "Biology (university)",
                "institution": "Universiteit Leiden",
                "year": 2020,
                "subject_content_ec": 60,
            },
        ],
        "timeline": [
            {
                "from": "draft",
                "to": "submitted",
                "at": "2024-01-12T10:00:00+01:00",
                "by": "applicant",
                "reason": "",
            },
            {
                "from": "submitted",
                "to": "in_review",
                "at": "2024-01-15T10:00:00+01:00",
                "by": "intake staff",
                "reason": "",
            },
            {
                "from": "in_review",
                "to": "aptitude_assessment",
                "at": "2024-01-22T10:00:00+01:00",
                "by": "intake staff",
                "reason": "",
            },
            {
                "from": "aptitude_assessment",
                "to": "admitted_with_conditions",
                "at": "2024-02-05T10:00:00+01:00",
                "by": "intake staff",
                "reason": "Welkom; haal de deficiëntie vóór 1 juli.",
            },
            {
                "from": "admitted_with_conditions",
                "to": "enrolled",
                "at": "2024-08-20T10:00:00+02:00",
                "by": "portal",
                "reason": "",
            },
        ],
        "information_requests": [
            {
                "question": "Welke vakken biologie?",
                "asked_at": "2024-01-16T10:00:00+01:00",
                "answer": "Genetica en ecologie, 60 EC",
                "answered_at": "2024-01-18T10:00:00+01:00",
            }
        ],
        "aptitude_assessment": {
            "scheduled_at": "2024-02-01T14:00:00+01:00",
            "outcome": "suitable_with_advice",
            "advice": "Werk aan klassenmanagement.",
        },
        "conditions": [
            {
                "kind": "deficiency_course",
                "deficiency_course": "Deficiency course genetics",
                "description": "Bèta4all: genetica",
                "due_on": "2024-07-01",
                "status": "met",
            },
            {
                "kind": "other",
                "deficiency_course": None,
                "description": "VOG inleveren",
                "due_on": None,
                "status": "waived",
            },
        ],
        "exemptions": [{"module": "Subject didactics 1", "ec": 5, "reason": "EVC: eerder gevolgde cursus"}],
        "decision": {
            "status": "enrolled",
            "decided_at": "2024-02-05T10:00:00+01:00",
            "explanation": "Welkom; haal de deficiëntie vóór 1 juli.",
        },
        "documents": [
            {
                "kind": "cv",
                "original_name": "CV Ayla.pdf",
                "content_type": "application/pdf",
                "size": len(PDF_BYTES),
                "uploaded_at": "2024-01-10T10:45:00+01:00",
                "file": f"documents/{reference}/cv-CV Ayla.pdf",
            },
            {
                "kind": "diploma",
                "original_name": "master.pdf",
                "content_type": "application/pdf",
                "size": len(PDF_BYTES),
                "uploaded_at": "2024-01-10T10:30:00+01:00",
                "file": f"documents/{reference}/diploma-master.pdf",
            },
        ],
    }


def _expected_withdrawn(application: Application) -> dict:
    return {
        "reference": application.reference,
        "status": "withdrawn",
        "status_label": "Withdrawn",
        "pathway": "First-degree biology 99",
        "subject": "Biology 99",
        "start_moment": {"starts_on": "2023-09-01", "application_deadline": "2023-06-01"},
        "created_at": "2023-03-01T10:00:00+01:00",
        "submitted_at": "2023-03-02T10:00:00+01:00",
        "decided_at": "2023-04-03T10:00:00+02:00",
        "enrolled_at": None,
        "withdrawn_at": "2023-05-01T10:00:00+02:00",
        "personal_details": {
            "first_name": "Ayla",
            "last_name": "Riet",
            "date_of_birth": None,
            "phone": "",
            "street": "",
            "postcode": "",
            "city": "",
            "country": "",
        },
        "employment": {
            "employed_as_teacher": False,
            "employing_school": None,
            "employer_name": "",
            "hours_a_week": None,
        },
        "dutch_proficiency": "",
        "english_proficiency": "",
        "motivation": "",
        "prior_education": [],
        "timeline": [
            {
                "from": "admitted",
                "to": "withdrawn",
                "at": "2023-05-01T10:00:00+02:00",
                "by": "system",
                "reason": "Andere baan",
            }
        ],
        "information_requests": [],
        "aptitude_assessment": None,
        "conditions": [],
        "exemptions": [],
        # Withdrawn after the admission: the decision that was made stays in the export.
        "decision": {"status": "withdrawn", "decided_at": "2023-04-03T10:00:00+02:00", "explanation": "Toegelaten."},
        "documents": [],
    }


def _expected_draft(application: Application) -> dict:
    return {
        "reference": application.reference,
        "status": "draft",
        "status_label": "Draft",
        "pathway": "Primary lateral entry",
        "subject": None,
        "start_moment": {"starts_on": "2025-02-01", "application_deadline": "2024-12-01"},
        "created_at": "2024-05-02T10:00:00+02:00",
        "submitted_at": None,
        "decided_at": None,
        "enrolled_at": None,
        "withdrawn_at": None,
        "personal_details": {
            "first_name": "",
            "last_name": "",
            "date_of_birth": None,
            "phone": "",
            "street": "",
            "postcode": "",
            "city": "",
            "country": "Nederland",
        },
        "employment": {
            "employed_as_teacher": False,
            "employing_school": None,
            "employer_name": "",
            "hours_a_week": None,
        },
        "dutch_proficiency": "",
        "english_proficiency": "",
        "motivation": "",
        "prior_education": [],
        "timeline": [],
        "information_requests": [],
        "aptitude_assessment": None,
        "conditions": [],
        "exemptions": [],
        "decision": None,
        "documents": [],
    }


@pytest.fixture
def three_applications(applicant, intake_officer, school_a):
    """The applicant's applications, made in the order the pks do not follow: the full one first,
    then an older withdrawn one, then a recent draft."""
    full = _full_application(applicant, intake_officer, school_a)
    withdrawn = _withdrawn_after_admission(applicant)
    draft = _primary_draft(applicant)
    ApplicationFactory(applicant=UserFactory(), first_name="Fenna", last_name="Foreign")
    return full, withdrawn, draft


def test_export_data_json_is_exactly_the_applicants_data_in_english(applicant, three_applications):
    full, withdrawn, draft = three_applications

    with translation.override("en"):
        archive = _export(applicant)

    assert _data(archive) == {
        "format_version": 1,
        "exported_at": "2024-09-02T12:00:00+02:00",
        "account": {"email": "applicant@example.org", "full_name": "Ayla Applicant", "language": "nl"},
        # Oldest first, by when each application was made.
        "applications": [_expected_withdrawn(withdrawn), _expected_full(full), _expected_draft(draft)],
    }
    assert EXPORT_FORMAT_VERSION == 1


def test_export_labels_and_catalogue_names_follow_the_active_language(applicant, three_applications):
    full, _withdrawn, draft = three_applications

    archive = _export(applicant)  # the default language, Dutch

    exported = {a["reference"]: a for a in _data(archive)["applications"]}
    mine = exported[full.reference]
    assert (mine["status"], mine["status_label"]) == ("enrolled", "Ingeschreven")
    assert (mine["pathway"], mine["subject"]) == ("Eerstegraads biologie 0", "Biologie 0")
    assert [(d["level"], d["level_label"], d["field"]) for d in mine["prior_education"]] == [
        ("wo_bachelor", "Universitaire bachelor", "Life Science & Technology"),
        ("wo_master", "Universitaire master", "Biologie (wo)"),
    ]
    assert [c["deficiency_course"] for c in mine["conditions"]] == ["Deficiëntiecursus genetica", None]
    assert mine["exemptions"] == [{"module": "Vakdidactiek 1", "ec": 5, "reason": "EVC: eerder gevolgde cursus"}]
    assert (exported[draft.reference]["status_label"], exported[draft.reference]["pathway"]) == (
        "Concept",
        "Pabo-zij-instroom",
    )


def test_export_is_compressed_readable_json_with_the_documents_as_stored(applicant, three_applications):
    full, _withdrawn, _draft = three_applications

    archive = _export(applicant)

    text = archive.read("data.json").decode("utf-8")
    data = json.loads(text)
    # Indented by two, and letters such as "ë" and "—" written as they are (not \u escapes).
    assert text == json.dumps(data, ensure_ascii=False, indent=2)
    assert "vóór 1 juli" in text
    assert archive.getinfo("data.json").compress_type == zipfile.ZIP_DEFLATED
    assert sorted(archive.namelist()) == [
        "data.json",
        f"documents/{full.reference}/cv-CV Ayla.pdf",
        f"documents/{full.reference}/diploma-master.pdf",
    ]
    assert archive.read(f"documents/{full.reference}/cv-CV Ayla.pdf") == PDF_BYTES


def test_export_runs_the_same_number_of_queries_for_one_application_or_three(intake_officer, school_a):
    one, three = UserFactory(), UserFactory()
    _full_application(one, intake_officer, school_a, n=1)
    for n in (2, 3, 4):
        _full_application(three, intake_officer, school_a, n=n)

    with CaptureQueriesContext(connection) as for_one:
        application_data_export(user=one)
    with CaptureQueriesContext(connection) as for_three:
        application_data_export(user=three)

    assert len(_data(_export(three))["applications"]) == 3
    assert len(for_three) == len(for_one)


# --- file names in the ZIP --------------------------------------------------------------------


def _document(application, kind, original_name, minute):
    with at(utc(2024, 3, 1, 9, minute)):
        return ApplicationDocumentFactory(application=application, kind=kind, original_name=original_name)


def _files(archive: zipfile.ZipFile) -> list[tuple[str, str | None]]:
    return [(d["original_name"], d["file"]) for d in _data(archive)["applications"][0]["documents"]]


def test_documents_of_the_same_kind_and_name_are_all_kept_under_numbered_names(applicant):
    application = ApplicationFactory(applicant=applicant, complete=False)
    for minute in (1, 2, 3):
        _document(application, DocumentKind.OTHER, "scan.v2.pdf", minute)
    for minute in (4, 5):
        _document(application, DocumentKind.OTHER, "README", minute)
    folder = f"documents/{application.reference}"

    archive = _export(applicant)

    assert _files(archive) == [
        ("scan.v2.pdf", f"{folder}/other-scan.v2.pdf"),
        ("scan.v2.pdf", f"{folder}/other-scan.v2-2.pdf"),
        ("scan.v2.pdf", f"{folder}/other-scan.v2-3.pdf"),
        ("README", f"{folder}/other-README"),
        ("README", f"{folder}/other-README-2"),
    ]
    assert len(archive.namelist()) == len(set(archive.namelist())) == 6


@pytest.mark.parametrize(
    ("original_name", "file_name"),
    [
        ("../../etc/passwd", "_.._etc_passwd"),
        # (PostgreSQL stores no NUL character, so the lowest control character stored is \x01.)
        ("a\\b\x01c\x1fd.pdf", "a_b_c_d.pdf"),
        ("  ..hidden.pdf. ", "hidden.pdf"),
        ("Xray.pdfX", "Xray.pdfX"),
        ("", "document"),
        ("...", "document"),
        ("a" * 196 + ".pdf", "a" * 150),
    ],
)
def test_a_documents_name_in_the_zip_stays_in_its_folder(applicant, original_name, file_name):
    application = ApplicationFactory(applicant=applicant, complete=False)
    _document(application, DocumentKind.OTHER, original_name, 1)

    archive = _export(applicant)

    path = f"documents/{application.reference}/other-{file_name}"
    assert _files(archive) == [(original_name, path)]
    assert archive.namelist() == [path, "data.json"]


def test_a_document_whose_file_is_gone_is_listed_without_a_file(applicant, private_storage):
    application = ApplicationFactory(applicant=applicant, complete=False)
    document = _document(application, DocumentKind.CV, "cv.pdf", 1)
    private_storage.delete(document.file.name)

    archive = _export(applicant)

    assert _files(archive) == [("cv.pdf", None)]
    assert archive.namelist() == ["data.json"]


# --- the anonymisation task -------------------------------------------------------------------


def test_anonymising_when_due_records_who_asked_for_it(db, intake_officer):
    decided = utc(2022, 3, 1, 12, 0)
    with at(decided):
        application = ApplicationFactory(status=S.REJECTED, decided_at=decided)

    assert application_anonymise_if_due(
        application_id=application.pk, now=decided + datetime.timedelta(days=800), actor=intake_officer
    )

    history = Application.history.get(id=application.pk)
    assert history.history_user == intake_officer
    assert history.history_change_reason == "Anonymised after the retention period"


def test_anonymising_when_due_without_an_actor_records_no_user(db):
    decided = utc(2022, 3, 1, 12, 0)
    with at(decided):
        application = ApplicationFactory(status=S.REJECTED, decided_at=decided)

    assert application_anonymise_if_due(application_id=application.pk, now=decided + datetime.timedelta(days=800))

    assert Application.history.get(id=application.pk).history_user is None
