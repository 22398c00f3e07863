"""What the shortlist sends, through the notification outbox: e-mails a person asks to receive
themselves (their shortlist, a route finder's answer). E-mail only: an in-app copy of a message
one just sent oneself is noise."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from iclon.notifications.models import Channel
from iclon.notifications.services import notify

SHORTLIST_EMAIL = "programmes.shortlist_email"
FINDER_ANSWER_EMAIL = "programmes.finder_answer_email"

# Mandatory: the person asked for the e-mail a moment ago, a preference must not swallow it.
CATEGORIES = [
    (SHORTLIST_EMAIL, _("My shortlist of routes, when I e-mail it to myself"), True),
    (FINDER_ANSWER_EMAIL, _("The route finder's answer, when I e-mail it to myself"), True),
]


# The short texts of the e-mails (their subjects count the routes, a plural a stored message
# cannot hold): kept with the rows, so every notification has its text, also an e-mail only one.
SHORTLIST_MESSAGE = gettext_noop("Your shortlist of routes into teaching")
FINDER_ANSWER_MESSAGE = gettext_noop("Your route finder answer")


def _email_self(
    category: str, template: str, *, user: Any, routes: Sequence, url: str, idempotency_key: str, message: str
) -> None:
    notify(
        category=category,
        template=template,
        context={"name": user.full_name, "routes": routes, "url": url},
        recipient=user,
        idempotency_key=idempotency_key,
        channels=(Channel.EMAIL,),
        url=url,  # the portal's address: stored as its path
        message=message,
        params={},
    )


def shortlist_sent(*, user: Any, routes: Sequence, idempotency_key: str, shortlist_url: str) -> None:
    _email_self(
        SHORTLIST_EMAIL,
        "emails/programmes/shortlist",
        user=user,
        routes=routes,
        url=shortlist_url,
        idempotency_key=idempotency_key,
        message=SHORTLIST_MESSAGE,
    )


def finder_answer_sent(*, user: Any, routes: Sequence, answer_url: str, idempotency_key: str) -> None:
    _email_self(
        FINDER_ANSWER_EMAIL,
        "emails/programmes/finder_answer",
        user=user,
        routes=routes,
        url=answer_url,
        idempotency_key=idempotency_key,
        message=FINDER_ANSWER_MESSAGE,
    )
