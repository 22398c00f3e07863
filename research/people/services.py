"""Every write of researchers' profiles; the admin, the profile page and the demo call these.

Each service runs in one transaction, checks who acts, validates on the server (the model's
validators and constraints: the ORCID iD's check digit, one profile per ORCID iD, a school only for
a teacher-researcher) and refuses with a translated PortalError (NotAllowed for the wrong person)
before it writes anything; the history rows name the actor."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from iclon.accounts.models import User
from iclon.core.errors import Conflict, NotAllowed, PortalError, full_clean_or_raise
from iclon.core.history import history_author, record_history_as
from research.knowledge.models import TeachingLearningPrinciple
from research.people.models import Researcher
from research.people.permissions import is_own_profile, manages_researchers
from research.people.validators import clean_languages

#: What the person a profile is linked to may change themselves (and staff too).
PERSONAL_FIELDS = ("expertise_nl", "expertise_en", "languages", "photo")
#: What only research staff change: who the researcher is and what they do at ICLON.
STAFF_FIELDS = ("full_name", "slug", "role", "orcid", "school", "user", "active")
RESEARCHER_FIELDS = STAFF_FIELDS + PERSONAL_FIELDS


def _clean(name: str, value: Any) -> Any:
    if name == "languages":
        try:
            return clean_languages(value)
        except ValidationError as error:
            raise PortalError(error.messages[0], field="languages") from error
    return value.strip() if isinstance(value, str) else value


def _unique_slug(full_name: str, *, exclude_pk: int | None = None) -> str:
    base = slugify(full_name)[:110] or "researcher"
    slug, number = base, 2
    while Researcher.objects.filter(slug=slug).exclude(pk=exclude_pk or 0).exists():
        slug, number = f"{base}-{number}", number + 1
    return slug


def _check_user(user: User | None, researcher: Researcher | None) -> None:
    if user is None:
        return
    if not user.is_active:
        raise PortalError(_("This person has no active account."), field="user")
    taken = Researcher.objects.filter(user=user)
    if researcher is not None:
        taken = taken.exclude(pk=researcher.pk)
    if taken.exists():
        raise Conflict(_("This account is linked to another researcher's profile."))


def _save(researcher: Researcher, actor: User | AnonymousUser | None) -> Researcher:
    full_clean_or_raise(researcher)
    record_history_as(researcher, history_author(actor))
    researcher.save()
    return researcher


def researcher_create(
    *,
    actor: User | AnonymousUser | None,
    full_name: str,
    role: str,
    principles: Iterable[TeachingLearningPrinciple] = (),
    **fields: Any,
) -> Researcher:
    """Add a researcher's profile (research staff). Without a slug, one is made from the name."""
    with transaction.atomic():
        if not manages_researchers(actor):
            raise NotAllowed()
        unknown = set(fields) - set(RESEARCHER_FIELDS)
        if unknown:
            raise PortalError(_("These fields cannot be changed here."), field=sorted(unknown)[0])
        full_name = (full_name or "").strip()
        if not full_name:
            raise PortalError(_("Give the researcher's name."), field="full_name")
        values = {name: _clean(name, value) for name, value in fields.items()}
        _check_user(values.get("user"), None)
        if not values.get("slug"):
            values["slug"] = _unique_slug(full_name)
        researcher = _save(Researcher(full_name=full_name, role=role, **values), actor)
        researcher.principles.set(list(principles))
        return researcher


def researcher_update(
    *,
    researcher: Researcher,
    actor: User | AnonymousUser | None,
    principles: Iterable[TeachingLearningPrinciple] | None = None,
    **changes: Any,
) -> Researcher:
    """Change a profile. Research staff change every field; the person it is linked to only the
    personal ones (PERSONAL_FIELDS and the principles); anybody else nothing."""
    with transaction.atomic():
        staff = manages_researchers(actor)
        if not staff and not is_own_profile(actor, researcher):
            raise NotAllowed()
        unknown = set(changes) - set(RESEARCHER_FIELDS)
        if unknown:
            raise PortalError(_("These fields cannot be changed here."), field=sorted(unknown)[0])
        if not staff and set(changes) - set(PERSONAL_FIELDS):
            field = sorted(set(changes) - set(PERSONAL_FIELDS))[0]
            raise NotAllowed(_("Research staff change this part of your profile."), field=field)
        researcher = Researcher.objects.select_for_update().get(pk=researcher.pk)
        values = {name: _clean(name, value) for name, value in changes.items()}
        if "user" in values:
            _check_user(values["user"], researcher)
        if "slug" in values and not values["slug"]:
            values["slug"] = _unique_slug(values.get("full_name") or researcher.full_name, exclude_pk=researcher.pk)
        for name, value in values.items():
            setattr(researcher, name, value)
        _save(researcher, actor)
        if principles is not None:
            researcher.principles.set(list(principles))
        return researcher
