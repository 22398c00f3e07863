"""The notification centre, mark as read, preferences, the admin, and the first users of notify()."""

import pytest
from allauth.account.models import EmailAddress
from allauth.account.signals import email_confirmed
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape
from django_scopes import scopes_disabled

from iclon.notifications.models import Channel, Notification, NotificationPreference, Status
from iclon.notifications.services import REDACTED, message_id
from partnerships.models import SchoolRole
from partnerships.services.invitations import invitation_create, invitation_resend
from tests.factories import UserFactory
from tests.utils import nothing_written

pytestmark = pytest.mark.django_db

LIST_URL = reverse("notifications:list")
PREFERENCES_URL = reverse("notifications:preferences")
READ_ALL_URL = reverse("notifications:read-all")
CHANGELIST_URL = reverse("admin:notifications_notification_changelist")


def read_url(pk):
    return reverse("notifications:read", kwargs={"pk": pk})


def in_app(send_probe, user, key, **kwargs):
    (row,) = send_probe(key=key, recipient=user, channels=(Channel.IN_APP,), **kwargs)
    return row


@pytest.fixture
def me(db):
    return UserFactory(full_name="Mira Me", language="en")


@pytest.fixture
def someone_else(db):
    return UserFactory(full_name="Sem Else")


@pytest.fixture
def my_client(client, me):
    client.force_login(me)
    return client


# The notification centre -------------------------------------------------------------------------------


def test_the_centre_needs_a_login(client):
    response = client.get(LIST_URL)
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_the_centre_lists_only_my_in_app_notifications(my_client, me, someone_else, send_probe):
    mine = in_app(send_probe, me, "mine:1", context={"subject_text": "for-me"})
    send_probe(key="mine:mail", recipient=me, channels=(Channel.EMAIL,), context={"subject_text": "mail-only"})
    in_app(send_probe, someone_else, "theirs:1", context={"subject_text": "for-someone-else"})

    response = my_client.get(LIST_URL)

    assert response.status_code == 200
    assert [n.pk for n in response.context["page"].object_list] == [mine.pk]
    content = response.content.decode()
    assert "for-me" in content
    assert "for-someone-else" not in content
    assert "mail-only" not in content


def test_the_centre_shows_the_newest_first_and_pages(my_client, me, send_probe):
    rows = [in_app(send_probe, me, f"n:{i}") for i in range(25)]
    first = my_client.get(LIST_URL).context["page"]
    second = my_client.get(LIST_URL, {"page": 2}).context["page"]
    assert [n.pk for n in first.object_list] == [r.pk for r in reversed(rows)][:20]
    assert len(second.object_list) == 5


def test_unread_count_is_in_the_context_and_counts_only_my_unread_in_app_rows(my_client, me, someone_else, send_probe):
    first, _second = in_app(send_probe, me, "u:1"), in_app(send_probe, me, "u:2")
    send_probe(key="u:mail", recipient=me, channels=(Channel.EMAIL,))
    in_app(send_probe, someone_else, "u:other")
    Notification.objects.filter(pk=first.pk).update(read_at=first.created_at)

    response = my_client.get(LIST_URL)

    assert response.context["unread_notification_count"]() == 1
    assert "Mark all as read" in response.content.decode()


def test_the_header_links_to_the_centre_with_the_unread_count(my_client, me, send_probe):
    for i in range(3):
        in_app(send_probe, me, f"h:{i}")
    content = my_client.get(reverse("core:dashboard")).content.decode()
    link = content.split(f'href="{LIST_URL}"')[1].split("</a>")[0]
    assert ">3<" in link


def test_no_unread_count_for_anonymous_visitors(client):
    response = client.get(reverse("core:home"))
    assert "unread_notification_count" not in response.context


def test_the_unread_count_is_one_query_however_often_a_template_asks(my_client, me, send_probe):
    in_app(send_probe, me, "q:1")
    response = my_client.get(LIST_URL)
    count = response.context["unread_notification_count"]
    with CaptureQueriesContext(connection) as queries:
        assert count() == count() == 1
    assert len(queries) == 0  # already counted while rendering, once


