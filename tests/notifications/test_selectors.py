"""The notifications' selector (iclon/notifications/selectors.py): a notification belongs to its
recipient; staff holding `notifications.view_notification` (every coordinator group and the
administrators, not the research staff) see every row; the inbox is always one's own."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from iclon.notifications.models import Channel
from iclon.notifications.selectors import inbox_for_user, notification_list_for_user
from tests.conftest import STAFF_PERSONAS

pytestmark = pytest.mark.django_db

VIEWING_STAFF = [name for name in STAFF_PERSONAS if name != "researcher"]


@pytest.fixture
def world(send_probe, applicant, school_a_contact):
    rows = {}
    for label, user in (("applicant", applicant), ("school", school_a_contact)):
        for row in send_probe(key=f"probe:{label}", recipient=user):
            rows[f"{label}-{row.channel}"] = row.pk
    return rows


def seen(queryset, labels):
    by_pk = {pk: label for label, pk in labels.items()}
    return {by_pk[pk] for pk in queryset.values_list("pk", flat=True) if pk in by_pk}


MINE = {"applicant": {"applicant-email", "applicant-in_app"}, "school_a_contact": {"school-email", "school-in_app"}}
EVERY = MINE["applicant"] | MINE["school_a_contact"]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("applicant", MINE["applicant"]),
        ("school_a_contact", MINE["school_a_contact"]),
        ("school_b_contact", set()),
        ("outsider", set()),
        ("anonymous", set()),
        *[(name, EVERY) for name in VIEWING_STAFF],
        ("researcher", set()),
    ],
)
def test_notification_list_for_user_follows_the_rule(world, persona, name, expected):
    user = persona(name) or AnonymousUser()
    assert seen(notification_list_for_user(user=user), world) == expected


@pytest.mark.parametrize("name", ["applicant", "school_a_contact", "administrator", "anonymous"])
def test_the_inbox_is_ones_own_in_app_notifications_also_for_staff(world, persona, name):
    user = persona(name) or AnonymousUser()
    own = {label for label in MINE.get(name, set()) if label.endswith(Channel.IN_APP)}
    assert seen(inbox_for_user(user=user), world) == own


def test_staff_who_may_see_every_notification_follow_no_link_of_anothers(client, world, administrator):
    client.force_login(administrator)
    response = client.post(reverse("notifications:read", kwargs={"pk": world["applicant-in_app"]}))
    assert response.status_code == 302
    assert response["Location"] == reverse("notifications:list")


@pytest.mark.parametrize("rows", [1, 50])
@pytest.mark.parametrize("name", ["applicant", "placement_coordinator"])
def test_notification_lists_cost_a_fixed_number_of_queries(
    send_probe, persona, django_assert_max_num_queries, rows, name
):
    user = persona(name)
    for number in range(rows):
        send_probe(key=f"probe:{number}", recipient=user)
    user = type(user).objects.get(pk=user.pk)
    with django_assert_max_num_queries(3):  # the permissions (2, staff only) and the list
        rows_seen = list(notification_list_for_user(user=user).filter(recipient=user))
    with django_assert_max_num_queries(1):
        inbox = list(inbox_for_user(user=user))
    assert (len(rows_seen), len(inbox)) == (2 * rows, rows)
