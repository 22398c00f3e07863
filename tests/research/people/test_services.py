"""Researchers' profiles through the services: research staff keep every field; the person a
profile is linked to keeps the personal part of their own; everybody else is refused, and a refusal
writes nothing."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from iclon.core.errors import Conflict, NotAllowed, PortalError
from research.models import Researcher, ResearcherRole, TeachingLearningPrinciple
from research.people import services
from research.people.permissions import can_edit_profile
from tests.factories.accounts import UserFactory
from tests.factories.research import ResearcherFactory
from tests.utils import nothing_written

pytestmark = pytest.mark.django_db


def principles(*slugs):
    return list(TeachingLearningPrinciple.objects.filter(slug__in=slugs))


def create(actor, **fields):
    values = {"full_name": "Prof. dr. Janneke van der Berg", "role": ResearcherRole.PROFESSOR, **fields}
    return services.researcher_create(actor=actor, **values)


# --- create -------------------------------------------------------------------------------------


def test_research_staff_add_a_profile_with_a_normalised_orcid_and_a_slug(researcher):
    made = create(
        researcher,
        orcid="https://orcid.org/0000-0002-1825-0097",
        languages="NL, en",
        principles=principles("formatief", "onderzoekend"),
    )
    made.refresh_from_db()
    assert made.orcid == "0000-0002-1825-0097"
    assert made.orcid_url == "https://orcid.org/0000-0002-1825-0097"
    assert made.slug == "prof-dr-janneke-van-der-berg"
    assert made.languages == "nl, en"
    assert {p.slug for p in made.principles.all()} == {"formatief", "onderzoekend"}
    assert made.history.get().history_user == researcher


def test_the_same_name_gets_a_second_slug(researcher):
    first, second = create(researcher), create(researcher)
    assert (first.slug, second.slug) == ("prof-dr-janneke-van-der-berg", "prof-dr-janneke-van-der-berg-2")


def test_a_wrong_orcid_is_a_field_error_and_nothing_is_written(researcher):
    with nothing_written(Researcher), pytest.raises(PortalError) as caught:
        create(researcher, orcid="0000-0002-1825-0098")
    assert caught.value.field == "orcid"
    assert "check digit" in str(caught.value.message)


def test_one_profile_per_orcid(researcher):
    create(researcher, orcid="0000-0002-1825-0097")
    with nothing_written(Researcher), pytest.raises(PortalError) as caught:
        create(researcher, full_name="Someone else", orcid="https://orcid.org/0000-0002-1825-0097")
    assert "ORCID" in str(caught.value.message)


def test_profiles_without_orcid_are_many(researcher):
    create(researcher)
    create(researcher, full_name="Another")
    assert Researcher.objects.filter(orcid="").count() == 2


def test_only_a_teacher_researcher_has_a_school(researcher, school_a):
    with nothing_written(Researcher), pytest.raises(PortalError, match="teacher-researcher"):
        create(researcher, school=school_a)
    made = create(researcher, full_name="Tess Teacher", role=ResearcherRole.TEACHER_RESEARCHER, school=school_a)
    assert made.school == school_a


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"full_name": "  "}, "full_name"),
        ({"role": "dean"}, "role"),
        ({"languages": "dutch"}, "languages"),
        ({"secret": "x"}, "secret"),
    ],
)
def test_each_wrong_field_is_refused(researcher, fields, field):
    with nothing_written(Researcher), pytest.raises(PortalError) as caught:
        create(researcher, **fields)
    assert caught.value.field == field


def test_an_account_is_linked_to_one_profile(researcher):
    person = UserFactory()
    create(researcher, user=person)
    with nothing_written(Researcher), pytest.raises(Conflict):
        create(researcher, full_name="Second", user=person)
    with pytest.raises(PortalError) as caught:
        create(researcher, full_name="Third", user=UserFactory(is_active=False))
    assert caught.value.field == "user"


@pytest.mark.parametrize(
    "persona", ["anonymous", "applicant", "school_a_contact", "intake_officer", "professionalisation_coordinator"]
)
def test_nobody_but_research_staff_adds_a_profile(persona, request):
    actor = None if persona == "anonymous" else request.getfixturevalue(persona)
    with nothing_written(Researcher), pytest.raises(NotAllowed):
        create(actor)


def test_administrators_add_profiles(administrator):
    assert create(administrator).pk


# --- update -------------------------------------------------------------------------------------


@pytest.fixture
def person():
    return UserFactory(full_name="Pim Promovendus")


@pytest.fixture
def profile(person):
    return ResearcherFactory(full_name="Pim Promovendus", role=ResearcherRole.PHD_CANDIDATE, user=person)


def photo():
    buffer = io.BytesIO()
    Image.new("RGB", (40, 40), "navy").save(buffer, "JPEG")
    return SimpleUploadedFile("pim.jpg", buffer.getvalue(), "image/jpeg")


def test_the_person_edits_the_personal_part_of_their_own_profile(person, profile, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    services.researcher_update(
        researcher=profile,
        actor=person,
        expertise_en="Feedback literacy",
        languages="en, de",
        photo=photo(),
        principles=principles("zelfregulerend"),
    )
    profile.refresh_from_db()
    assert profile.expertise_en == "Feedback literacy"
    assert profile.languages == "en, de"
    assert profile.photo.name.startswith("research/people/")
    assert [p.slug for p in profile.principles.all()] == ["zelfregulerend"]
    assert can_edit_profile(person, profile)


@pytest.mark.parametrize(
    "changes",
    [
        {"role": ResearcherRole.PROFESSOR},
        {"orcid": "0000-0002-1825-0097"},
        {"full_name": "Dr. Pim"},
        {"active": False},
        {"slug": "pim"},
    ],
)
def test_the_person_does_not_change_what_staff_keep(person, profile, changes):
    with nothing_written(Researcher), pytest.raises(NotAllowed) as caught:
        services.researcher_update(researcher=profile, actor=person, **changes)
    assert caught.value.field == next(iter(changes))


def test_someone_else_does_not_edit_the_profile(profile, outsider, school_a_contact, intake_officer):
    other_profile = ResearcherFactory(user=outsider)
    for actor in (None, outsider, school_a_contact, intake_officer):
        with nothing_written(Researcher), pytest.raises(NotAllowed):
            services.researcher_update(researcher=profile, actor=actor, expertise_en="Hijacked")
        assert not can_edit_profile(actor, profile)
    assert can_edit_profile(outsider, other_profile)


def test_a_deactivated_account_no_longer_edits_its_profile(person, profile):
    person.is_active = False
    person.save()
    with pytest.raises(NotAllowed):
        services.researcher_update(researcher=profile, actor=person, expertise_en="Still me")


def test_a_wrong_photo_is_refused_on_the_photo_field(person, profile):
    with nothing_written(Researcher), pytest.raises(PortalError) as caught:
        services.researcher_update(
            researcher=profile, actor=person, photo=SimpleUploadedFile("cv.pdf", b"%PDF-1.7 %%EOF")
        )
    assert caught.value.field == "photo"


def test_research_staff_change_every_field(researcher, profile):
    services.researcher_update(
        researcher=profile,
        actor=researcher,
        role=ResearcherRole.POSTDOC,
        orcid="0000-0002-1694-233x",
        active=False,
        principles=principles("adaptief"),
    )
    profile.refresh_from_db()
    assert (profile.role, profile.orcid, profile.active) == (ResearcherRole.POSTDOC, "0000-0002-1694-233X", False)
    assert profile.history.latest().history_user == researcher
