"""application_missing: exactly what keeps a draft from being submitted, in order; and the rule that
only a draft is changed by its applicant (the draft step, removing a degree or a document).

The services are called directly; messages are compared as written in the code (English). The
applications start complete (ApplicationFactory: details, a degree, a motivation, the diploma, the
transcript and the CV, on a route that asks for Dutch, which a Dutch diploma proves); each test
takes away what it is about."""

import datetime

import pytest
from django.utils import translation

from iclon.core.errors import Conflict
from programmes.intake.services import applications as intake
from programmes.models import (
    Application,
    ApplicationDocument,
    ApplicationStatus,
    DocumentKind,
    DutchProficiency,
    PriorDegree,
)
from tests.factories import ApplicationDocumentFactory, ApplicationFactory, PathwayFactory, PriorDegreeFactory
from tests.utils import nothing_written

S = ApplicationStatus

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english", "private_storage")]

NAME = "Fill in your name and date of birth."
ADDRESS = "Fill in your address."
DEGREE = "Add at least one degree to your prior education."
DUTCH = "Tell us how you prove your command of Dutch."
EMPLOYER = "This route is for teachers in employment: fill in the school that employs you."
MOTIVATION = "Write your motivation (at least 50 characters)."
DIPLOMA = "Upload this document: Diploma."
TRANSCRIPT = "Upload this document: Transcript of grades."
CV = "Upload this document: CV."
PROOF_OF_DUTCH = "Upload this document: Proof of Dutch proficiency."
CONTRACT = "Upload this document: Employment contract."
SUBMITTED = "A submitted application can no longer be changed; answer a request for information instead."

# Fifty characters exactly: the shortest motivation that is enough.
FIFTY = "Ik wil leraar worden en mijn vak goed overbrengen!"


@pytest.fixture
def english():
    with translation.override("en"):
        yield


def missing(application):
    """What application_missing says of the application as stored (degrees and documents read anew)."""
    return intake.application_missing(Application.objects.get(pk=application.pk))


def lateral_entry(**fields):
    """A complete application on a lateral-entry route (for teachers in employment), its contract uploaded."""
    fields = {"employed_as_teacher": True, "employer_name": "Stichting Openbaar Onderwijs", **fields}
    application = ApplicationFactory(pathway=PathwayFactory(requires_teaching_job=True, start=False), **fields)
    ApplicationDocumentFactory(application=application, kind=DocumentKind.EMPLOYMENT_CONTRACT)
    return application


def refusal(error):
    return type(error.value), str(error.value.message), error.value.field


# --- application_missing: one part at a time --------------------------------------------------


def test_a_complete_application_misses_nothing():
    assert len(FIFTY) == 50
    assert missing(ApplicationFactory()) == []
    assert missing(lateral_entry()) == []


@pytest.mark.parametrize(
    "fields",
    [
        {"first_name": ""},
        {"last_name": ""},
        {"date_of_birth": None},
        {"first_name": "", "last_name": ""},
        {"first_name": "", "last_name": "", "date_of_birth": None},
    ],
    ids=["first name", "last name", "date of birth", "the whole name", "name and date of birth"],
)
def test_each_part_of_the_name_and_the_date_of_birth_is_needed_and_named_once(fields):
    assert missing(ApplicationFactory(**fields)) == [NAME]


@pytest.mark.parametrize(
    "fields",
    [{"postcode": ""}, {"city": ""}, {"postcode": "", "city": ""}],
    ids=["postcode", "town", "both"],
)
def test_the_postcode_and_the_town_are_both_needed(fields):
    assert missing(ApplicationFactory(**fields)) == [ADDRESS]


def test_the_street_phone_and_country_are_not_needed():
    assert missing(ApplicationFactory(street="", phone="", country="")) == []


def test_at_least_one_degree_is_needed():
    application = ApplicationFactory()
    application.degrees.all().delete()

    assert missing(application) == [DEGREE]


def test_a_route_that_asks_for_dutch_needs_to_know_how_it_is_proven():
    assert missing(ApplicationFactory(dutch_proficiency="")) == [DUTCH]


def test_a_route_that_does_not_ask_for_dutch_does_not_need_it():
    application = ApplicationFactory(pathway=PathwayFactory(dutch_proficiency_required=False), dutch_proficiency="")

    assert missing(application) == []


