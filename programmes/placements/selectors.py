"""Who sees which offer and placement: the one place the rule is written.

Offers and placements are school-owned: staff who may view them see all; a school user sees their
school's (at a lead school, as contact or leader, their partnership's), through the partnerships
tenancy rule; a trainee sees their own placements (and nothing of the offers). Pages, the admin
and the API all read through these functions.
"""

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404

from iclon.accounts.models import User
from iclon.accounts.roles import staff_may
from iclon.core.tenancy import ALL_SCHOOLS, visible_school_ids
from programmes.placements.models import TAKING_PLACE, Evaluation, Placement, PlacementOffer


def offer_list_for_user(*, user: User | AnonymousUser | None) -> QuerySet[PlacementOffer]:
    """The offers `user` may see, with the places taken counted in the same query."""
    queryset = (
        PlacementOffer.objects.unscoped()
        .select_related("school", "school__partnership", "school__region", "subject", "period")
        .prefetch_related("mentors")
        .annotate(taken=Count("placements", filter=Q(placements__status__in=TAKING_PLACE), distinct=True))
    )
    if staff_may(user, "programmes.view_placementoffer"):
        return queryset
    ids = visible_school_ids(user)
    if user is None or not user.is_authenticated or ids is ALL_SCHOOLS or not ids:
        # Staff without the permission see no offers; nor does anybody without a school.
        return queryset.none()
    return queryset.filter(school_id__in=ids)


def placement_list_for_user(*, user: User | AnonymousUser | None) -> QuerySet[Placement]:
    """The placements `user` may see: staff with the permission all, school users their
    schools', a trainee their own."""
    queryset = Placement.objects.unscoped().select_related(
        "trainee",
        "trainee__subject",
        "trainee__pathway",
        "school",
        "period",
        "offer",
        "workplace_mentor",
        "school_teacher_educator",
        "institute_educator",
    )
    if staff_may(user, "programmes.view_placement"):
        return queryset
    if user is None or not user.is_authenticated:
        return queryset.none()
    ids = visible_school_ids(user)
    schools = Q(school_id__in=ids) if ids and ids is not ALL_SCHOOLS else Q(pk__in=[])
    return queryset.filter(schools | Q(trainee__applicant=user))


def placement_get_for_user(*, user: User | AnonymousUser | None, pk: int | str) -> Placement:
    evaluations = Evaluation.objects.unscoped().select_related("author").order_by("due_on", "moment")
    try:
        return (
            placement_list_for_user(user=user)
            .prefetch_related(Prefetch("evaluations", queryset=evaluations))
            .get(pk=pk)
        )
    except (Placement.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def offer_get_for_user(*, user: User | AnonymousUser | None, pk: int | str) -> PlacementOffer:
    try:
        return offer_list_for_user(user=user).get(pk=pk)
    except (PlacementOffer.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def evaluations_visible_to_trainee(placement: Placement) -> list[Evaluation]:
    """Released evaluations only (uses the prefetched evaluations)."""
    return [evaluation for evaluation in placement.evaluations.all() if evaluation.released_at]
