"""Matching: trainees without a placement for a period, each with the offers that suit them best
and why.

A suggestion must suit the trainee by the one rule `placement_propose` checks too
(`services.offer_suits`: the trainee's subject; primary-education offers, which have no subject,
suit trainees of a primary route); the page's queries ask for those offers only. Among those,
what the trainee wished for in their portal counts most (partnership, municipality, region,
days), then where they live (their town is looked up in the municipality → education region
table), then a paid job the school can offer to a trainee who already works as a teacher. Every
point comes with its reason, which the coordinator reads on the page and the placement keeps as
a code with its values (`Placement.match_reasons`, see reasons.py), worded in each reader's language.

`matching_page` runs a fixed number of queries whatever the number of trainees and offers: the
page of trainees with their wishes (one query, plus the paginator's count), the offers of the
page's subjects in the period with the places taken counted (one query), the offers that already
declined these trainees (one), and the municipality table (one). Ranking is done in Python over
those rows: for a page of 25 trainees and a few thousand offers that is milliseconds, far less
than a query per trainee would cost.
"""

from __future__ import annotations

import dataclasses
import datetime
import functools
import heapq

from django.core.paginator import Page, Paginator
from django.db.models import Exists, F, OuterRef, QuerySet
from django.utils import timezone

from partnerships.models import MunicipalityRegion, School
from partnerships.municipalities import municipality_key
from programmes.catalogue.models import SchoolSubject
from programmes.intake.models import Application
from programmes.placements.models import (
    TAKING_PLACE,
    PlacementOffer,
    PlacementPeriod,
    PlacementStatus,
    Weekday,
)
from programmes.placements.reasons import reason_text, stored_reason
from programmes.placements.selectors import offer_list_for_user, placement_list_for_user, trainee_list_for_user
from programmes.placements.services import offer_suits, suiting_offers, suiting_subjects

PAGE_SIZE = 25
SUGGESTIONS = 5
# A part-time route runs two years: trainees who started up to two years before the period may
# still need a placement in it.
START_WINDOW = datetime.timedelta(days=731)

# The weight of each reason. Wishes weigh more than where the trainee lives: the trainee told us.
WISH_PARTNERSHIP = 30
WISH_MUNICIPALITY = 25
WISH_REGION = 20
WISH_ALL_DAYS = 15
WISH_SOME_DAYS = 5
WISH_NO_DAYS = -15
HOME_MUNICIPALITY = 20
HOME_REGION = 10
PAID_JOB = 10
WEEKDAYS = frozenset(Weekday.values)


@dataclasses.dataclass
class Suggestion:
    offer: PlacementOffer
    score: int
    # Why, as (reason, values) pairs: put into words only for the suggestions that are shown.
    grounds: list[tuple[str, dict]]

    @property
    def free(self) -> int:
        return self.offer.places - self.offer.taken

    @functools.cached_property
    def reasons(self) -> list[str]:
        return [reason_text(kind, values) for kind, values in self.grounds]

    @property
    def stored_reasons(self) -> list[dict]:
        """The grounds as the placement keeps them: codes and values, worded when read."""
        return [stored_reason(kind, values) for kind, values in self.grounds]


@dataclasses.dataclass
class TraineeRow:
    trainee: Application
    home_region: object | None
    suggestions: list[Suggestion]

    @property
    def wish(self):
        return _wish(self.trainee)


def _wish(trainee: Application):
    # The reverse one-to-one raises when there is no wish; select_related has cached it or its absence.
    try:
        return trainee.placement_wish
    except Application.placement_wish.RelatedObjectDoesNotExist:
        return None


def default_period(today: datetime.date | None = None) -> PlacementPeriod | None:
    """The next period that has not ended (the one running now, else the first to come)."""
    today = today or timezone.localdate()
    return PlacementPeriod.objects.filter(ends_on__gte=today).order_by("starts_on", "kind").first()


def open_periods(today: datetime.date | None = None) -> list[PlacementPeriod]:
    today = today or timezone.localdate()
    return list(PlacementPeriod.objects.filter(ends_on__gte=today).order_by("starts_on", "kind"))


