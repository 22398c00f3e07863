"""Placement volumes for benchmarks: `seed_scale --trainees N --offers M`.

Bulk-creates N trainees (admitted, admitted with conditions or enrolled applications, each with
an account, living in a real municipality of the region table, a third with placement wishes)
and M open offers across the demo schools and subjects, for the coming placement period (made
when it does not exist). Bulk inserts bypass the services on purpose: this is volume for
measuring the matching page, not the workflow; no notifications, no history rows.
"""

from __future__ import annotations

import datetime
import random

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from iclon.accounts.models import User
from partnerships.models import MunicipalityRegion, School, TrainingSchoolPartnership
from programmes.catalogue.models import Pathway, Sector, StartMoment
from programmes.intake.models import Application, ApplicationStatus, DutchProficiency
from programmes.placements.models import PlacementOffer, PlacementPeriod, PlacementWish, Weekday

BATCH = 1000
EMAIL = "schaal-stagiair-{:07d}@example.org"
TRAINEE_STATUSES = [
    (ApplicationStatus.ADMITTED, 5),
    (ApplicationStatus.ADMITTED_WITH_CONDITIONS, 2),
    (ApplicationStatus.ENROLLED, 4),
]
DAY_SETS = [["mon", "tue", "wed"], ["tue", "wed", "thu"], ["wed", "thu", "fri"], list(Weekday.values), ["tue", "thu"]]


def seed_scale_arguments(parser) -> None:
    parser.add_argument("--trainees", type=int, default=0, help="Number of trainees (admitted applications).")
    parser.add_argument("--offers", type=int, default=0, help="Number of placement offers for the coming period.")


def coming_period(today: datetime.date | None = None) -> PlacementPeriod:
    """The next semester to start (September–January or February–July), made when missing."""
    today = today or timezone.localdate()
    year = today.year
    if today < datetime.date(year, 2, 1):
        starts, ends, slug, half = datetime.date(year, 2, 1), datetime.date(year, 7, 15), f"{year - 1}-{year}-s2", 2
    elif today < datetime.date(year, 9, 1):
        starts, ends, slug, half = datetime.date(year, 9, 1), datetime.date(year + 1, 1, 31), f"{year}-{year + 1}-s1", 1
    else:
        starts, ends, slug, half = (
            datetime.date(year + 1, 2, 1),
            datetime.date(year + 1, 7, 15),
            f"{year}-{year + 1}-s2",
            2,
        )
    school_year = slug.rsplit("-", 1)[0]
    period, _created = PlacementPeriod.objects.get_or_create(
        slug=slug,
        defaults={
            "name_nl": f"Semester {half} {school_year}",
            "name_en": f"Semester {half} {school_year}",
            "kind": PlacementPeriod.Kind.SEMESTER,
            "starts_on": starts,
            "ends_on": ends,
        },
    )
    return period


def _start_moments(period: PlacementPeriod) -> list[tuple[int, int, str, list[int]]]:
    """(pathway, start moment, sector, subjects) of published routes whose trainees may need a
    placement in `period`; a start moment at the period's start is added where a route has none."""
    pathways = list(Pathway.objects.filter(is_published=True).prefetch_related("subjects").order_by("pk"))
    earliest = period.starts_on - datetime.timedelta(days=700)
    starts = {}
    for start in StartMoment.objects.filter(
        pathway__in=pathways, starts_on__gte=earliest, starts_on__lte=period.starts_on
    ).order_by("starts_on"):
        starts.setdefault(start.pathway_id, start.pk)
    combos = []
    for pathway in pathways:
        if pathway.pk not in starts:
            start, _created = StartMoment.objects.get_or_create(
                pathway=pathway,
                starts_on=period.starts_on,
                defaults={"application_deadline": period.starts_on - datetime.timedelta(days=60)},
            )
            starts[pathway.pk] = start.pk
        subjects = [subject.pk for subject in pathway.subjects.all()]
        if subjects or pathway.sector == Sector.PO:
            combos.append((pathway.pk, starts[pathway.pk], pathway.sector, subjects))
    return combos


