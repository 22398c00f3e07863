"""Who sees which offer, placement, evaluation, wish and trainee: the one place the rule is written.

Every selector is built on the portal's tenancy rule (partnerships.tenancy.visible_rows): staff
holding the resource's view permission (through their staff group) see all; a school user sees
their school's rows (at a lead school, as contact or leader, their partnership's); the person a
row belongs to sees their own (a trainee their placements, released evaluations and wishes; the
workplace mentor and the institute-based educator the evaluations they write); everybody else
sees nothing. Pages, the admin, the API, exports, navigation and tasks all read through these
functions.
"""

import datetime

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from iclon.accounts.models import User
from partnerships.tenancy import visible_rows
from programmes.intake.models import Application
from programmes.placements.models import (
    TAKING_PLACE,
    Evaluation,
    Placement,
    PlacementOffer,
    PlacementStatus,
    PlacementWish,
)
from programmes.placements.permissions import TRAINEE_STATUSES

Viewer = User | AnonymousUser | None


def _signed_in(user: Viewer) -> bool:
    return user is not None and user.is_authenticated


# --- offers -------------------------------------------------------------------------------------


def offer_list_for_user(*, user: Viewer, plain: bool = False) -> QuerySet[PlacementOffer]:
    """The offers `user` may see (staff with the view permission, the offering school's users),
    with their relations and the places taken counted in the same query; `plain=True` gives the
    rows alone, for aggregates. A trainee sees no offers."""
    offers = visible_rows(
        # scope: the rule is applied explicitly by visible_rows, whatever scope the request set.
        PlacementOffer.objects.unscoped(),
        user=user,
        perm="programmes.view_placementoffer",
        school="school",
    )
    if plain:
        return offers
    return (
        offers.select_related("school", "school__partnership", "school__region", "subject", "period")
        .prefetch_related("mentors")
        .annotate(taken=Count("placements", filter=Q(placements__status__in=TAKING_PLACE), distinct=True))
    )


def offer_get_for_user(*, user: Viewer, pk: int | str) -> PlacementOffer:
    try:
        return offer_list_for_user(user=user).get(pk=pk)
    except (PlacementOffer.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


# --- placements ---------------------------------------------------------------------------------


def placement_list_for_user(*, user: Viewer, plain: bool = False) -> QuerySet[Placement]:
    """The placements `user` may see: staff with the view permission all, school users their
    schools', a trainee their own; with what a list shows loaded (`plain=True`: the rows alone)."""
    placements = visible_rows(
        # scope: the rule is applied explicitly by visible_rows, whatever scope the request set.
        Placement.objects.unscoped(),
        user=user,
        perm="programmes.view_placement",
        school="school",
        own=Q(trainee__applicant=user) if _signed_in(user) else None,
    )
    if plain:
        return placements
    return placements.select_related(
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


def placement_get_for_user(*, user: Viewer, pk: int | str) -> Placement:
    """One placement with the evaluations `user` may see of it; 404 outside the rule."""
    evaluations = evaluation_list_for_user(user=user).select_related(None).select_related("author")
    try:
        return (
            placement_list_for_user(user=user)
            .prefetch_related(Prefetch("evaluations", queryset=evaluations.order_by("due_on", "moment")))
            .get(pk=pk)
        )
    except (Placement.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


# --- evaluations --------------------------------------------------------------------------------


def evaluation_list_for_user(*, user: Viewer) -> QuerySet[Evaluation]:
    """The evaluations `user` may see: staff with the view permission all; a school user those of
    their schools' placements; the workplace mentor and the institute-based educator the ones they
    write; the trainee their own once released."""
    own = None
    if _signed_in(user):
        own = (
            Q(placement__trainee__applicant=user, released_at__isnull=False)
            | Q(placement__workplace_mentor=user, author_role=Evaluation.Author.WORKPLACE_MENTOR)
            | Q(placement__institute_educator=user, author_role=Evaluation.Author.INSTITUTE_EDUCATOR)
        )
    return visible_rows(
        # scope: the rule is applied explicitly by visible_rows, whatever scope the request set.
        Evaluation.objects.unscoped(),
        user=user,
        perm="programmes.view_evaluation",
        school="placement__school",
        own=own,
    ).select_related(
        "placement__school", "placement__trainee", "placement__period", "placement__workplace_mentor", "author"
    )


def evaluation_get_for_user(*, user: Viewer, pk: int | str) -> Evaluation:
    try:
        return evaluation_list_for_user(user=user).get(pk=pk)
    except (Evaluation.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


# --- trainees and their wishes ------------------------------------------------------------------


def trainee_list_for_user(*, user: Viewer) -> QuerySet[Application]:
    """The trainees (admitted or enrolled applications) `user` may see for placements: placement
    staff (the view permission on placements) all, a trainee themselves."""
    return visible_rows(
        Application.objects.filter(status__in=TRAINEE_STATUSES),
        user=user,
        perm="programmes.view_placement",
        own=Q(applicant=user) if _signed_in(user) else None,
    )


def wish_list_for_user(*, user: Viewer) -> QuerySet[PlacementWish]:
    """The placement wishes `user` may see: staff with the view permission all, a trainee their own
    (schools do not see them; a school asked to take a trainee sees part of one: wish_for_school)."""
    return visible_rows(
        PlacementWish.objects.all(),
        user=user,
        perm="programmes.view_placementwish",
        own=Q(trainee__applicant=user) if _signed_in(user) else None,
    ).select_related("region", "partnership")


# What a school asked to take a trainee reads of the trainee's wish: where and when the trainee
# would like to be, and the introduction written for the school; never the notes for ICLON.
WISH_FIELDS_FOR_SCHOOL = (
    "trainee_id",
    "region__name",
    "municipality",
    "partnership__name",
    "days_available",
    "introduction",
)


def wish_for_school(*, placement: Placement) -> PlacementWish | None:
    """The wish of `placement`'s trainee as the school asked to confirm it sees it (the caller has
    read the placement through placement_get_for_user as that school): while the placement is
    proposed, else None. Loads only WISH_FIELDS_FOR_SCHOOL (one query)."""
    if placement.status != PlacementStatus.PROPOSED:
        return None
    return (
        PlacementWish.objects.filter(trainee_id=placement.trainee_id)
        .select_related("region", "partnership")
        .only(*WISH_FIELDS_FOR_SCHOOL)
        .first()
    )


def evaluations_visible_to_trainee(placement: Placement) -> list[Evaluation]:
    """Released evaluations only (uses the prefetched evaluations)."""
    return [evaluation for evaluation in placement.evaluations.all() if evaluation.released_at]


# --- what waits for placement staff (the dashboard) ---------------------------------------------


def awaiting_school_answer(*, user: Viewer) -> QuerySet[Placement]:
    """Proposed placements `user` sees: the school has not yet confirmed or declined the match."""
    return placement_list_for_user(user=user, plain=True).filter(status=PlacementStatus.PROPOSED)


def overdue_evaluations(*, user: Viewer, today: datetime.date | None = None) -> QuerySet[Evaluation]:
    """Evaluations `user` sees that were due before `today` and have not been submitted."""
    today = today or timezone.localdate()
    return evaluation_list_for_user(user=user).filter(submitted_at__isnull=True, due_on__lt=today)