def test_the_centre_makes_as_many_queries_for_50_notifications_as_for_1(
    my_client, me, send_probe, django_assert_max_num_queries
):
    in_app(send_probe, me, "n:0")
    with CaptureQueriesContext(connection) as one:
        assert my_client.get(LIST_URL).status_code == 200
    for i in range(1, 50):
        in_app(send_probe, me, f"n:{i}", url="/dashboard/")
    with django_assert_max_num_queries(len(one)) as fifty:
        response = my_client.get(LIST_URL)
    assert len(response.context["page"].object_list) == 20
    assert len(fifty) == len(one)


# Mark as read ------------------------------------------------------------------------------------------


def test_mark_one_as_read_then_follow_its_link(my_client, me, send_probe):
    row = in_app(send_probe, me, "r:1", url="/dashboard/")
    other = in_app(send_probe, me, "r:2")

    response = my_client.post(read_url(row.pk))

    assert response.status_code == 302
    assert response["Location"] == "/dashboard/"
    row.refresh_from_db()
    other.refresh_from_db()
    assert row.read_at is not None
    assert other.read_at is None


def test_mark_one_without_a_link_returns_to_the_centre(my_client, me, send_probe):
    row = in_app(send_probe, me, "r:1")
    response = my_client.post(read_url(row.pk))
    assert response["Location"] == LIST_URL


def test_a_link_to_another_site_is_not_followed(my_client, me, send_probe):
    row = in_app(send_probe, me, "r:evil", url="https://evil.example.com/")
    response = my_client.post(read_url(row.pk))
    assert response["Location"] == LIST_URL


def test_mark_all_as_read(my_client, me, someone_else, send_probe):
    mine = [in_app(send_probe, me, f"a:{i}") for i in range(3)]
    theirs = in_app(send_probe, someone_else, "a:other")

    response = my_client.post(READ_ALL_URL)

    assert response["Location"] == LIST_URL
    assert all(Notification.objects.get(pk=r.pk).read_at for r in mine)
    assert Notification.objects.get(pk=theirs.pk).read_at is None
    assert "All notifications are marked as read." in [str(m) for m in get_messages(response.wsgi_request)]
    assert my_client.get(LIST_URL).context["unread_notification_count"]() == 0


def test_another_users_notification_cannot_be_marked_or_followed(my_client, someone_else, send_probe):
    theirs = in_app(send_probe, someone_else, "x:1", url="/dashboard/")
    response = my_client.post(read_url(theirs.pk))
    assert response["Location"] == LIST_URL  # not their link either
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_marking_an_email_row_as_read_does_nothing(my_client, me, send_probe):
    (email,) = send_probe(key="e:1", recipient=me, channels=(Channel.EMAIL,))
    my_client.post(read_url(email.pk))
    email.refresh_from_db()
    assert email.read_at is None


@pytest.mark.parametrize("url", [READ_ALL_URL, reverse("notifications:read", kwargs={"pk": 1})])
def test_mark_as_read_is_post_only(my_client, me, send_probe, url):
    row = in_app(send_probe, me, "g:1")
    assert my_client.get(url).status_code == 405
    row.refresh_from_db()
    assert row.read_at is None


def test_mark_as_read_needs_a_login(client, me, send_probe):
    row = in_app(send_probe, me, "l:1")
    response = client.post(read_url(row.pk))
    assert response.status_code == 302 and reverse("account_login") in response["Location"]
    row.refresh_from_db()
    assert row.read_at is None


# Preferences -------------------------------------------------------------------------------------------


def test_preferences_page_shows_every_category_with_mandatory_ones_locked(my_client, digest_category):
    response = my_client.get(PREFERENCES_URL)
    assert response.status_code == 200
    rows = {row["category"].key: row for row in response.context["rows"]}
    assert {"account.welcome", "account.security", "partnerships.invitation", digest_category} <= set(rows)
    assert rows[digest_category]["email"] and rows[digest_category]["in_app"]  # on by default
    content = response.content.decode()
    assert 'name="account.security:email"' in content
    locked = content.split('name="account.security:email"')[1].split(">")[0]
    assert "disabled" in locked and "checked" in locked
    open_box = content.split(f'name="{digest_category}:email"')[1].split(">")[0]
    assert "disabled" not in open_box