def unplaced_trainees(period: PlacementPeriod, *, user, subject: SchoolSubject | None = None) -> QuerySet[Application]:
    """Admitted and enrolled trainees `user` sees who started around or before `period` and have
    no live placement in it (a declined or cancelled one puts them back on the list). Placement
    staff see every trainee and every placement by the same permission, so "placed" is complete."""
    placed = placement_list_for_user(user=user, plain=True).filter(
        trainee=OuterRef("pk"), period=period, status__in=TAKING_PLACE
    )
    trainees = (
        trainee_list_for_user(user=user)
        .filter(
            anonymised_at__isnull=True,
            start_moment__starts_on__lte=period.ends_on,
            start_moment__starts_on__gte=period.starts_on - START_WINDOW,
        )
        .exclude(Exists(placed))
        .order_by("last_name", "first_name", "pk")
    )
    if subject is not None:
        trainees = trainees.filter(subject=subject)
    return trainees


def region_table() -> dict[str, object]:
    """Municipality key (partnerships/municipalities.py) → its education region: one query.
    Look a town up with `region_of_town`."""
    return {row.municipality_key: row.region for row in MunicipalityRegion.objects.select_related("region").order_by()}


def region_of_town(regions: dict[str, object], town: str | None):
    """The education region of `town` as the trainee wrote it ("Den Haag", "'s-Gravenhage"…)."""
    key = municipality_key(town)
    return regions.get(key) if key else None


def _places(school) -> set[str]:
    """The keys of the school's municipality and town, which a trainee's town or wish is compared with."""
    return {municipality_key(school.municipality), municipality_key(school.city)} - {""}


def rank(trainee: Application, offer: PlacementOffer, *, home_region=None, places: set[str] | None = None):
    """The suggestion of `offer` for `trainee` with its score and grounds, or None when the offer
    does not suit the trainee at all. Reads only rows already loaded (the offer's school with its
    region and partnership, the trainee's wish). Called for every candidate pair, so it compares
    and counts only; the words come later, for the few suggestions shown."""
    if not offer_suits(offer=offer, trainee=trainee):
        return None
    school = offer.school
    grounds = [("subject", {"subject": offer.subject}) if offer.subject_id else ("primary", {})]
    score = 0
    places = _places(school) if places is None else places
    wish = _wish(trainee)
    if wish is not None:
        if wish.partnership_id and wish.partnership_id == school.partnership_id:
            score += WISH_PARTNERSHIP
            grounds.append(("wish_partnership", {"partnership": school.partnership.name}))
        if wish.municipality and municipality_key(wish.municipality) in places:
            score += WISH_MUNICIPALITY
            grounds.append(("wish_municipality", {"municipality": wish.municipality.strip()}))
        if wish.region_id and wish.region_id == school.region_id:
            score += WISH_REGION
            grounds.append(("wish_region", {"region": school.region.name}))
        wished_days = [day for day in wish.days_available or [] if day in WEEKDAYS]
        offered_days = offer.days_available or []
        if wished_days and offered_days:
            common = [day for day in wished_days if day in offered_days]
            if len(common) == len(wished_days):
                score += WISH_ALL_DAYS
                grounds.append(("all_days", {"days": common}))
            elif common:
                score += WISH_SOME_DAYS
                grounds.append(("some_days", {"count": len(common), "total": len(wished_days), "days": common}))
            else:
                score += WISH_NO_DAYS
    home = municipality_key(trainee.city)
    if home and home in places:
        score += HOME_MUNICIPALITY
        grounds.append(("home_town", {"town": trainee.city.strip()}))
    elif home_region is not None and home_region.pk == school.region_id:
        score += HOME_REGION
        grounds.append(("home_region", {"region": home_region.name}))
    if trainee.employed_as_teacher and offer.paid_job_possible:
        score += PAID_JOB
        grounds.append(("paid_job", {}))
    return Suggestion(offer=offer, score=score, grounds=grounds)


def _best(suggestions, count: int) -> list[Suggestion]:
    # Best score first; then the offer with more free places (a school with room is likelier to
    # say yes), then by school name so the order is stable.
    return heapq.nsmallest(count, suggestions, key=lambda s: (-s.score, -s.free, s.offer.school.name, s.offer.pk))


