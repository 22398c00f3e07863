"""School memberships saved in the admin go through partnerships/services/memberships.py: on their
own change page and in the rows on a school's page. The service's refusals are form errors, its
history rows are the only record of the change (no admin LogEntry), and a page with one refused
row saves nothing at all."""

import datetime

import pytest
from django.contrib.admin.models import LogEntry
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from partnerships import admin as partnerships_admin
from partnerships.models import SchoolMembership, SchoolRole
from partnerships.services import memberships as memberships_service
from tests.factories import SchoolMembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

DUPLICATE = "This person already has this role at this school."
END_BEFORE_START = "The end date cannot be before the start date."
ADD_URL = reverse("admin:partnerships_schoolmembership_add")


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def calls(monkeypatch):
    """The service calls the admin makes, by name, with their keyword arguments."""
    made = []
    for name in ("membership_create", "membership_update", "membership_delete"):
        service = getattr(memberships_service, name)

        def spy(*args, _service=service, _name=name, **kwargs):
            made.append((_name, kwargs))
            return _service(*args, **kwargs)

        monkeypatch.setattr(partnerships_admin, name, spy, raising=False)
    return made


def login(user) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    return client


def memberships(**filters):
    return SchoolMembership.objects.unscoped().filter(**filters)


def history_count() -> int:
    return SchoolMembership.history.count()


def errors_of(response) -> list[str]:
    """Every error message of the page's form and inline rows."""
    found = []
    form = response.context["adminform"].form
    found += [message for messages in form.errors.values() for message in messages]
    for inline in response.context["inline_admin_formsets"]:
        for row in inline.formset.forms:
            found += [message for messages in row.errors.values() for message in messages]
        found += list(inline.formset.non_form_errors())
    return found