@pytest.mark.parametrize(
    "proficiency", [DutchProficiency.NT2_II, DutchProficiency.DEGREE_IN_DUTCH], ids=["state exam", "dutch degree"]
)
def test_dutch_proven_otherwise_than_by_a_dutch_diploma_needs_its_proof_uploaded(proficiency):
    application = ApplicationFactory(dutch_proficiency=proficiency)
    assert missing(application) == [PROOF_OF_DUTCH]

    ApplicationDocumentFactory(application=application, kind=DocumentKind.DUTCH_PROFICIENCY)
    assert missing(application) == []


@pytest.mark.parametrize("proficiency", [DutchProficiency.SECONDARY_DIPLOMA, DutchProficiency.NOT_YET])
def test_a_dutch_diploma_or_dutch_not_proven_yet_needs_no_proof_uploaded(proficiency):
    assert missing(ApplicationFactory(dutch_proficiency=proficiency)) == []


def test_the_employing_school_from_the_list_is_enough_for_lateral_entry(school_a):
    assert missing(lateral_entry(employer_name="", employing_school=school_a)) == []


def test_the_name_of_an_employer_not_listed_is_enough_for_lateral_entry():
    assert missing(lateral_entry(employer_name="Stichting Openbaar Onderwijs", employing_school=None)) == []


def test_lateral_entry_needs_the_employer_named():
    assert missing(lateral_entry(employer_name="", employing_school=None)) == [EMPLOYER]


@pytest.mark.parametrize("school", [True, False], ids=["school listed", "employer named"])
def test_lateral_entry_needs_the_applicant_employed_as_a_teacher_even_with_an_employer(school, school_a):
    application = lateral_entry(
        employed_as_teacher=False,
        employing_school=school_a if school else None,
        employer_name="" if school else "Stichting Openbaar Onderwijs",
    )

    assert missing(application) == [EMPLOYER]


def test_lateral_entry_needs_the_employment_contract_uploaded():
    application = lateral_entry()
    application.documents.filter(kind=DocumentKind.EMPLOYMENT_CONTRACT).delete()

    assert missing(application) == [CONTRACT]


def test_another_route_does_not_ask_whether_one_is_employed():
    assert missing(ApplicationFactory(employed_as_teacher=False, employer_name="")) == []


@pytest.mark.parametrize(
    ("motivation", "enough"),
    [
        (FIFTY, True),
        (FIFTY[:-1], False),
        (f"  \n{FIFTY[:-1]}\n  ", False),
        (f"  {FIFTY}  ", True),
        ("", False),
    ],
    ids=["fifty", "forty-nine", "forty-nine padded", "fifty padded", "empty"],
)
def test_the_motivation_needs_fifty_characters_without_the_spaces_around_it(motivation, enough):
    assert missing(ApplicationFactory(motivation=motivation)) == ([] if enough else [MOTIVATION])


@pytest.mark.parametrize(
    ("kind", "sentence"),
    [(DocumentKind.DIPLOMA, DIPLOMA), (DocumentKind.TRANSCRIPT, TRANSCRIPT), (DocumentKind.CV, CV)],
)
def test_each_document_everyone_needs_is_named_when_it_is_missing(kind, sentence):
    application = ApplicationFactory()
    application.documents.filter(kind=kind).delete()

    assert missing(application) == [sentence]


def test_other_documents_do_not_stand_in_for_a_required_one():
    application = ApplicationFactory()
    application.documents.filter(kind=DocumentKind.CV).delete()
    ApplicationDocumentFactory(application=application, kind=DocumentKind.OTHER)
    ApplicationDocumentFactory(application=application, kind=DocumentKind.DIPLOMA)

    assert missing(application) == [CV]


# --- application_missing: everything, and all but one ------------------------------------------

EVERYTHING = [NAME, ADDRESS, DEGREE, DUTCH, EMPLOYER, MOTIVATION, DIPLOMA, TRANSCRIPT, CV, CONTRACT]

# What each part of an empty lateral-entry application needs to be complete, and the sentence
# that names it while it is missing.
PARTS = {
    NAME: {"first_name": "Sanne", "last_name": "de Vries", "date_of_birth": datetime.date(1990, 1, 2)},
    ADDRESS: {"postcode": "2311 EZ", "city": "Leiden"},
    DEGREE: "degree",
    DUTCH: {"dutch_proficiency": DutchProficiency.NOT_YET},
    EMPLOYER: {"employed_as_teacher": True, "employer_name": "Stichting Openbaar Onderwijs"},
    MOTIVATION: {"motivation": FIFTY},
    DIPLOMA: DocumentKind.DIPLOMA,
    TRANSCRIPT: DocumentKind.TRANSCRIPT,
    CV: DocumentKind.CV,
    CONTRACT: DocumentKind.EMPLOYMENT_CONTRACT,
}