def candidate_offers(*, user, period: PlacementPeriod, trainees: list[Application]) -> list[PlacementOffer]:
    """The open offers of `period` with free places for the subjects of `trainees`: two queries.

    A page's subjects can have thousands of offers, and building a model row per offer and per
    joined relation (school, region, partnership, subject, period: five per offer) costs more
    than the queries. So the offers come with their own columns only, their schools (a few
    hundred, with region and partnership) in a second query, and the subject and period from
    rows already in hand."""
    condition = suiting_offers(trainees)
    if condition is None:
        return []
    offers = list(
        offer_list_for_user(user=user)
        .prefetch_related(None)
        .select_related(None)
        .filter(condition, period=period, is_open=True)
        .filter(taken__lt=F("places"))
        .only("id", "school", "subject", "period", "places", "days_available", "paid_job_possible")
        .order_by()
    )
    schools = School.objects.select_related("region", "partnership").only(
        "id", "name", "city", "municipality", "region__id", "region__name", "partnership__id", "partnership__name"
    )
    schools = {school.pk: school for school in schools.filter(pk__in={offer.school_id for offer in offers})}
    subjects = {trainee.subject_id: trainee.subject for trainee in trainees if trainee.subject_id}
    for offer in offers:
        offer.school = schools[offer.school_id]
        offer.subject = subjects.get(offer.subject_id)
        offer.period = period
    return offers


def suggestions_for(
    trainee: Application,
    offers: list[PlacementOffer],
    *,
    regions: dict,
    declined: set[int] = frozenset(),
    places: dict[int, set[str]] | None = None,
) -> list[Suggestion]:
    region = region_of_town(regions, trainee.city)
    places = {} if places is None else places
    ranked = (
        rank(trainee, offer, home_region=region, places=places.get(offer.school_id))
        for offer in offers
        if offer.pk not in declined
    )
    return _best((suggestion for suggestion in ranked if suggestion is not None), SUGGESTIONS)


def matching_page(
    *, user, period: PlacementPeriod, page_number=1, subject: SchoolSubject | None = None, per_page: int = PAGE_SIZE
) -> tuple[Page, list[TraineeRow]]:
    """One page of unplaced trainees with their best suggestions, in a fixed number of queries."""
    trainees = unplaced_trainees(period, user=user, subject=subject).select_related(
        "pathway",
        "subject",
        "start_moment",
        "placement_wish",
        "placement_wish__region",
        "placement_wish__partnership",
    )
    page = Paginator(trainees, per_page).get_page(page_number)
    rows = list(page.object_list)
    if not rows:
        return page, []
    offers = candidate_offers(user=user, period=period, trainees=rows)
    declined: dict[int, set[int]] = {}
    for trainee_id, offer_id in (
        placement_list_for_user(user=user, plain=True)
        .filter(
            period=period, status=PlacementStatus.DECLINED, trainee__in=[row.pk for row in rows], offer__isnull=False
        )
        .values_list("trainee_id", "offer_id")
    ):
        declined.setdefault(trainee_id, set()).add(offer_id)
    regions = region_table()
    by_subject: dict[object, list[PlacementOffer]] = {}
    places: dict[int, set[str]] = {}
    for offer in offers:
        by_subject.setdefault(offer.subject_id, []).append(offer)
        if offer.school_id not in places:
            places[offer.school_id] = _places(offer.school)
    result = []
    for trainee in rows:
        own = [offer for key in suiting_subjects(trainee) for offer in by_subject.get(key, [])]
        result.append(
            TraineeRow(
                trainee=trainee,
                home_region=region_of_town(regions, trainee.city),
                suggestions=suggestions_for(
                    trainee, own, regions=regions, declined=declined.get(trainee.pk, set()), places=places
                ),
            )
        )
    return page, result


def reasons_for(trainee: Application, offer: PlacementOffer) -> list[dict]:
    """The reasons for one pair, as the page showed them, for the placement to keep (the assign
    action): codes and values (reasons.py), put into words in each reader's language."""
    suggestion = rank(trainee, offer, home_region=region_of_town(region_table(), trainee.city))
    return suggestion.stored_reasons if suggestion else []
