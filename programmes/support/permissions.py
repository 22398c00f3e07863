"""Who may do what at the support desk.

Asking: every active ICLON staff member (`is_staff`): the teacher educators (instituutsopleiders,
lerarenopleiders) are staff accounts, and a separate group for them would only have to be kept in
step with the staff list. Support staff are the staff who hold `programmes.change_supportquestion`:
the programme coordinators' group (below) and administrators (every permission); another group or
person is made support staff by giving them that permission. Students, applicants and school
contacts have no access to the support desk at all."""

from __future__ import annotations

from typing import Any

from iclon.accounts.roles import staff_may

SUPPORT = "programmes.change_supportquestion"

GROUP_PERMISSIONS = {
    "programme_coordinator": [
        "programmes.view_supportquestion",
        SUPPORT,
        "programmes.view_supportreply",
        "programmes.view_supportarticle",
        "programmes.add_supportarticle",
        "programmes.change_supportarticle",
    ],
}


def can_ask(user: Any) -> bool:
    """Whether `user` may use the support desk: an active ICLON staff member."""
    return bool(user is not None and user.is_authenticated and user.is_active and user.is_staff)


def is_support_staff(user: Any) -> bool:
    return can_ask(user) and staff_may(user, SUPPORT)


def can_view_question(user: Any, question: Any) -> bool:
    return is_support_staff(user) or (can_ask(user) and question.asker_id == user.pk)


def is_asker(user: Any, question: Any) -> bool:
    return can_ask(user) and question.asker_id == user.pk


def can_reply(user: Any, question: Any) -> bool:
    """A closed question takes no replies (its asker reopens it first)."""
    return can_view_question(user, question) and question.state != "closed"


def can_close(user: Any, question: Any) -> bool:
    return can_view_question(user, question) and question.state != "closed"


def can_reopen(user: Any, question: Any) -> bool:
    return is_asker(user, question) and question.state in ("answered", "closed")


def can_read_articles(user: Any) -> bool:
    return can_ask(user)
