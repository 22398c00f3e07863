"""Training-school partnerships and their member schools."""

from collections.abc import Iterable

from django.db import transaction

from iclon.accounts.models import User
from iclon.accounts.roles import staff_may
from iclon.core.errors import NotAllowed, full_clean_or_raise
from iclon.core.history import record_history_as
from partnerships.models import School, TrainingSchoolPartnership


def partnership_save(
    *,
    partnership: TrainingSchoolPartnership,
    coordinators: Iterable[User],
    member_schools: Iterable[School],
    actor: User,
) -> TrainingSchoolPartnership:
    """Save `partnership` (new or changed, its fields already set) with its coordinators and
    exactly `member_schools` as members. The partnership gets a history row by `actor`, and so
    does each school that joins or leaves. Raises NotAllowed when the actor may not add or change
    partnerships (or, for a change of members, schools), PortalError for an invalid field."""
    with transaction.atomic():
        perm = "change_trainingschoolpartnership" if partnership.pk else "add_trainingschoolpartnership"
        if not staff_may(actor, f"partnerships.{perm}"):
            raise NotAllowed()
        full_clean_or_raise(partnership)
        record_history_as(partnership, actor)
        partnership.save()
        partnership.coordinators.set(coordinators)
        partnership_set_members(partnership=partnership, schools=member_schools, actor=actor)
        return partnership


def partnership_set_members(*, partnership: TrainingSchoolPartnership, schools: Iterable[School], actor: User) -> None:
    """Make `schools` exactly the member schools of `partnership`.

    Schools that leave get no partnership; schools that join leave their former partnership (a
    school belongs to one at most). Each changed school gets a history row by `actor`. Raises
    NotAllowed when the members change and the actor may not change schools."""
    with transaction.atomic():
        wanted = {school.pk for school in schools}
        current = set(partnership.member_schools.values_list("pk", flat=True))
        if wanted == current:
            return
        if not staff_may(actor, "partnerships.change_school"):
            raise NotAllowed()
        # Saving one by one (not update()) so that django-simple-history records every change.
        for school in School.objects.filter(pk__in=current - wanted):
            school.partnership, school._history_user = None, actor
            school.save(update_fields=["partnership", "updated_at"])
        for school in School.objects.filter(pk__in=wanted - current):
            school.partnership, school._history_user = partnership, actor
            school.save(update_fields=["partnership", "updated_at"])
