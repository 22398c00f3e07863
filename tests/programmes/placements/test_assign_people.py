"""Naming a placement's people (`placement_assign_people`): the workplace mentor and the
school-based teacher educator work at the school, the institute-based educator is ICLON staff and
only placement staff name them; None clears, leaving a person out keeps them, a refusal changes
nothing. The placement admin's change form saves through the same service."""

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from iclon.core.errors import NotAllowed, PortalError
from partnerships.models import SchoolRole
from programmes.models import Placement, PlacementStatus
from programmes.placements import services
from tests.factories import SchoolMembershipFactory, StaffUserFactory
from tests.factories.placements import PlacementFactory
from tests.utils import nothing_written

pytestmark = pytest.mark.django_db

NOT_AT_SCHOOL = "This person does not work at the school."
NOT_STAFF = "The institute-based teacher educator is a member of ICLON's staff."


@pytest.fixture
def placement(school_a):
    return PlacementFactory(status=PlacementStatus.CONFIRMED, offer__school=school_a, school=school_a)


@pytest.fixture
def school_a_educator(school_a):
    return SchoolMembershipFactory(
        school=school_a, role=SchoolRole.SCHOOL_TEACHER_EDUCATOR, user__full_name="Sanne Schoolopleider"
    ).user


@pytest.fixture
def iclon_educator(db):
    """ICLON staff (in no placement group): may be named, may not name anybody."""
    return StaffUserFactory(full_name="Ilse Instituutsopleider")


def people(placement):
    placement = Placement.objects.unscoped().get(pk=placement.pk)
    return placement.workplace_mentor, placement.school_teacher_educator, placement.institute_educator


# --- the service ---------------------------------------------------------------------------------


def test_the_schools_contact_names_the_mentor_and_the_school_based_educator(
    placement, school_a_contact, school_a_mentor, school_a_educator
):
    history = placement.history.count()

    returned = services.placement_assign_people(
        placement=placement,
        actor=school_a_contact,
        workplace_mentor=school_a_mentor,
        school_teacher_educator=school_a_educator,
    )

    assert (returned.workplace_mentor, returned.school_teacher_educator) == (school_a_mentor, school_a_educator)
    assert people(placement) == (school_a_mentor, school_a_educator, None)
    assert placement.history.count() == history + 1
    latest = placement.history.latest()
    assert (latest.workplace_mentor_id, latest.school_teacher_educator_id) == (school_a_mentor.pk, school_a_educator.pk)


def test_placement_staff_name_all_three(
    placement, placement_coordinator, school_a_mentor, school_a_educator, iclon_educator
):
    services.placement_assign_people(
        placement=placement,
        actor=placement_coordinator,
        workplace_mentor=school_a_mentor,
        school_teacher_educator=school_a_educator,
        institute_educator=iclon_educator,
    )

    assert people(placement) == (school_a_mentor, school_a_educator, iclon_educator)


def test_a_person_left_out_is_kept_and_none_clears(
    placement, placement_coordinator, school_a_contact, school_a_mentor, school_a_educator, iclon_educator
):
    services.placement_assign_people(
        placement=placement,
        actor=placement_coordinator,
        workplace_mentor=school_a_mentor,
        school_teacher_educator=school_a_educator,
        institute_educator=iclon_educator,
    )

    # Only the school-based educator is named anew; the mentor is left out.
    other_educator = SchoolMembershipFactory(school=placement.school, role=SchoolRole.SCHOOL_CONTACT).user
    services.placement_assign_people(
        placement=placement, actor=school_a_contact, school_teacher_educator=other_educator
    )
    assert people(placement) == (school_a_mentor, other_educator, iclon_educator)

    # Only the mentor is cleared.
    services.placement_assign_people(placement=placement, actor=school_a_contact, workplace_mentor=None)
    assert people(placement) == (None, other_educator, iclon_educator)

    # The school-based educator is cleared, the mentor (left out) stays cleared.
    services.placement_assign_people(placement=placement, actor=school_a_contact, school_teacher_educator=None)
    assert people(placement) == (None, None, iclon_educator)

    # Placement staff clear the institute-based educator.
    services.placement_assign_people(placement=placement, actor=placement_coordinator, institute_educator=None)
    assert people(placement) == (None, None, None)


@pytest.mark.parametrize("field", ["workplace_mentor", "school_teacher_educator"])
def test_somebody_who_does_not_work_at_the_school_is_refused_on_that_field(
    placement, school_a_contact, school_a_mentor, school_b_contact, field
):
    services.placement_assign_people(placement=placement, actor=school_a_contact, workplace_mentor=school_a_mentor)
    # The other school-side person is left out, so the stranger's field is the only one checked.
    with nothing_written(Placement), translation.override("en"), pytest.raises(PortalError) as error:
        services.placement_assign_people(placement=placement, actor=school_a_contact, **{field: school_b_contact})

    assert not isinstance(error.value, NotAllowed)
    assert (str(error.value), error.value.field) == (NOT_AT_SCHOOL, field)
    assert people(placement) == (school_a_mentor, None, None)


def test_a_stranger_as_school_based_educator_is_refused_even_with_a_good_mentor(
    placement, placement_coordinator, school_a_mentor, school_b_contact, iclon_educator
):
    with nothing_written(Placement), translation.override("en"), pytest.raises(PortalError) as error:
        services.placement_assign_people(
            placement=placement,
            actor=placement_coordinator,
            workplace_mentor=school_a_mentor,
            school_teacher_educator=school_b_contact,
            institute_educator=iclon_educator,
        )

    assert (str(error.value), error.value.field) == (NOT_AT_SCHOOL, "school_teacher_educator")
    assert people(placement) == (None, None, None)