def test_preferences_page_saves_choices(my_client, me, digest_category):
    response = my_client.post(PREFERENCES_URL, {f"{digest_category}:in_app": "on"})
    assert response.status_code == 302 and response["Location"] == PREFERENCES_URL
    stored = NotificationPreference.objects.get(user=me, category=digest_category)
    assert (stored.email, stored.in_app) == (False, True)
    rows = {row["category"].key: row for row in my_client.get(PREFERENCES_URL).context["rows"]}
    assert (rows[digest_category]["email"], rows[digest_category]["in_app"]) == (False, True)
    # And switched back on.
    my_client.post(PREFERENCES_URL, {f"{digest_category}:in_app": "on", f"{digest_category}:email": "on"})
    stored.refresh_from_db()
    assert (stored.email, stored.in_app) == (True, True)


def test_mandatory_categories_stay_on_when_the_post_omits_them(my_client, me, digest_category, send_probe):
    my_client.post(PREFERENCES_URL, {})  # every box unticked, mandatory ones included
    assert not NotificationPreference.objects.filter(user=me, category="account.security").exists()
    rows = {row["category"].key: row for row in my_client.get(PREFERENCES_URL).context["rows"]}
    assert rows["account.security"]["email"] and rows["account.security"]["in_app"]
    assert not rows[digest_category]["email"] and not rows[digest_category]["in_app"]
    # And notify() still sends the mandatory category on both channels, the optional one not at all.
    assert {r.channel for r in send_probe(key="s:1", recipient=me)} == {Channel.EMAIL, Channel.IN_APP}
    assert send_probe(key="d:1", recipient=me, category=digest_category) == []


def test_preferences_page_turns_off_one_channel_and_notify_respects_it(my_client, me, digest_category, send_probe):
    my_client.post(PREFERENCES_URL, {f"{digest_category}:email": "on"})
    rows = send_probe(key="d:1", recipient=me, category=digest_category)
    assert [r.channel for r in rows] == [Channel.EMAIL]


def test_preferences_need_a_login(client):
    response = client.get(PREFERENCES_URL)
    assert response.status_code == 302 and reverse("account_login") in response["Location"]


# The admin: failed notifications and the resend action -----------------------------------------------------


@pytest.fixture
def failed_email(send_probe):
    (row,) = send_probe(key="failed:1", email="guest@example.org", channels=(Channel.EMAIL,))
    Notification.objects.filter(pk=row.pk).update(status=Status.FAILED, attempts=5, last_error="SMTP down")
    return row


def test_admin_lists_failed_notifications(client, administrator, failed_email):
    client.force_login(administrator)
    response = client.get(CHANGELIST_URL, {"status__exact": Status.FAILED})
    assert response.status_code == 200
    assert [n.pk for n in response.context["cl"].result_list] == [failed_email.pk]
    assert "resend" in [name for name, _label in response.context["action_form"].fields["action"].choices]