def form_data(response) -> dict:
    """The POST data of an admin change page as the browser would send it unchanged: the main
    form's fields and every inline row, with the management forms."""
    data = {"_save": "Save"}

    def add(form):
        for bound in form:
            value = bound.value()
            if bound.field.show_hidden_initial:
                initial = bound.initial
                data[bound.html_initial_name] = "" if initial is None else str(initial)
            if value is None or value is False:
                continue
            if isinstance(value, list | tuple):
                data[bound.html_name] = [str(v) for v in value]
            else:
                data[bound.html_name] = "on" if value is True else str(value)

    add(response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        for bound in formset.management_form:
            data[bound.html_name] = str(bound.value())
        for row in formset.forms:
            add(row)
    return data


def add_row(data: dict, prefix: str, **values) -> None:
    """A new row in the inline `prefix`, as the admin's "Add another" makes one."""
    index = int(data[f"{prefix}-TOTAL_FORMS"])
    data[f"{prefix}-TOTAL_FORMS"] = str(index + 1)
    data[f"{prefix}-{index}-active_from"] = timezone.localdate().isoformat()
    data[f"initial-{prefix}-{index}-active_from"] = timezone.localdate().isoformat()
    for name, value in values.items():
        data[f"{prefix}-{index}-{name}"] = str(value)


def row_index(data: dict, prefix: str, membership) -> int:
    return next(
        i for i in range(int(data[f"{prefix}-TOTAL_FORMS"])) if data.get(f"{prefix}-{i}-id") == str(membership.pk)
    )


def school_page(school) -> str:
    return reverse("admin:partnerships_school_change", args=[school.pk])


def membership_page(membership) -> str:
    return reverse("admin:partnerships_schoolmembership_change", args=[membership.pk])


PREFIX = "memberships"


# --- The membership's own pages ------------------------------------------------------------------


def test_membership_added_in_the_admin_is_written_by_the_service_with_history(calls, placement_coordinator, school_b):
    newcomer = UserFactory(email="nieuw@school-b.example.org")
    today = timezone.localdate()

    response = login(placement_coordinator).post(
        ADD_URL,
        {
            "user": newcomer.pk,
            "school": school_b.pk,
            "role": SchoolRole.WORKPLACE_MENTOR,
            "active_from": today.isoformat(),
            "initial-active_from": today.isoformat(),
            "active_until": "",
            "_save": "Save",
        },
    )

    assert response.status_code == 302, response.context and errors_of(response)
    assert [(name, kwargs["actor"], kwargs["user"]) for name, kwargs in calls] == [
        ("membership_create", placement_coordinator, newcomer)
    ]
    membership = memberships(user=newcomer).get()
    assert (membership.school, membership.role, membership.active_from) == (
        school_b,
        SchoolRole.WORKPLACE_MENTOR,
        today,
    )
    (row,) = membership.history.all()
    assert (row.history_type, row.history_user, row.role) == ("+", placement_coordinator, SchoolRole.WORKPLACE_MENTOR)
    assert not LogEntry.objects.exists()


def test_adding_a_membership_the_person_already_holds_is_refused_with_the_services_message(
    calls, placement_coordinator, school_a, school_a_mentor
):
    before = history_count()

    response = login(placement_coordinator).post(
        ADD_URL,
        {
            "user": school_a_mentor.pk,
            "school": school_a.pk,
            "role": SchoolRole.WORKPLACE_MENTOR,
            "active_from": "2030-01-01",
            "initial-active_from": timezone.localdate().isoformat(),
            "_save": "Save",
        },
    )

    assert response.status_code == 200
    assert DUPLICATE in errors_of(response)
    assert DUPLICATE in response.content.decode()
    assert memberships(user=school_a_mentor).count() == 1
    assert history_count() == before
    assert not LogEntry.objects.exists()


def test_changing_a_membership_into_a_duplicate_is_refused_and_changes_nothing(calls, placement_coordinator, school_a):
    person = UserFactory()
    SchoolMembershipFactory(user=person, school=school_a, role=SchoolRole.SCHOOL_LEADER)
    mentor = SchoolMembershipFactory(user=person, school=school_a, role=SchoolRole.WORKPLACE_MENTOR)
    before = history_count()

    response = login(placement_coordinator).post(
        membership_page(mentor),
        {"role": SchoolRole.SCHOOL_LEADER, "active_from": mentor.active_from.isoformat(), "_save": "Save"},
    )

    assert response.status_code == 200
    assert errors_of(response) == [DUPLICATE]
    assert [name for name, _kwargs in calls] == ["membership_update"]
    mentor.refresh_from_db()
    assert mentor.role == SchoolRole.WORKPLACE_MENTOR
    assert history_count() == before


def test_changing_a_membership_is_written_by_the_service_with_one_history_row(
    calls, placement_coordinator, school_a, school_a_mentor
):
    membership = memberships(user=school_a_mentor).get()
    until = timezone.localdate() + datetime.timedelta(days=300)

    response = login(placement_coordinator).post(
        membership_page(membership),
        {
            "role": SchoolRole.WORKPLACE_MENTOR,
            "active_from": membership.active_from.isoformat(),
            "active_until": until.isoformat(),
            "_save": "Save",
        },
    )

    assert response.status_code == 302
    assert [(name, kwargs["active_until"]) for name, kwargs in calls] == [("membership_update", until)]
    membership.refresh_from_db()
    assert membership.active_until == until
    latest = membership.history.first()
    assert (membership.history.count(), latest.history_type, latest.history_user) == (2, "~", placement_coordinator)
    assert latest.active_until == until
    assert not LogEntry.objects.exists()


def test_a_period_that_ends_before_it_starts_is_refused_on_the_change_page(
    placement_coordinator, school_a, school_a_mentor
):
    membership = memberships(user=school_a_mentor).get()
    period = (membership.active_from, membership.active_until)
    before = history_count()

    response = login(placement_coordinator).post(
        membership_page(membership),
        {
            "role": membership.role,
            "active_from": "2030-02-01",
            "active_until": "2030-01-31",
            "_save": "Save",
        },
    )

    assert response.status_code == 200
    assert END_BEFORE_START in errors_of(response)
    membership.refresh_from_db()
    assert (membership.active_from, membership.active_until) == period
    assert history_count() == before


def test_the_person_and_school_of_a_membership_are_not_changed_on_its_page(
    placement_coordinator, school_a_mentor, school_b
):
    membership = memberships(user=school_a_mentor).get()
    response = login(placement_coordinator).get(membership_page(membership))
    form = response.context["adminform"].form
    assert "user" not in form.fields and "school" not in form.fields
    assert membership.school.name in response.content.decode()

    login(placement_coordinator).post(
        membership_page(membership),
        {
            "user": UserFactory().pk,
            "school": school_b.pk,
            "role": membership.role,
            "active_from": membership.active_from.isoformat(),
            "_save": "Save",
        },
    )
    membership.refresh_from_db()
    assert (membership.user, membership.school) == (school_a_mentor, membership.school)
    assert membership.school != school_b


def test_deleting_a_membership_in_the_admin_goes_through_the_service(calls, administrator, school_a_mentor):
    membership = memberships(user=school_a_mentor).get()
    url = reverse("admin:partnerships_schoolmembership_delete", args=[membership.pk])

    response = login(administrator).post(url, {"post": "yes"})

    assert response.status_code == 302
    assert [(name, kwargs["actor"]) for name, kwargs in calls] == [("membership_delete", administrator)]
    assert not memberships(pk=membership.pk).exists()
    removed = SchoolMembership.history.filter(id=membership.pk).first()
    assert (removed.history_type, removed.history_user) == ("-", administrator)
    assert not LogEntry.objects.exists()


def test_the_delete_action_removes_memberships_through_the_service(calls, administrator, school_a_mentor):
    membership = memberships(user=school_a_mentor).get()
    response = login(administrator).post(
        reverse("admin:partnerships_schoolmembership_changelist"),
        {"action": "delete_selected", "_selected_action": [membership.pk], "post": "yes"},
    )
    assert response.status_code == 302
    assert [name for name, _kwargs in calls] == ["membership_delete"]
    assert not memberships(pk=membership.pk).exists()
    assert SchoolMembership.history.filter(id=membership.pk).first().history_user == administrator
    assert not LogEntry.objects.exists()


def test_a_membership_is_not_reverted_from_its_history(administrator, school_a_mentor):
    membership = memberships(user=school_a_mentor).get()
    first = membership.history.first()
    SchoolMembership.objects.unscoped().filter(pk=membership.pk).update(role=SchoolRole.SCHOOL_LEADER)
    url = reverse("admin:partnerships_schoolmembership_simple_history", args=[membership.pk, first.history_id])

    response = login(administrator).post(url, {"role": SchoolRole.WORKPLACE_MENTOR, "_save": "Save"})

    assert response.status_code == 403
    membership.refresh_from_db()
    assert membership.role == SchoolRole.SCHOOL_LEADER


# --- The rows on a school's page ------------------------------------------------------------------


def test_school_add_page_has_no_membership_rows(administrator):
    response = login(administrator).get(reverse("admin:partnerships_school_add"))
    assert response.status_code == 200
    assert response.context["inline_admin_formsets"] == []


def test_a_row_added_on_the_school_page_is_written_by_the_service_with_history(
    calls, placement_coordinator, school_a, school_a_contact
):
    client = login(placement_coordinator)
    newcomer = UserFactory(full_name="Nina Nieuw")
    school_history = school_a.history.count()
    data = form_data(client.get(school_page(school_a)))
    add_row(data, PREFIX, user=newcomer.pk, role=SchoolRole.WORKPLACE_MENTOR)

    response = client.post(school_page(school_a), data)

    assert response.status_code == 302, response.context and errors_of(response)
    assert [(name, kwargs["school"], kwargs["user"]) for name, kwargs in calls] == [
        ("membership_create", school_a, newcomer)
    ]
    membership = memberships(user=newcomer).get()
    assert (membership.school, membership.role) == (school_a, SchoolRole.WORKPLACE_MENTOR)
    (row,) = membership.history.all()
    assert (row.history_type, row.history_user) == ("+", placement_coordinator)
    # The unchanged contact's row was not saved again, nor the unchanged school.
    assert memberships(user=school_a_contact).get().history.count() == 1
    assert school_a.history.count() == school_history
    assert not LogEntry.objects.exists()


def test_a_duplicate_row_on_the_school_page_is_refused_and_nothing_on_the_page_is_saved(
    calls, placement_coordinator, school_a, school_a_contact
):
    client = login(placement_coordinator)
    newcomer = UserFactory()
    data = form_data(client.get(school_page(school_a)))
    add_row(data, PREFIX, user=newcomer.pk, role=SchoolRole.WORKPLACE_MENTOR)
    add_row(data, PREFIX, user=school_a_contact.pk, role=SchoolRole.SCHOOL_CONTACT)
    data["name"] = "Stedelijk Gymnasium A (nieuw)"
    before = history_count()

    response = client.post(school_page(school_a), data)

    assert response.status_code == 200
    assert errors_of(response) == [DUPLICATE]
    assert DUPLICATE in response.content.decode()
    # The valid new row was written by its service while the page validated, and rolled back.
    assert [name for name, _kwargs in calls] == ["membership_create", "membership_create"]
    assert not memberships(user=newcomer).exists()
    assert memberships(school=school_a).count() == 1
    assert history_count() == before
    school_a.refresh_from_db()
    assert school_a.name == "Stedelijk Gymnasium A"


def test_changing_a_row_into_a_duplicate_on_the_school_page_is_refused(
    calls, placement_coordinator, school_a, school_a_contact
):
    client = login(placement_coordinator)
    leader = SchoolMembershipFactory(user=school_a_contact, school=school_a, role=SchoolRole.SCHOOL_LEADER)
    data = form_data(client.get(school_page(school_a)))
    data[f"{PREFIX}-{row_index(data, PREFIX, leader)}-role"] = SchoolRole.SCHOOL_CONTACT
    before = history_count()

    response = client.post(school_page(school_a), data)

    assert response.status_code == 200
    assert errors_of(response) == [DUPLICATE]
    leader.refresh_from_db()
    assert leader.role == SchoolRole.SCHOOL_LEADER
    assert history_count() == before


def test_a_row_cannot_move_to_another_person(placement_coordinator, school_a, school_a_contact):
    client = login(placement_coordinator)
    membership = memberships(user=school_a_contact).get()
    data = form_data(client.get(school_page(school_a)))
    data[f"{PREFIX}-{row_index(data, PREFIX, membership)}-user"] = str(UserFactory().pk)

    response = client.post(school_page(school_a), data)

    assert response.status_code == 200
    assert errors_of(response) == ["A membership cannot move to another person or school; remove it and add a new one."]
    membership.refresh_from_db()
    assert membership.user == school_a_contact


def test_a_row_removed_on_the_school_page_is_removed_by_the_service(
    calls, administrator, school_a, school_a_contact, school_a_mentor
):
    client = login(administrator)
    mentor = memberships(user=school_a_mentor).get()
    data = form_data(client.get(school_page(school_a)))
    data[f"{PREFIX}-{row_index(data, PREFIX, mentor)}-DELETE"] = "on"

    response = client.post(school_page(school_a), data)

    assert response.status_code == 302
    assert [(name, kwargs["actor"]) for name, kwargs in calls] == [("membership_delete", administrator)]
    assert not memberships(pk=mentor.pk).exists()
    assert memberships(user=school_a_contact).exists()
    removed = SchoolMembership.history.filter(id=mentor.pk).first()
    assert (removed.history_type, removed.history_user) == ("-", administrator)
    assert not LogEntry.objects.exists()


def test_changing_the_school_and_a_row_logs_the_schools_fields_only(
    calls, placement_coordinator, school_a, school_a_mentor
):
    client = login(placement_coordinator)
    mentor = memberships(user=school_a_mentor).get()
    data = form_data(client.get(school_page(school_a)))
    data["phone"] = "0715555555"
    data[f"{PREFIX}-{row_index(data, PREFIX, mentor)}-role"] = SchoolRole.SCHOOL_TEACHER_EDUCATOR

    response = client.post(school_page(school_a), data)

    assert response.status_code == 302, response.context and errors_of(response)
    assert [name for name, _kwargs in calls] == ["membership_update"]
    mentor.refresh_from_db()
    assert mentor.role == SchoolRole.SCHOOL_TEACHER_EDUCATOR
    assert mentor.history.first().history_user == placement_coordinator
    (entry,) = LogEntry.objects.all()
    assert entry.object_id == str(school_a.pk)
    assert "membership" not in entry.get_change_message().lower()
    assert "Phone" in entry.get_change_message() or "telephone" in entry.get_change_message().lower()
