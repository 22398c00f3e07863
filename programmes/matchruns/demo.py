"""Demo data of matching runs: a draft run started by the demo placement coordinator
(stages@example.org) and computed through the service, so the runs page shows a real assignment.

The demo's admitted and enrolled trainees start at the next start moment (September), so most of
them need a placement in the first semester after it rather than in the coming one. That semester
gets the demo schools' offers too (the same school, subject, places and days as in the coming
period, as a school offers them again each semester), a few trainees get placement wishes (a
region, a municipality, the partnership, their days), and the run is made for whichever of the
two periods has the more trainees to place, so its proposals differ in score and reasons.
Idempotent: offers and wishes are made only where missing, and a draft run for the period is kept.
"""

from __future__ import annotations

import datetime

from django_scopes import scopes_disabled

from iclon.accounts.models import User
from partnerships.models import School, SchoolMembership, SchoolRole
from programmes.intake.models import Application
from programmes.matchruns import services
from programmes.matchruns.models import MatchingRun, RunStatus
from programmes.placements.demo import COORDINATOR, SCHOOL_CONTACT
from programmes.placements.matching import unplaced_trainees
from programmes.placements.models import PlacementOffer, PlacementPeriod, PlacementWish
from programmes.placements.scale import coming_period

# (days the trainee can be at school, what else they wish for): given in turn to the unplaced
# trainees that have no wish yet; "partnership" and "region" refer to the demo school's.
WISHES = [
    (["mon", "tue", "wed"], "partnership"),
    (["tue", "wed"], "region"),
    (["wed", "thu", "fri"], "municipality"),
    (["tue", "wed", "thu"], ""),
]


def seed_demo(stdout, style) -> None:
    with scopes_disabled():
        coordinator = User.objects.filter(email=COORDINATOR).first()
        membership = (
            SchoolMembership.objects.filter(user__email=SCHOOL_CONTACT, role=SchoolRole.SCHOOL_CONTACT)
            .select_related("school")
            .first()
        )
        if coordinator is None or membership is None:
            stdout.write("  Matching runs demo skipped: the demo accounts are not there.")
            return
        coming = coming_period()
        following = coming_period(coming.ends_on + datetime.timedelta(days=1))
        offers = _offer_again(coming, following)
        wishes = _wishes(following, coordinator, membership.school)
        period = max((coming, following), key=lambda p: (unplaced_trainees(p, user=coordinator).count(), p.starts_on))
        run = MatchingRun.objects.filter(period=period, status=RunStatus.DRAFT).first()
        made = run is None
        if run is None:
            run = services.matching_run_create(period=period, subject=None, actor=coordinator)
        count = run.proposals.count()
    stdout.write(
        f"  Matching runs: {'a draft run' if made else 'the draft run'} for {period.name} with {count} "
        f"proposals (total score {run.total_score}); {offers} offers and {wishes} placement wishes made now."
    )


def _offer_again(source: PlacementPeriod, target: PlacementPeriod) -> int:
    """The open offers of `source` once more in `target`, where the school has none for the subject."""
    had = set(PlacementOffer.objects.filter(period=target).values_list("school_id", "subject_id"))
    made = 0
    for offer in PlacementOffer.objects.filter(period=source, is_open=True).order_by("pk"):
        if (offer.school_id, offer.subject_id) in had:
            continue
        PlacementOffer.objects.create(
            school_id=offer.school_id,
            subject_id=offer.subject_id,
            period=target,
            places=offer.places,
            days_available=offer.days_available,
            paid_job_possible=offer.paid_job_possible,
            notes=offer.notes,
        )
        had.add((offer.school_id, offer.subject_id))
        made += 1
    return made


def _wishes(period: PlacementPeriod, coordinator: User, school: School) -> int:
    """Placement wishes for the first trainees to place in `period` (by name), from WISHES in turn,
    where they have none (so a second seeding makes none)."""
    trainees: list[Application] = list(unplaced_trainees(period, user=coordinator)[: len(WISHES)])
    wished = set(PlacementWish.objects.filter(trainee__in=trainees).values_list("trainee_id", flat=True))
    made = 0
    for trainee, (days, kind) in zip(trainees, WISHES, strict=False):
        if trainee.pk in wished:
            continue
        PlacementWish.objects.create(
            trainee=trainee,
            days_available=days,
            partnership_id=school.partnership_id if kind == "partnership" else None,
            region_id=school.region_id if kind == "region" else None,
            municipality=school.municipality if kind == "municipality" else "",
        )
        made += 1
    return made
