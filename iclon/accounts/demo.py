"""Demo accounts (seed_demo). Their passwords and the TOTP secret are published in the README."""

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
from django.contrib.auth.models import Group

from iclon.accounts.models import User

DEMO_PASSWORD = "iclon-demo-2026"  # noqa: S105  (published on purpose; demo only)
DEMO_TOTP_SECRET = "ICLONDEMOICLONDEMOICLONDEMO23456"  # noqa: S105  (published on purpose)


def demo_user(email: str, full_name: str, *, language: str = "nl", staff_group: str | None = None, superuser=False):
    """Create or refresh a demo account; staff get the demo TOTP authenticator."""
    user, _created = User.objects.update_or_create(
        email=email,
        defaults={
            "full_name": full_name,
            "language": language,
            "is_staff": bool(staff_group or superuser),
            "is_superuser": superuser,
            "is_active": True,
        },
    )
    user.set_password(DEMO_PASSWORD)
    user.save(update_fields=["password"])
    EmailAddress.objects.update_or_create(user=user, email=email, defaults={"verified": True, "primary": True})
    if staff_group:
        user.groups.set([Group.objects.get(name=staff_group)])
    if user.is_staff and not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
        TOTP.activate(user, DEMO_TOTP_SECRET)
    return user


# (e-mail, name, staff group or None, superuser, language)
DEMO_ACCOUNTS = [
    ("admin@example.org", "Ada Administrator", "Administrators", True, "nl"),
    ("intake@example.org", "Ingrid Intake", "Intake officers", False, "nl"),
    ("opleidingen@example.org", "Olaf Opleidingen", "Programme coordinators", False, "nl"),
    ("stages@example.org", "Stella Stages", "Placement coordinators", False, "nl"),
    ("nascholing@example.org", "Nina Nascholing", "Professionalisation coordinators", False, "en"),
    ("onderzoek@example.org", "Oscar Onderzoek", "Research staff", False, "en"),
    ("student@example.org", "Sam Student", None, False, "nl"),
    ("docent@example.org", "Dana Docent", None, False, "en"),
]


def seed_demo_accounts() -> None:
    for email, name, group, superuser, language in DEMO_ACCOUNTS:
        demo_user(email, name, language=language, staff_group=group, superuser=superuser)
