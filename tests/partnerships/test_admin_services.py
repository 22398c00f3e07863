"""Partnerships and invitations saved in the admin go through their services in the one admin
pattern: the service is called while the form validates, a refusal is an error on the form and
nothing is written, and the service's records are the only trail (no LogEntry)."""

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import Permission
from django.test import Client
from django.urls import reverse

from iclon.core.errors import PortalError
from partnerships import admin as partnerships_admin
from partnerships.models import School, SchoolInvitation, SchoolRole, TrainingSchoolPartnership
from tests.factories import StaffUserFactory

pytestmark = pytest.mark.django_db

INVITE = reverse("admin:partnerships_schoolinvitation_add")


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def login(user) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    return client


def change_page(partnership) -> str:
    return reverse("admin:partnerships_trainingschoolpartnership_change", args=[partnership.pk])


def partnership_data(partnership, members, **changes) -> dict:
    data = {
        "name": partnership.name,
        "slug": partnership.slug,
        "lead_school": partnership.lead_school_id or "",
        "member_schools": [school.pk for school in members],
        "region": partnership.region_id or "",
        "accredited_until": partnership.accredited_until.isoformat() if partnership.accredited_until else "",
        "coordinators": list(partnership.coordinators.values_list("pk", flat=True)),
        "description": partnership.description,
        "website": partnership.website,
        "_save": "Save",
    }
    data.update(changes)
    return data


def test_a_partnership_saved_in_the_admin_leaves_the_services_history_rows_and_no_log_entry(
    administrator, partnership, lead_school, school_a, school_b
):
    history = partnership.history.count()

    response = login(administrator).post(
        change_page(partnership),
        partnership_data(partnership, [lead_school, school_a, school_b], description="Samen opleiden."),
    )

    assert response.status_code == 302
    assert partnership.history.count() == history + 1
    latest = partnership.history.latest()
    assert (latest.description, latest.history_user) == ("Samen opleiden.", administrator)
    assert school_b.history.latest().history_user == administrator
    assert not LogEntry.objects.exists()


def test_members_changed_by_staff_who_may_not_change_schools_are_a_form_error_and_nothing_is_saved(
    partnership, lead_school, school_a, school_b
):
    # Partnerships may be kept without changing schools; joining one changes the school.
    keeper = StaffUserFactory()
    keeper.user_permissions.set(
        Permission.objects.filter(
            content_type__app_label="partnerships",
            codename__in=["view_trainingschoolpartnership", "change_trainingschoolpartnership", "view_school"],
        )
    )
    history = partnership.history.count()

    response = login(keeper).post(
        change_page(partnership),
        partnership_data(partnership, [lead_school, school_a, school_b], description="Samen opleiden."),
    )

    assert response.status_code == 200
    assert response.context["adminform"].form.errors == {"__all__": ["You are not allowed to do this."]}
    partnership.refresh_from_db()
    assert partnership.description != "Samen opleiden."
    assert partnership.history.count() == history
    assert School.objects.get(pk=school_b.pk).partnership_id is None
    assert not LogEntry.objects.exists()

    # The partnership's own fields, members unchanged, they may keep.
    response = login(keeper).post(
        change_page(partnership), partnership_data(partnership, [lead_school, school_a], description="Samen.")
    )
    assert response.status_code == 302
    assert TrainingSchoolPartnership.objects.get(pk=partnership.pk).description == "Samen."


def test_a_new_partnership_with_a_taken_name_is_refused_on_its_field(administrator, partnership, school_b):
    data = partnership_data(partnership, [school_b], slug="een-andere-slug", lead_school=school_b.pk)

    response = login(administrator).post(reverse("admin:partnerships_trainingschoolpartnership_add"), data)

    assert response.status_code == 200
    assert list(response.context["adminform"].form.errors) == ["name"]
    assert TrainingSchoolPartnership.objects.count() == 1
    assert School.objects.get(pk=school_b.pk).partnership_id is None


def invitation_data(school) -> dict:
    return {
        "email": "pieter.jansen@school-a.example.org",
        "full_name": "Pieter Jansen",
        "language": "nl",
        "school": school.pk,
        "role": SchoolRole.WORKPLACE_MENTOR,
        "_save": "Save",
    }


def test_an_invitation_made_in_the_admin_is_its_own_record_and_writes_no_log_entry(
    placement_coordinator, school_a, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = login(placement_coordinator).post(INVITE, invitation_data(school_a))

    assert response.status_code == 302
    invitation = SchoolInvitation.objects.unscoped().get()
    assert (invitation.school, invitation.invited_by) == (school_a, placement_coordinator)
    assert not LogEntry.objects.exists()


def test_an_invitation_the_service_refuses_is_a_form_error_with_the_input_kept(
    placement_coordinator, school_a, monkeypatch, mailoutbox
):
    def refuse(**kwargs):
        raise PortalError("This address has an invitation already.", field="email")

    monkeypatch.setattr(partnerships_admin, "invitation_create", refuse)

    response = login(placement_coordinator).post(INVITE, invitation_data(school_a))

    assert response.status_code == 200
    form = response.context["adminform"].form
    assert form.errors == {"email": ["This address has an invitation already."]}
    assert form.data["full_name"] == "Pieter Jansen"
    assert not SchoolInvitation.objects.unscoped().exists()
    assert not mailoutbox
    assert not LogEntry.objects.exists()
