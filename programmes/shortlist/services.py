"""Every change of a shortlist, and the e-mails a person sends themselves.

The pages, the API and (for staff's removals) the admin call these functions; each runs in one
transaction and raises a translated PortalError that the edges show as it is. A shortlist is its
owner's alone, so the actor is the owner: nobody saves or removes a route for someone else.

The e-mails go through the notification outbox (iclon/notifications/services.py `notify`), which
writes the row in the transaction and hands it to Celery after the commit. A person may send
themselves at most `EMAIL_LIMIT` of them per `EMAIL_WINDOW` (both kinds together), so that the
button cannot be used to flood a mailbox."""

from __future__ import annotations

import datetime
import hashlib
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from iclon.accounts.models import User
from iclon.core.errors import Conflict, NotAllowed, PortalError
from iclon.core.limits import count_within
from iclon.core.routing import absolute_url
from iclon.notifications.selectors import notification_queued
from programmes.catalogue.models import Pathway
from programmes.catalogue.route_finder import FinderInput, find_routes
from programmes.catalogue.selectors import finder_pathways
from programmes.shortlist import notifications
from programmes.shortlist.models import NOTE_MAX_LENGTH, SavedRoute
from programmes.shortlist.permissions import can_keep_shortlist, can_remove_saved_route
from programmes.shortlist.selectors import saved_route_list_for_user

EMAIL_LIMIT = 5
EMAIL_WINDOW = datetime.timedelta(hours=1)

SIGN_IN_FIRST = _("Log in to keep a shortlist of routes.")
DUPLICATE = _("This route is already on your shortlist.")
NOT_AVAILABLE = _("This route cannot be saved: it is not (or no longer) offered.")


def _require_signed_in(user: User | None) -> User:
    if user is None or not can_keep_shortlist(user):
        raise NotAllowed(SIGN_IN_FIRST)
    return user


def saved_route_create(*, user: User, pathway: Pathway, note: str = "") -> SavedRoute:
    """Put `pathway` on `user`'s shortlist, with an optional `note`.

    Raises NotAllowed for a visitor, PortalError for a route that is not published or a note that
    is too long, and Conflict when the route is on the shortlist already (also when two requests
    race: the database's unique constraint decides)."""
    user = _require_signed_in(user)
    note = (note or "").strip()
    if not pathway.is_published:
        raise PortalError(NOT_AVAILABLE, field="pathway")
    if len(note) > NOTE_MAX_LENGTH:
        raise PortalError(
            _("Keep the note to %(limit_value)d characters.") % {"limit_value": NOTE_MAX_LENGTH},
            field="note",
        )
    try:
        with transaction.atomic():
            return SavedRoute.objects.create(user=user, pathway=pathway, note=note)
    except IntegrityError:
        raise Conflict(DUPLICATE, field="pathway") from None


def saved_route_delete(*, saved_route: SavedRoute, actor: User) -> None:
    """Take `saved_route` off its owner's shortlist. Raises NotAllowed for anybody but the owner."""
    actor = _require_signed_in(actor)
    if not can_remove_saved_route(actor, saved_route):
        raise NotAllowed()
    with transaction.atomic():
        SavedRoute.objects.filter(pk=saved_route.pk, user=actor).delete()


def saved_route_remove_pathway(*, user: User, pathway: Pathway) -> bool:
    """Take `pathway` off `user`'s shortlist; whether it was on it (the toggle's "remove")."""
    user = _require_signed_in(user)
    with transaction.atomic():
        deleted, _rows = SavedRoute.objects.filter(user=user, pathway=pathway).delete()
    return bool(deleted)


# --- e-mails to oneself ----------------------------------------------------------------------------


@dataclass(frozen=True)
class RouteLine:
    """One route in an e-mail, written in the recipient's language."""

    name: str
    qualification: str
    url: str
    note: str = ""
    conditions: list[str] = field(default_factory=list)


def _pathway_url(pathway: Pathway) -> str:
    return absolute_url(reverse("programmes:pathway-detail", kwargs={"slug": pathway.slug}))


def _within_limit(user: User, idempotency_key: str) -> None:
    """Count one e-mail against the hourly limit; a repeat of one already queued (a double click:
    the same request within the same minute) is the same e-mail and counts nothing."""
    if notification_queued(idempotency_key=idempotency_key):
        return
    if not count_within(f"shortlist:email:{user.pk}", limit=EMAIL_LIMIT, window=EMAIL_WINDOW):
        raise PortalError(
            _("You have sent yourself %(limit)d e-mails in the last hour. Please try again later.")
            % {"limit": EMAIL_LIMIT}
        )


def _event_key(kind: str, user: User, content: str) -> str:
    """The same request within the same minute (a double click) is one e-mail."""
    digest = hashlib.sha256(content.encode()).hexdigest()[:16]
    return f"{kind}:{user.pk}:{digest}:{timezone.now():%Y%m%d%H%M}"


def shortlist_email(*, user: User) -> int:
    """E-mail `user` their shortlist (the routes, each with its note and link). Returns the number
    of routes in it.

    Raises NotAllowed for a visitor, PortalError for an empty shortlist or past the limit of
    e-mails per hour. Queues one e-mail (no in-app notification: the person asked for it)."""
    user = _require_signed_in(user)
    saved = list(saved_route_list_for_user(user=user))
    if not saved:
        raise PortalError(_("Your shortlist is empty: save a route first."))
    with translation.override(user.language or None):
        routes = [
            RouteLine(
                name=str(item.pathway.name),
                qualification=str(item.pathway.qualification.name),
                url=_pathway_url(item.pathway),
                note=item.note,
            )
            for item in saved
        ]
    event = _event_key(notifications.SHORTLIST_EMAIL, user, repr([r.url for r in routes]))
    _within_limit(user, event)
    with transaction.atomic():
        notifications.shortlist_sent(
            user=user,
            routes=routes,
            idempotency_key=event,
            shortlist_url=absolute_url(reverse("shortlist:list")),
        )
    return len(routes)


def finder_answer_email(*, user: User, question: FinderInput, answer_path: str) -> int:
    """E-mail `user` the route finder's answer to `question`: the routes that fit, best first,
    each with what they still need to do, and `answer_path` (the answer's own address) to come
    back to it. Returns the number of routes that fit.

    Raises NotAllowed for a visitor and PortalError past the limit of e-mails per hour."""
    user = _require_signed_in(user)
    event = _event_key(notifications.FINDER_ANSWER_EMAIL, user, answer_path)
    _within_limit(user, event)
    # The answer's texts (reasons, conditions) are written when they are computed: in the
    # recipient's language, as the rest of the e-mail.
    with translation.override(user.language or None):
        result = find_routes(question, pathways=finder_pathways())
        routes = [
            RouteLine(
                name=str(answer.pathway.name),
                qualification=str(answer.pathway.qualification.name),
                url=_pathway_url(answer.pathway),
                conditions=[str(condition.text) for condition in answer.conditions],
            )
            for answer in result.fits
        ]
    with transaction.atomic():
        notifications.finder_answer_sent(
            user=user,
            routes=routes,
            answer_url=absolute_url(answer_path),
            idempotency_key=event,
        )
    return len(routes)
