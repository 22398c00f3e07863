"""The shortlist's services: saving, the duplicate, what may not be saved, removing one's own
and nobody else's, and the e-mails to oneself (rate-limited)."""

import datetime

import pytest
import time_machine
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core import mail
from django.utils import translation
from django.utils.translation import gettext

from iclon.core.errors import Conflict, NotAllowed, PortalError
from iclon.notifications.models import Channel, Notification
from programmes.catalogue.route_finder import FinderInput, find_routes
from programmes.shortlist import notifications, services
from programmes.shortlist.models import SavedRoute
from tests.factories import PathwayFactory, SavedRouteFactory, UserFactory
from tests.utils import nothing_written

pytestmark = pytest.mark.django_db


def test_a_route_is_saved_with_its_note(applicant):
    pathway = PathwayFactory()
    saved = services.saved_route_create(user=applicant, pathway=pathway, note="  Open dag in maart  ")
    assert list(SavedRoute.objects.values_list("user", "pathway", "note")) == [
        (applicant.pk, pathway.pk, "Open dag in maart")
    ]
    assert saved.pk == SavedRoute.objects.get().pk


def test_the_same_route_twice_is_refused_with_a_clear_message(applicant):
    saved = SavedRouteFactory(user=applicant)
    with nothing_written(SavedRoute), translation.override("en"), pytest.raises(Conflict) as refused:
        services.saved_route_create(user=applicant, pathway=saved.pathway)
    assert str(refused.value.message) == gettext("This route is already on your shortlist.")
    assert refused.value.field == "pathway"


def test_another_person_may_save_the_same_route(applicant, outsider):
    saved = SavedRouteFactory(user=outsider)
    services.saved_route_create(user=applicant, pathway=saved.pathway)
    assert SavedRoute.objects.filter(pathway=saved.pathway).count() == 2


def test_an_unpublished_route_cannot_be_saved(applicant):
    pathway = PathwayFactory(is_published=False)
    with nothing_written(SavedRoute), translation.override("en"), pytest.raises(PortalError) as refused:
        services.saved_route_create(user=applicant, pathway=pathway)
    assert str(refused.value.message) == gettext("This route cannot be saved: it is not (or no longer) offered.")


def test_a_note_longer_than_500_characters_is_refused(applicant):
    pathway = PathwayFactory()
    with nothing_written(SavedRoute), translation.override("en"), pytest.raises(PortalError) as refused:
        services.saved_route_create(user=applicant, pathway=pathway, note="x" * 501)
    assert str(refused.value.message) == gettext("Keep the note to 500 characters.")
    services.saved_route_create(user=applicant, pathway=pathway, note="x" * 500)
    assert SavedRoute.objects.get().note == "x" * 500


@pytest.mark.parametrize("user", [None, "anonymous", "inactive"])
def test_only_a_signed_in_active_person_keeps_a_shortlist(user):
    person = {None: None, "anonymous": AnonymousUser(), "inactive": UserFactory(is_active=False)}[user]
    pathway = PathwayFactory()
    with nothing_written(SavedRoute), translation.override("en"), pytest.raises(NotAllowed) as refused:
        services.saved_route_create(user=person, pathway=pathway)
    assert str(refused.value.message) == gettext("Log in to keep a shortlist of routes.")


def test_the_owner_removes_a_saved_route(applicant):
    saved = SavedRouteFactory(user=applicant)
    kept = SavedRouteFactory(user=applicant)
    services.saved_route_delete(saved_route=saved, actor=applicant)
    assert list(SavedRoute.objects.values_list("pk", flat=True)) == [kept.pk]


def test_nobody_removes_another_persons_saved_route(applicant, outsider, administrator):
    saved = SavedRouteFactory(user=applicant)
    for actor in (outsider, administrator):
        with nothing_written(SavedRoute), pytest.raises(NotAllowed):
            services.saved_route_delete(saved_route=saved, actor=actor)


def test_removing_by_route_takes_only_ones_own_row(applicant, outsider):
    mine = SavedRouteFactory(user=applicant)
    theirs = SavedRouteFactory(user=outsider, pathway=mine.pathway)
    assert services.saved_route_remove_pathway(user=applicant, pathway=mine.pathway) is True
    assert services.saved_route_remove_pathway(user=applicant, pathway=mine.pathway) is False
    assert list(SavedRoute.objects.values_list("pk", flat=True)) == [theirs.pk]


# --- e-mails to oneself ---------------------------------------------------------------------------


