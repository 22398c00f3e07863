"""The personal data of accounts (iclon.core.privacy): the account, its e-mail addresses, 2FA
devices, API tokens, sessions, the admin's log and the erasure requests; and, because the
portal's apps sit on them, the third-party models that hold personal data (allauth, Django's
admin and sessions) or that the guard's heuristics flag wrongly."""

from __future__ import annotations

from typing import Any

from allauth.account.models import EmailAddress
from django.contrib.admin.models import LogEntry
from django.contrib.sessions.models import Session
from django.utils.translation import gettext

from iclon.accounts.models import User
from iclon.core.privacy import ERASED, NoPersonalData, Rows, personal_data, rows_as_dicts, scrub

ACCOUNT_FIELDS = ("email", "full_name", "language", "is_active", "is_staff", "date_joined", "last_login")


def erased_email(user: Any) -> str:
    """The address an erased account keeps: unique, undeliverable and saying nothing of the person."""
    return f"erased-{user.pk}@erased.invalid"


def _account_export(user: Any) -> Rows:
    rows = rows_as_dicts(User.objects.filter(pk=user.pk), user, ACCOUNT_FIELDS)
    for row in rows:
        row[gettext("groups")] = sorted(str(group) for group in user.groups.all())
    return rows


def _account_erase(user: Any, identifiers: frozenset[str]) -> None:
    """The account stays as an empty row, so that what must be kept (an enrolled trainee's study
    record, invoices) keeps a pseudonymous link; nothing in it says who the person was."""
    user.email = erased_email(user)
    user.full_name = ""
    user.is_active = False
    user.is_staff = False
    user.is_superuser = False
    user.last_login = None
    user.set_unusable_password()
    user.save()
    user.groups.clear()
    user.user_permissions.clear()


def _emails(user: Any) -> list[str]:
    return list(EmailAddress.objects.filter(user=user).values_list("email", flat=True))


def _sessions_erase(user: Any, identifiers: frozenset[str]) -> None:
    # A session names its user only inside its encoded data.
    doomed = []
    # get_decoded() answers {} for a session it cannot decode (nobody's: left to expire).
    for session in Session.objects.iterator():
        if session.get_decoded().get("_auth_user_id") == str(user.pk):
            doomed.append(session.session_key)
    Session.objects.filter(session_key__in=doomed).delete()


def _log_erase(user: Any, identifiers: frozenset[str]) -> None:
    # The log of what staff did stays (accountability); the person's name and addresses leave the
    # lines about them, whoever wrote them.
    scrub(LogEntry.objects.all(), ("object_repr", "change_message"), identifiers)


KEPT_ACCOUNT = "The account row stays, emptied: no name, an undeliverable address, no password, inactive."

PERSONAL_DATA = [
    personal_data(
        "accounts.User",
        fields=("email", "full_name"),
        export=_account_export,
        erase=_account_erase,
        keep=KEPT_ACCOUNT,
        legal_basis="Records kept by law (study records, invoices) keep a pseudonymous link to the account.",
        identifiers=_emails,
    ),
    personal_data("accounts.ApiToken", fields=("user", "name"), owner=("user",), erase="delete"),
    personal_data(
        "accounts.ErasureRequest",
        fields=("user", "handled_by", "reason", "refusal_reason"),
        owner=("user",),
        erase={"reason": "", "refusal_reason": ""},
        keep="The request's dates and status, linked to the emptied account.",
        legal_basis="GDPR art. 5(2): the portal must be able to show that it carried out the erasure.",
    ),
    personal_data(
        "account.EmailAddress",
        fields=("user", "email"),
        owner=("user",),
        export_fields=("email", "verified", "primary"),
        erase="delete",
    ),
    personal_data(
        "mfa.Authenticator",
        fields=("user",),
        owner=("user",),
        # Metadata only: `data` holds the TOTP secret and recovery codes.
        export_fields=("type", "created_at", "last_used_at"),
        erase="delete",
    ),
    personal_data(
        "sessions.Session",
        fields=("session_data",),
        export=lambda user: [],
        erase=_sessions_erase,
    ),
    personal_data(
        "admin.LogEntry",
        fields=("user", "object_repr", "change_message"),
        owner=("user",),
        export_fields=("action_time", "content_type", "object_repr", "action_flag"),
        erase=_log_erase,
        keep=(
            "Staff's log lines stay, linked to the emptied account; the person's name and addresses in them "
            f"become {ERASED}."
        ),
        legal_basis="GDPR art. 5(2) and 32: a log of who changed what in the admin.",
    ),
    NoPersonalData("auth.Group", reason="The staff groups' names."),
    NoPersonalData("auth.Permission", reason="The names of permissions."),
    NoPersonalData("django_celery_beat.PeriodicTask", reason="The names of scheduled tasks."),
]
