"""partnership_save: who may add and who may change a partnership, and what a save writes."""

import pytest
from django.contrib.auth.models import Permission

from iclon.core.errors import NotAllowed, PortalError
from partnerships.models import School, TrainingSchoolPartnership
from partnerships.services.partnerships import partnership_save
from tests.factories import SchoolFactory, StaffUserFactory

pytestmark = pytest.mark.django_db


def staff_with(*codenames):
    user = StaffUserFactory()
    user.user_permissions.set(Permission.objects.filter(content_type__app_label="partnerships", codename__in=codenames))
    return user


def new_partnership(lead):
    return TrainingSchoolPartnership(
        name="Opleidingsschool Rijnland", slug="opleidingsschool-rijnland", lead_school=lead
    )


def test_staff_who_may_add_but_not_change_create_a_partnership_with_its_members():
    lead, member = SchoolFactory(), SchoolFactory()
    actor = staff_with("add_trainingschoolpartnership", "change_school")

    partnership = partnership_save(
        partnership=new_partnership(lead), coordinators=[actor], member_schools=[lead, member], actor=actor
    )

    saved = TrainingSchoolPartnership.objects.get(pk=partnership.pk)
    assert set(saved.coordinators.all()) == {actor}
    assert set(School.objects.filter(partnership=saved)) == {lead, member}
    assert saved.history.latest().history_user == actor
    assert member.history.latest().history_user == actor


def test_staff_who_may_change_but_not_add_cannot_create_one_and_nothing_is_written():
    lead = SchoolFactory()
    actor = staff_with("change_trainingschoolpartnership", "change_school")

    with pytest.raises(NotAllowed):
        partnership_save(partnership=new_partnership(lead), coordinators=[], member_schools=[lead], actor=actor)

    assert not TrainingSchoolPartnership.objects.exists()
    assert School.objects.get(pk=lead.pk).partnership_id is None


def test_staff_who_may_add_but_not_change_cannot_change_an_existing_one(partnership):
    actor = staff_with("add_trainingschoolpartnership", "change_school")
    partnership.description = "Nieuw"

    with pytest.raises(NotAllowed):
        partnership_save(partnership=partnership, coordinators=[], member_schools=[], actor=actor)

    assert TrainingSchoolPartnership.objects.get(pk=partnership.pk).description != "Nieuw"


def test_an_invalid_field_is_a_portal_error_on_that_field_and_nothing_is_written():
    lead = SchoolFactory()
    actor = staff_with("add_trainingschoolpartnership", "change_school")
    partnership = new_partnership(lead)
    partnership.website = "geen adres"

    with pytest.raises(PortalError) as error:
        partnership_save(partnership=partnership, coordinators=[], member_schools=[lead], actor=actor)

    assert error.value.field == "website"
    assert not TrainingSchoolPartnership.objects.exists()
