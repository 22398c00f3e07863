"""In-app notifications are short texts with a link to the object, rendered when read in the
reader's language (not the e-mail with its greeting and a full address with a port)."""

import importlib

import pytest
from django.apps import apps as django_apps
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import translation

from iclon.core.privacy import erase_person
from iclon.notifications.messages import date_param, relative_link, render_message
from iclon.notifications.models import Channel, Notification
from programmes.models import PlacementStatus
from programmes.placements import notifications as placement_notifications
from tests.factories import (
    ApplicationFactory,
    NotificationFactory,
    PlacementFactory,
    PlacementOfferFactory,
    UserFactory,
)
from tests.notifications.conftest import WHEN

pytestmark = pytest.mark.django_db

LIST_URL = reverse("notifications:list")
MIGRATION = importlib.import_module("iclon.notifications.migrations.0002_notification_message")


def centre(user, language: str) -> str:
    client = Client(headers={"accept-language": language})
    client.force_login(user)
    response = client.get(LIST_URL)
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def proposed(school_a, school_a_contact):
    trainee = ApplicationFactory(first_name="Tess", last_name="Trainee", status="admitted")
    offer = PlacementOfferFactory(school=school_a, subject=trainee.subject)
    placement = PlacementFactory(trainee=trainee, offer=offer, status=PlacementStatus.PROPOSED)
    school_a_contact.language = "nl"
    school_a_contact.save(update_fields=["language"])
    placement_notifications.placement_proposed(placement=placement)
    return placement


def test_the_same_notification_reads_in_english_and_in_dutch(school_a_contact, proposed):
    row = Notification.objects.get(recipient=school_a_contact, channel=Channel.IN_APP)
    assert row.message == "Please confirm the placement of %(name)s"
    assert row.params == {"name": "Tess Trainee"}

    english = centre(school_a_contact, "en")
    dutch = centre(school_a_contact, "nl")

    assert "Please confirm the placement of Tess Trainee" in english
    assert "Bevestig de stage van Tess Trainee" in dutch
    assert "Please confirm" not in dutch


def test_the_in_app_text_is_short_and_links_to_the_object(school_a_contact, proposed):
    page = centre(school_a_contact, "en")
    path = reverse("placements:school-placement", kwargs={"pk": proposed.pk})

    row = Notification.objects.get(recipient=school_a_contact, channel=Channel.IN_APP)
    assert row.url == path  # relative: no scheme, host or port
    # Not the e-mail: no greeting, no full address.
    assert "Beste" not in page and "Dear" not in page
    assert settings.PORTAL_BASE_URL not in page
    assert ":8000" not in page
    # Opening it marks it read and follows the relative link.
    client = Client(headers={"accept-language": "en"})
    client.force_login(school_a_contact)
    response = client.post(reverse("notifications:read", kwargs={"pk": row.pk}))
    assert response["Location"] == path
    assert f'href="{path}"' in centre(school_a_contact, "en")


def test_the_e_mail_is_still_the_whole_message_in_the_recipients_language(school_a_contact, proposed):
    email = Notification.objects.get(recipient=school_a_contact, channel=Channel.EMAIL)

    assert "Tess Trainee" in email.body_text
    assert settings.PORTAL_BASE_URL in email.body_text  # an e-mail needs the full address
    assert email.subject.startswith("Bevestig")  # rendered in the recipient's language (nl)


def test_a_date_is_written_in_the_readers_language():
    params = {"name": "Tess", "date": date_param(WHEN)}

    with translation.override("en"):
        assert render_message("Evaluation of %(name)s due on %(date)s", params) == (
            "Evaluation of Tess due on 15 January 2025"
        )
    with translation.override("nl"):
        assert render_message("Evaluation of %(name)s due on %(date)s", params) == (
            "Evaluatie van Tess uiterlijk 15 januari 2025"
        )


def test_a_message_whose_placeholders_do_not_match_falls_back_to_its_text():
    assert render_message("Hello %(name)s", {}) == "Hello %(name)s"


def test_a_row_written_before_shows_its_subject_not_the_e_mail(school_a_contact):
    NotificationFactory(
        recipient=school_a_contact,
        email=school_a_contact.email,
        channel=Channel.IN_APP,
        subject="Bevestig de stage van Tess Trainee",
        body_text=f"Beste Anna,\n\nBekijk {settings.PORTAL_BASE_URL}/placements/school/placements/7/",
        url=f"{settings.PORTAL_BASE_URL}/placements/school/placements/7/",
    )

    page = centre(school_a_contact, "en")

    assert "Bevestig de stage van Tess Trainee" in page
    assert "Beste Anna" not in page
    assert Notification.objects.get(recipient=school_a_contact).link == "/placements/school/placements/7/"


def test_links_are_paths_on_this_site():
    assert relative_link(f"{settings.PORTAL_BASE_URL}/a/?b=1#c") == "/a/?b=1#c"
    assert relative_link("/x/") == "/x/"
    for elsewhere in ("https://evil.example.com/x/", "//evil.example.com/x/", "javascript:alert(1)", "mailto:a@b.nl"):
        assert relative_link(elsewhere) == ""


def test_notify_stores_a_relative_link(school_a_contact, send_probe):
    (row,) = send_probe(
        key="t:relative",
        recipient=school_a_contact,
        channels=(Channel.IN_APP,),
        url=f"{settings.PORTAL_BASE_URL}/placements/school/",
    )

    assert row.url == "/placements/school/"


def test_the_migration_makes_stored_links_relative(school_a_contact):
    row = NotificationFactory(recipient=school_a_contact, url=f"{settings.PORTAL_BASE_URL}/placements/school/")
    kept = NotificationFactory(recipient=school_a_contact, url="/notifications/")

    MIGRATION.relative_links(django_apps, None)

    row.refresh_from_db()
    kept.refresh_from_db()
    assert (row.url, kept.url) == ("/placements/school/", "/notifications/")


def test_an_erased_person_is_not_named_by_the_messages_of_other_peoples_notifications():
    person = UserFactory(full_name="Femke Verhoeven")
    reader = UserFactory()
    naming = NotificationFactory(
        recipient=reader,
        channel=Channel.IN_APP,
        subject="Femke Verhoeven is voorgesteld",
        message="%(trainee)s was proposed to your school",
        params={"trainee": "Femke Verhoeven"},
    )
    other = NotificationFactory(
        recipient=reader, channel=Channel.IN_APP, subject="Een nieuw aanbod", message="A new offer", params={}
    )
    erase_person(person)
    naming.refresh_from_db()
    other.refresh_from_db()
    assert naming.message == "" and naming.params == {}
    assert "Femke Verhoeven" not in naming.subject
    assert other.message == "A new offer", "a notification that does not name the person keeps its message"