def _offers(count: int, period: PlacementPeriod, rng: random.Random, stdout) -> None:
    schools = list(
        School.objects.filter(is_active=True, offers_vo=True)
        .order_by("partnership_id", "pk")
        .values_list("pk", flat=True)[:1000]
    )
    primary_schools = list(School.objects.filter(is_active=True, offers_po=True).values_list("pk", flat=True)[:200])
    subjects = sorted({subject for *_rest, subjects in _start_moments(period) for subject in subjects})
    if not schools or not subjects:
        stdout.write("No schools or subjects: run seed_demo first; no offers generated.")
        return
    now = timezone.now()
    rows = []
    for n in range(count):
        primary = primary_schools and n % 20 == 19  # one offer in twenty for primary education
        rows.append(
            PlacementOffer(
                school_id=(primary_schools if primary else schools)[n % len(primary_schools if primary else schools)],
                subject_id=None if primary else subjects[n % len(subjects)],
                period=period,
                places=rng.choice((1, 1, 2, 2, 3, 4)),
                days_available=DAY_SETS[n % len(DAY_SETS)],
                paid_job_possible=n % 5 == 0,
                is_open=n % 25 != 0,
                created_at=now,
                updated_at=now,
            )
        )
    PlacementOffer.objects.unscoped().bulk_create(rows, batch_size=BATCH)
    stdout.write(f"{count} placement offers for {period}.")


def _trainees(count: int, period: PlacementPeriod, rng: random.Random, stdout) -> None:
    combos = _start_moments(period)
    if not combos:
        stdout.write("No published routes: run seed_demo first; no trainees generated.")
        return
    towns = list(MunicipalityRegion.objects.values_list("municipality_name", "region_id")) or [("Leiden", None)]
    partnerships = list(TrainingSchoolPartnership.objects.values_list("pk", flat=True))
    first = User.objects.filter(email__startswith="schaal-stagiair-").count()
    password = make_password(None)
    User.objects.bulk_create(
        (
            User(email=EMAIL.format(first + n), full_name=f"Stagiair {first + n}", password=password)
            for n in range(count)
        ),
        batch_size=BATCH,
    )
    users = dict(User.objects.filter(email__startswith="schaal-stagiair-").values_list("email", "pk"))
    statuses, weights = zip(*TRAINEE_STATUSES, strict=True)
    now = timezone.now()
    applications = []
    for n in range(count):
        pathway_id, start_id, _sector, subjects = combos[n % len(combos)]
        town, _region = towns[n % len(towns)]
        status = rng.choices(statuses, weights)[0]
        applications.append(
            Application(
                applicant_id=users[EMAIL.format(first + n)],
                pathway_id=pathway_id,
                start_moment_id=start_id,
                subject_id=subjects[n % len(subjects)] if subjects else None,
                status=status,
                first_name="Stagiair",
                last_name=f"{first + n:07d}",
                city=town,
                country="Nederland",
                dutch_proficiency=DutchProficiency.SECONDARY_DIPLOMA,
                employed_as_teacher=n % 6 == 0,
                submitted_at=now - datetime.timedelta(days=120),
                decided_at=now - datetime.timedelta(days=60),
                enrolled_at=now - datetime.timedelta(days=30) if status == ApplicationStatus.ENROLLED else None,
                created_at=now - datetime.timedelta(days=150),
                updated_at=now,
            )
        )
    created = Application.objects.bulk_create(applications, batch_size=BATCH)
    if not all(application.pk for application in created):
        # Backends without RETURNING on bulk inserts: read the ids back.
        created = list(Application.objects.filter(applicant__email__startswith="schaal-stagiair-").order_by("pk"))
    wishes = []
    for n, application in enumerate(created):
        if n % 3:
            continue
        town, region = towns[(n * 7) % len(towns)]
        wishes.append(
            PlacementWish(
                trainee_id=application.pk,
                region_id=region,
                municipality=town if n % 2 else "",
                partnership_id=partnerships[n % len(partnerships)] if partnerships and n % 4 == 0 else None,
                days_available=DAY_SETS[n % len(DAY_SETS)],
                created_at=now,
                updated_at=now,
            )
        )
    PlacementWish.objects.bulk_create(wishes, batch_size=BATCH)
    stdout.write(f"{count} trainees ({len(wishes)} with wishes) for {period}.")


def seed_scale(options, stdout) -> None:
    trainees, offers = options.get("trainees") or 0, options.get("offers") or 0
    if not (trainees or offers):
        return
    rng = random.Random(trainees * 7919 + offers)  # noqa: S311  (demo data, not security)
    with transaction.atomic():
        period = coming_period()
        if offers:
            _offers(offers, period, rng, stdout)
        if trainees:
            _trainees(trainees, period, rng, stdout)