def test_the_institute_based_educator_must_be_iclon_staff(
    placement, placement_coordinator, school_a_mentor, school_a_contact
):
    for not_staff in (school_a_mentor, school_a_contact):
        with nothing_written(Placement), translation.override("en"), pytest.raises(PortalError) as error:
            services.placement_assign_people(
                placement=placement,
                actor=placement_coordinator,
                workplace_mentor=school_a_mentor,
                institute_educator=not_staff,
            )
        assert not isinstance(error.value, NotAllowed)
        assert (str(error.value), error.value.field) == (NOT_STAFF, "institute_educator")
    assert people(placement) == (None, None, None)


@pytest.mark.parametrize("educator", ["iclon_educator", None])
def test_only_placement_staff_set_the_institute_based_educator(
    placement, school_a_contact, school_a_mentor, persona, educator
):
    educator = persona(educator) if educator else None
    with nothing_written(Placement), pytest.raises(NotAllowed):
        services.placement_assign_people(
            placement=placement, actor=school_a_contact, workplace_mentor=school_a_mentor, institute_educator=educator
        )
    assert people(placement) == (None, None, None)


def test_the_right_to_manage_placements_not_to_match_them_lets_staff_name_the_institute_educator(
    placement, iclon_educator
):
    manager = StaffUserFactory()
    manager.user_permissions.add(
        Permission.objects.get(codename="change_placement", content_type__app_label="programmes")
    )

    services.placement_assign_people(placement=placement, actor=manager, institute_educator=iclon_educator)

    assert people(placement) == (None, None, iclon_educator)


@pytest.mark.parametrize(
    "name", ["school_a_mentor", "school_b_contact", "outsider", "intake_officer", "researcher", "applicant"]
)
def test_who_does_not_answer_for_the_school_names_nobody(placement, school_a_mentor, persona, name):
    actor = persona(name)
    with nothing_written(Placement), pytest.raises(NotAllowed):
        services.placement_assign_people(placement=placement, actor=actor, workplace_mentor=school_a_mentor)
    assert people(placement) == (None, None, None)


def test_the_trainee_of_the_placement_names_nobody(placement, school_a_mentor):
    with nothing_written(Placement), pytest.raises(NotAllowed):
        services.placement_assign_people(
            placement=placement, actor=placement.trainee.applicant, workplace_mentor=school_a_mentor
        )


# --- the placement admin's change form ------------------------------------------------------------


@pytest.fixture
def staff_client(client, placement_coordinator):
    client.force_login(placement_coordinator)
    return client


def change_url(placement):
    return reverse("admin:programmes_placement_change", args=[placement.pk])


def form_data(mentor=None, school_educator=None, institute_educator=None):
    return {
        "workplace_mentor": mentor.pk if mentor else "",
        "school_teacher_educator": school_educator.pk if school_educator else "",
        "institute_educator": institute_educator.pk if institute_educator else "",
    }


def test_staff_name_the_people_on_the_admin_change_form(
    staff_client, placement, placement_coordinator, school_a_mentor, school_a_educator, iclon_educator
):
    history = placement.history.count()

    response = staff_client.post(change_url(placement), form_data(school_a_mentor, school_a_educator, iclon_educator))

    assert response.status_code == 302, response.context["adminform"].form.errors
    assert people(placement) == (school_a_mentor, school_a_educator, iclon_educator)
    assert placement.history.count() == history + 1
    latest = placement.history.latest()
    assert (latest.institute_educator_id, latest.history_user) == (iclon_educator.pk, placement_coordinator)
    assert not LogEntry.objects.exists()


def test_staff_clear_one_person_on_the_admin_form_and_keep_the_others(
    staff_client, placement, placement_coordinator, school_a_mentor, school_a_educator, iclon_educator
):
    services.placement_assign_people(
        placement=placement,
        actor=placement_coordinator,
        workplace_mentor=school_a_mentor,
        school_teacher_educator=school_a_educator,
        institute_educator=iclon_educator,
    )

    response = staff_client.post(change_url(placement), form_data(None, school_a_educator, iclon_educator))

    assert response.status_code == 302
    assert people(placement) == (None, school_a_educator, iclon_educator)


@pytest.mark.parametrize(
    ("field", "message"),
    [
        ("workplace_mentor", NOT_AT_SCHOOL),
        ("school_teacher_educator", NOT_AT_SCHOOL),
        ("institute_educator", NOT_STAFF),
    ],
)
def test_a_refused_person_is_an_error_on_that_field_of_the_admin_form_and_nothing_is_saved(
    staff_client, placement, school_a_mentor, school_b_contact, field, message
):
    data = form_data(mentor=school_a_mentor)
    data[field] = school_b_contact.pk  # works at another school, and is no ICLON staff

    with nothing_written(Placement):
        response = staff_client.post(change_url(placement), data)

    assert response.status_code == 200
    form = response.context["adminform"].form
    with translation.override(response.wsgi_request.LANGUAGE_CODE):
        assert form.errors == {field: [gettext(message)]}
    assert form.data[field] == str(school_b_contact.pk)  # the input is kept
    assert people(placement) == (None, None, None)
