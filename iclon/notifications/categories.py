"""The registry of notification categories, collected from the apps.

An app declares `notification_categories = [(key, label, mandatory[, sensitive]), ...]` on its AppConfig. A
mandatory category (account security, invitations) cannot be switched off by the recipient."""

from dataclasses import dataclass
from functools import cache

from django.apps import apps


@dataclass(frozen=True)
class Category:
    key: str
    label: str
    mandatory: bool
    # The body holds a secret (an invitation link): it is redacted once the e-mail is sent.
    sensitive: bool = False


@cache
def categories() -> dict[str, Category]:
    found: dict[str, Category] = {}
    for config in apps.get_app_configs():
        for entry in getattr(config, "notification_categories", []):
            found[entry[0]] = Category(*entry)
    return found


def get_category(key: str) -> Category:
    try:
        return categories()[key]
    except KeyError:
        raise LookupError(f"Unknown notification category {key!r}; declare it on an AppConfig.") from None
