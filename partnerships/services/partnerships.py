"""Training-school partnerships and their member schools."""

from collections.abc import Iterable

from django.db import transaction

from iclon.accounts.models import User
from iclon.accounts.roles import staff_may
from iclon.core.errors import NotAllowed
from partnerships.models import School, TrainingSchoolPartnership


@transaction.atomic
def partnership_set_members(*, partnership: TrainingSchoolPartnership, schools: Iterable[School], actor: User) -> None:
    """Make `schools` exactly the member schools of `partnership`.

    Schools that leave get no partnership; schools that join leave their former partnership (a
    school belongs to one at most). Each changed school gets a history row."""
    if not staff_may(actor, "partnerships.change_school"):
        raise NotAllowed()
    wanted = {school.pk for school in schools}
    current = set(partnership.member_schools.values_list("pk", flat=True))
    # Saving one by one (not update()) so that django-simple-history records every change.
    for school in School.objects.filter(pk__in=current - wanted):
        school.partnership = None
        school.save(update_fields=["partnership", "updated_at"])
    for school in School.objects.filter(pk__in=wanted - current):
        school.partnership = partnership
        school.save(update_fields=["partnership", "updated_at"])