def test_admin_resend_action_queues_and_delivers_a_failed_notification(
    client, administrator, failed_email, django_capture_on_commit_callbacks, mailoutbox
):
    client.force_login(administrator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(CHANGELIST_URL, {"action": "resend", "_selected_action": [failed_email.pk]})
    assert response.status_code == 302
    failed_email.refresh_from_db()
    assert (failed_email.status, failed_email.attempts) == (Status.SENT, 1)
    assert mailoutbox[0].extra_headers["X-ICLON-Notification"] == str(failed_email.pk)
    assert "1 notification queued again." in [str(m) for m in get_messages(response.wsgi_request)]


def test_admin_resend_action_leaves_rows_that_did_not_fail(
    client, administrator, send_probe, django_capture_on_commit_callbacks, mailoutbox
):
    (sent,) = send_probe(key="sent:1", email="guest@example.org", channels=(Channel.EMAIL,))
    Notification.objects.filter(pk=sent.pk).update(status=Status.SENT)
    client.force_login(administrator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(CHANGELIST_URL, {"action": "resend", "_selected_action": [sent.pk]})
    assert Notification.objects.get(pk=sent.pk).status == Status.SENT
    assert mailoutbox == []
    assert any("Only failed e-mail notifications" in str(m) for m in get_messages(response.wsgi_request))


def test_staff_who_may_only_view_cannot_resend(client, programme_coordinator, failed_email, mailoutbox):
    client.force_login(programme_coordinator)
    assert client.get(CHANGELIST_URL).status_code == 200
    client.post(CHANGELIST_URL, {"action": "resend", "_selected_action": [failed_email.pk]})
    assert Notification.objects.get(pk=failed_email.pk).status == Status.FAILED
    assert mailoutbox == []


def test_notifications_cannot_be_added_in_the_admin(client, administrator):
    client.force_login(administrator)
    add_url = reverse("admin:notifications_notification_add")
    assert client.get(add_url).status_code == 403
    with nothing_written(Notification):
        response = client.post(add_url, {"category": "test", "channel": Channel.EMAIL, "email": "x@example.org"})
    assert response.status_code == 403
    changelist = client.get(CHANGELIST_URL)
    assert changelist.status_code == 200
    assert add_url not in changelist.content.decode()


# The welcome e-mail ------------------------------------------------------------------------------------------


def test_welcome_email_when_the_address_is_confirmed_and_only_once(django_capture_on_commit_callbacks, mailoutbox, rf):
    user = UserFactory(full_name="Wim Welkom", language="en", verified=False)
    address = EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    with django_capture_on_commit_callbacks(execute=True):
        email_confirmed.send(sender=EmailAddress, request=rf.get("/"), email_address=address)
        email_confirmed.send(sender=EmailAddress, request=rf.get("/"), email_address=address)  # a second time

    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == [user.email]
    assert message.subject == "Welcome to the ICLON portal"
    assert "Wim Welkom" in message.body
    assert reverse("core:dashboard") in message.body
    rows = Notification.objects.filter(recipient=user, category="account.welcome")
    assert sorted(rows.values_list("channel", "status")) == [
        (Channel.EMAIL, Status.SENT),
        (Channel.IN_APP, Status.SENT),
    ]
    assert {r.language for r in rows} == {"en"}


def test_welcome_email_after_confirming_through_allauth(
    client, django_capture_on_commit_callbacks, mailoutbox, fresh_cache
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("account_signup"),
            {
                "email": "welcome.flow@example.org",
                "full_name": "Nieuwe Persoon",
                "language": "en",
                "password1": "a-long-enough-passphrase",
                "password2": "a-long-enough-passphrase",
            },
        )
    (confirmation,) = mailoutbox
    key = confirmation.body.split("/accounts/confirm-email/")[1].split("/")[0]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("account_confirm_email", kwargs={"key": key}))
    assert response.status_code == 302
    assert [m.subject for m in mailoutbox][1:] == ["Welcome to the ICLON portal"]
    assert Notification.objects.filter(category="account.welcome", channel=Channel.IN_APP).count() == 1


# The invitation e-mail goes through the outbox ---------------------------------------------------------------


def invite(placement_coordinator, school, capture, *, language="en"):
    with scopes_disabled(), capture(execute=True):
        return invitation_create(
            school=school,
            email="pieter@school-a.example.org",
            full_name="Pieter Jansen",
            role=SchoolRole.WORKPLACE_MENTOR,
            language=language,
            actor=placement_coordinator,
        )


def test_the_invitation_is_an_outbox_email_redacted_once_sent(
    placement_coordinator, school_a, django_capture_on_commit_callbacks, mailoutbox
):
    invitation, token = invite(placement_coordinator, school_a, django_capture_on_commit_callbacks)
    (row,) = Notification.objects.filter(category="partnerships.invitation")
    assert (row.channel, row.status, row.language, row.recipient) == (Channel.EMAIL, Status.SENT, "en", None)
    assert row.email == invitation.email
    (message,) = mailoutbox
    assert token in message.body
    assert message.extra_headers["X-ICLON-Notification"] == str(row.pk)
    assert '<html lang="en">' in message.alternatives[0][0]
    # The single-use link is not kept in the outbox once the e-mail is out.
    assert row.body_text == REDACTED and row.body_html == ""
    assert token not in row.subject


def test_a_resent_invitation_is_a_new_email(
    placement_coordinator, school_a, django_capture_on_commit_callbacks, mailoutbox
):
    invitation, _token = invite(placement_coordinator, school_a, django_capture_on_commit_callbacks)
    with scopes_disabled(), django_capture_on_commit_callbacks(execute=True):
        new_token = invitation_resend(invitation=invitation, actor=placement_coordinator)
    assert Notification.objects.filter(category="partnerships.invitation").count() == 2
    assert len(mailoutbox) == 2
    assert new_token in mailoutbox[1].body


def test_the_admin_shows_an_emails_message_id(client, administrator, send_probe):
    (row,) = send_probe(key="admin:message-id", email="someone@example.org", channels=(Channel.EMAIL,))
    client.force_login(administrator)
    response = client.get(reverse("admin:notifications_notification_change", args=[row.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Message-ID" in page
    assert escape(message_id(row)) in page