def empty_lateral_entry(*filled):
    """A lateral-entry application with nothing filled in but the parts named by `filled`."""
    fields = {
        "first_name": "",
        "last_name": "",
        "date_of_birth": None,
        "postcode": "",
        "city": "",
        "dutch_proficiency": "",
        "employed_as_teacher": False,
        "motivation": "",
    }
    for sentence in filled:
        if isinstance(PARTS[sentence], dict):
            fields.update(PARTS[sentence])
    application = ApplicationFactory(
        pathway=PathwayFactory(requires_teaching_job=True, start=False), complete=False, **fields
    )
    for sentence in filled:
        if PARTS[sentence] == "degree":
            PriorDegreeFactory(application=application)
        elif isinstance(PARTS[sentence], str):
            ApplicationDocumentFactory(application=application, kind=PARTS[sentence])
    return application


def test_an_empty_application_misses_everything_in_the_order_of_the_form():
    assert missing(empty_lateral_entry()) == EVERYTHING
    assert missing(empty_lateral_entry(*EVERYTHING)) == []


@pytest.mark.parametrize("left", EVERYTHING)
def test_an_application_missing_one_part_names_only_that_part(left):
    filled = [sentence for sentence in EVERYTHING if sentence != left]

    assert missing(empty_lateral_entry(*filled)) == [left]


@pytest.mark.parametrize("filled", EVERYTHING)
def test_an_application_with_one_part_filled_in_names_all_the_others_in_order(filled):
    assert missing(empty_lateral_entry(filled)) == [sentence for sentence in EVERYTHING if sentence != filled]


def test_submitting_an_incomplete_application_names_what_is_missing_and_changes_nothing():
    application = ApplicationFactory(last_name="", city="")

    with nothing_written(Application), pytest.raises(intake.Incomplete) as error:
        intake.application_submit(application=application, actor=application.applicant)

    assert refusal(error) == (intake.Incomplete, f"{NAME} {ADDRESS}", None)


# --- only a draft is changed by its applicant --------------------------------------------------

AFTER_SUBMITTING = [S.SUBMITTED, S.IN_REVIEW, S.ADMITTED, S.WITHDRAWN]


@pytest.mark.parametrize("status", AFTER_SUBMITTING)
def test_the_applicant_cannot_change_the_details_after_submitting(status):
    application = ApplicationFactory(status=status, complete=False)

    with nothing_written(Application), pytest.raises(Conflict) as error:
        intake.application_update(application=application, actor=application.applicant, city="Delft")

    assert refusal(error) == (Conflict, SUBMITTED, None)


@pytest.mark.parametrize("status", AFTER_SUBMITTING)
def test_the_applicant_cannot_remove_a_degree_after_submitting(status):
    application = ApplicationFactory(status=status, complete=False)
    degree = PriorDegreeFactory(application=application)

    with nothing_written(PriorDegree), pytest.raises(Conflict) as error:
        intake.degree_remove(degree=degree, actor=application.applicant)

    assert refusal(error) == (Conflict, SUBMITTED, None)


@pytest.mark.parametrize("status", AFTER_SUBMITTING)
def test_the_applicant_cannot_remove_a_document_after_submitting(
    status, private_storage, django_capture_on_commit_callbacks
):
    application = ApplicationFactory(status=status, complete=False)
    document = ApplicationDocumentFactory(application=application)

    with (
        nothing_written(ApplicationDocument),
        pytest.raises(Conflict) as error,
        django_capture_on_commit_callbacks(execute=True),
    ):
        intake.document_remove(document=document, actor=application.applicant)

    assert refusal(error) == (Conflict, SUBMITTED, None)
    assert private_storage.exists(document.file.name)


def test_the_applicant_removes_a_degree_and_a_document_from_the_draft(
    private_storage, django_capture_on_commit_callbacks
):
    application = ApplicationFactory(complete=False)
    degree, kept_degree = PriorDegreeFactory(application=application), PriorDegreeFactory(application=application)
    document = ApplicationDocumentFactory(application=application)
    name = document.file.name

    with django_capture_on_commit_callbacks(execute=True):
        intake.degree_remove(degree=degree, actor=application.applicant)
        intake.document_remove(document=document, actor=application.applicant)

    assert list(application.degrees.all()) == [kept_degree]
    assert not application.documents.exists()
    assert not private_storage.exists(name)