def test_the_shortlist_is_emailed_with_its_routes_and_notes(applicant, django_capture_on_commit_callbacks):
    applicant.language = "en"
    applicant.save()
    first = SavedRouteFactory(user=applicant, pathway__name_en="Teacher of biology", note="Open day in March")
    SavedRouteFactory(user=applicant, pathway__name_en="Teacher of chemistry")
    SavedRouteFactory(pathway__name_en="Somebody else's route")
    with django_capture_on_commit_callbacks(execute=True):
        assert services.shortlist_email(user=applicant) == 2
    [message] = mail.outbox
    assert message.to == [applicant.email]
    assert message.subject == "Your shortlist: 2 routes into teaching"
    assert "Teacher of biology" in message.body and "Teacher of chemistry" in message.body
    assert "Open day in March" in message.body
    assert f"/routes/{first.pathway.slug}/" in message.body
    assert "Somebody else" not in message.body
    # E-mail only: no in-app notification of a message one sent oneself.
    assert list(Notification.objects.values_list("category", "channel")) == [
        (notifications.SHORTLIST_EMAIL, Channel.EMAIL)
    ]


def test_an_empty_shortlist_is_not_emailed(applicant):
    with nothing_written(Notification), translation.override("en"), pytest.raises(PortalError) as refused:
        services.shortlist_email(user=applicant)
    assert str(refused.value.message) == gettext("Your shortlist is empty: save a route first.")


def test_a_person_may_email_themselves_five_times_an_hour(applicant):
    question = FinderInput(prior_education="wo_master", sector="po")
    for n in range(services.EMAIL_LIMIT):
        if n % 2:
            SavedRouteFactory(user=applicant)  # another shortlist: another e-mail
            services.shortlist_email(user=applicant)
        else:
            services.finder_answer_email(user=applicant, question=question, answer_path=f"/routes/finder/?n={n}")
    SavedRouteFactory(user=applicant)
    with nothing_written(Notification), translation.override("en"), pytest.raises(PortalError) as refused:
        services.shortlist_email(user=applicant)
    assert str(refused.value.message) == gettext(
        "You have sent yourself 5 e-mails in the last hour. Please try again later."
    )
    # Somebody else's limit is their own.
    other = SavedRouteFactory().user
    services.shortlist_email(user=other)


@time_machine.travel(datetime.datetime(2026, 12, 7, 10, 30, 5, tzinfo=datetime.UTC), tick=False)
def test_a_double_click_is_one_email_and_counts_once(applicant):
    """The same request again within the minute is the e-mail already queued: it sends nothing
    more and uses none of the hour's e-mails (the clock stands still: one minute)."""
    SavedRouteFactory(user=applicant)
    question = FinderInput(prior_education="wo_master", sector="po")
    for _click in range(services.EMAIL_LIMIT + 2):
        services.shortlist_email(user=applicant)
        services.finder_answer_email(user=applicant, question=question, answer_path="/routes/finder/?same=1")
    assert Notification.objects.filter(recipient=applicant).count() == 2
    for n in range(services.EMAIL_LIMIT - 2):
        services.finder_answer_email(user=applicant, question=question, answer_path=f"/routes/finder/?n={n}")
    assert Notification.objects.filter(recipient=applicant).count() == services.EMAIL_LIMIT
    with pytest.raises(PortalError):
        services.finder_answer_email(user=applicant, question=question, answer_path="/routes/finder/?one-more=1")


def test_the_finder_answer_is_emailed_in_the_recipients_language(
    catalogue, applicant, django_capture_on_commit_callbacks
):
    applicant.language = "en"
    applicant.save()
    question = FinderInput(prior_education="wo_master", sector="po")
    path = "/routes/finder/?prior_education=wo_master&sector=po"
    with translation.override("nl"), django_capture_on_commit_callbacks(execute=True):
        count = services.finder_answer_email(user=applicant, question=question, answer_path=path)
    [message] = mail.outbox
    assert count >= 1
    assert message.subject == f"Your route finder answer: {count} {'route fits' if count == 1 else 'routes fit'} you"
    assert "These routes fit you, best fit first:" in message.body
    assert f"{settings.PORTAL_BASE_URL}{path}" in message.body
    with translation.override("en"):
        names = [str(answer.pathway.name) for answer in find_routes(question).fits]
    assert names and all(name in message.body for name in names)


def test_a_double_click_sends_one_email_and_a_later_request_another(applicant, django_capture_on_commit_callbacks):
    SavedRouteFactory(user=applicant)
    with time_machine.travel("2026-12-07 10:15:05+00:00", tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            services.shortlist_email(user=applicant)
        with django_capture_on_commit_callbacks(execute=True):
            services.shortlist_email(user=applicant)
    assert len(mail.outbox) == 1
    with (
        time_machine.travel("2026-12-07 10:16:05+00:00", tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        services.shortlist_email(user=applicant)
    assert len(mail.outbox) == 2
