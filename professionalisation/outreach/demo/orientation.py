"""Demo data of orientation on the teaching profession: six orientation activities of ICLON with
their sessions in the coming months (taster days for the sciences and mathematics, a day as a
teacher of a language, information evenings on becoming a teacher and on lateral entry, a taster
day in a primary school), each tied to school subjects and a sector, and the "Klaar voor de stap"
materials as links.

Activities, sessions and meetings are catalogue data of professional development, written as they
are (as professionalisation/activities/demo.py writes its own); people register through the
activities' pages. Idempotent: rows are found by their slugs (sessions by their order, meetings
by their session), and only what differs is written. The dates move with today, so a demo seeded
again stays in the coming months.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone
from django_scopes import scopes_disabled

from iclon.accounts.models import User
from professionalisation.activities import services as activity_services
from professionalisation.activities.models import (
    MEETING_ZONE,
    Activity,
    ActivityFormat,
    ActivityKind,
    Audience,
    CompletionAward,
    Meeting,
    Registration,
    RegistrationStatus,
    Session,
    TargetAudience,
)
from professionalisation.outreach.models.orientation import OrientationMaterial
from programmes.catalogue.models import SchoolSubject, Sector

CONTACT_EMAIL = "orientatie@iclon.example.org"
ICLON = "ICLON, Kolffpad 1, Leiden"
SCIENCES = ["biologie", "scheikunde", "natuurkunde"]
LANGUAGES = ["nederlands", "engels", "frans", "duits"]

# slug, kind, sector ("" both), subjects, title nl/en, description nl/en, sessions: (weeks ahead,
# weekday 0=Monday, start, end, place ("" online), places). The schools are named to those registered.
ACTIVITIES = [
    (
        "meeloopdag-beta",
        ActivityKind.TASTER_DAY,
        Sector.VO,
        SCIENCES,
        "Meeloopdag biologie, scheikunde en natuurkunde",
        "Taster day: biology, chemistry and physics",
        "Loop een dag mee met een bètadocent op een school in Zuid-Holland: lessen bijwonen, een practicum "
        "begeleiden en met leerlingen en docenten praten. Daarna vertellen ICLON-opleiders welke route bij je past.",
        "Spend a day with a science teacher at a school in Zuid-Holland: sit in on lessons, help with a practical "
        "and talk with pupils and teachers. Afterwards ICLON's teacher educators tell you which route suits you.",
        [(3, 2, "08:30", "15:30", "Partnerschool van ICLON, Leiden", 12), (9, 2, "08:30", "15:30", ICLON, 12)],
    ),
    (
        "meeloopdag-wiskunde-informatica",
        ActivityKind.TASTER_DAY,
        Sector.VO,
        ["wiskunde", "informatica"],
        "Meeloopdag wiskunde en informatica",
        "Taster day: mathematics and computer science",
        "Een dag op school met een docent wiskunde of informatica: twee tekortvakken waar scholen leraren zoeken.",
        "A day at school with a teacher of mathematics or computer science: two shortage subjects in which schools "
        "are looking for teachers.",
        [(6, 3, "08:30", "15:00", "Partnerschool van ICLON, Oegstgeest", 10)],
    ),
    (
        "een-dag-docent-talen",
        ActivityKind.DAY_AS_TEACHER,
        Sector.VO,
        LANGUAGES,
        "Een dag docent: Nederlands en moderne vreemde talen",
        "A day as a teacher: Dutch and modern languages",
        "Geef onder begeleiding zelf een stukje les in je taal, na een voorbereiding met een vakdidacticus van ICLON.",
        "Teach part of a lesson in your language yourself, with guidance, after preparing it with a subject-didactics "
        "lecturer of ICLON.",
        [(5, 1, "09:00", "16:00", ICLON, 16)],
    ),
    (
        "informatieavond-leraar-worden",
        ActivityKind.INFORMATION_EVENING,
        "",
        [],
        "Informatieavond: leraar worden",
        "Information evening: becoming a teacher",
        "Alle routes naar het leraarschap op een avond: de educatieve minor en module, de master Leraar VHO, "
        "zij-instroom en de EMPO. Met studenten en docenten die vertellen hoe het is.",
        "Every route into teaching in one evening: the educational minor and module, the Master's in Teaching, "
        "lateral entry and EMPO. With students and teachers who tell you what it is like.",
        [(2, 1, "19:30", "21:00", ICLON, 80), (10, 2, "19:30", "21:00", "", 200)],
    ),
    (
        "informatieavond-zij-instroom",
        ActivityKind.INFORMATION_EVENING,
        Sector.VO,
        [],
        "Informatieavond zij-instroom: van je vak naar de klas",
        "Information evening on lateral entry: from your field to the classroom",
        "Voor wie van beroep wil wisselen: hoe je met een baan op school je bevoegdheid haalt, het "
        "geschiktheidsonderzoek, en wat scholen in de onderwijsregio's je bieden.",
        "For career switchers: how to qualify while working at a school, the aptitude assessment, and what the "
        "schools of the education regions offer you.",
        [(4, 3, "19:30", "21:00", "", 150)],
    ),
    (
        "meeloopdag-basisschool",
        ActivityKind.TASTER_DAY,
        Sector.PO,
        [],
        "Meeloopdag op de basisschool",
        "Taster day at a primary school",
        "Een dag in groep 5 tot en met 8 van een basisschool, met een gesprek over de EMPO en de academische "
        "zij-instroom in het primair onderwijs.",
        "A day in years 5 to 8 of a primary school, with a talk about EMPO and academic lateral entry into "
        "primary teaching.",
        [(7, 2, "08:15", "14:30", "Partnerbasisschool van de EMPO, Leiden", 8)],
    ),
]

# For the funnel from orientation to application: an information evening eight weeks ago, to which
# the demo applicants (of the intake's demo) and the demo student came: registered, no attendance
# recorded (which counts as attended once the evening has passed; recorded attendance would give
# completions, which professional development's demo counts as its own).
PAST_EVENING = ("informatieavond-leraar-worden", 8, ICLON, 80)
COORDINATOR = "nascholing@example.org"
PAST_GUESTS = ["student@example.org", *(f"aanmelder{number:02d}@example.org" for number in range(1, 16))]

# title nl/en, url, subjects, sector.
MATERIALS = [
    (
        "Klaar voor de stap: is het leraarschap iets voor jou?",
        "Ready for the step: is teaching for you?",
        "https://www.klaarvoordestap.nl/",
        [],
        "",
    ),
    (
        "Klaar voor de stap: een bètales voorbereiden",
        "Ready for the step: preparing a science lesson",
        "https://www.klaarvoordestap.nl/beta",
        SCIENCES + ["wiskunde", "informatica"],
        Sector.VO,
    ),
    (
        "Klaar voor de stap: lesgeven in een taal",
        "Ready for the step: teaching a language",
        "https://www.klaarvoordestap.nl/talen",
        LANGUAGES,
        Sector.VO,
    ),
]


def seed_demo(stdout, style) -> None:
    # scope: demo data (seed_demo), not runtime code: it writes rows of no school's and reads every subject.
    with scopes_disabled(), transaction.atomic():
        today = timezone.localdate()
        audience, _created = TargetAudience.objects.get_or_create(code=Audience.PROSPECTIVE_TEACHERS)
        subjects = {subject.slug: subject for subject in SchoolSubject.objects.all()}
        for spec in ACTIVITIES:
            _sync_activity(spec, audience, subjects, today)
        for order, (title_nl, title_en, url, slugs, sector) in enumerate(MATERIALS):
            material = _sync(
                OrientationMaterial.objects.filter(url=url).first(),
                OrientationMaterial,
                {
                    "title_nl": title_nl,
                    "title_en": title_en,
                    "url": url,
                    "sector": sector,
                    "order": order,
                    "published": True,
                },
            )
            material.subjects.set([subjects[slug] for slug in slugs if slug in subjects])
        guests = _past_evening(today)
        slugs = [spec[0] for spec in ACTIVITIES]
        sessions = Session.objects.filter(activity__slug__in=slugs).count()
    stdout.write(
        f"  Orientation on the teaching profession: {len(slugs)} activities, {sessions} sessions, "
        f"{len(MATERIALS)} materials; {guests} guests at a past information evening."
    )


def _past_evening(today: datetime.date) -> int:
    """The past information evening (the activity's session after its coming ones) and its guests,
    registered through the service by the coordinator. Returns the number of guests registered (0
    without the demo accounts)."""
    slug, weeks_ago, place, places = PAST_EVENING
    activity = Activity.objects.get(slug=slug)
    coming = len(next(spec for spec in ACTIVITIES if spec[0] == slug)[-1])
    day = today - datetime.timedelta(weeks=weeks_ago)
    existing = list(activity.sessions.order_by("pk")[coming : coming + 1])
    session = _sync(
        existing[0] if existing else None,
        Session,
        {
            "activity_id": activity.pk,
            "name": f"{day:%d-%m-%Y} – Leiden",
            "capacity": places,
            "registration_deadline": datetime.datetime.combine(
                day - datetime.timedelta(days=2), datetime.time(23, 59), tzinfo=MEETING_ZONE
            ),
        },
    )
    _sync(
        session.meetings.order_by("pk").first(),
        Meeting,
        {
            "session_id": session.pk,
            "date": day,
            "starts_at": datetime.time(19, 30),
            "ends_at": datetime.time(21, 0),
            "place": place,
            "online_link": "",
        },
    )
    coordinator = User.objects.filter(email=COORDINATOR).first()
    if coordinator is None:
        return 0
    guests = list(User.objects.filter(email__in=PAST_GUESTS).order_by("email"))
    registered = set(
        Registration.objects.filter(session=session, status=RegistrationStatus.CONFIRMED).values_list(
            "participant_id", flat=True
        )
    )
    for guest in guests:
        if guest.pk not in registered:
            activity_services.registration_create(session=session, participant=guest, actor=coordinator)
    return len(guests)


def _sync(row, model, values: dict):
    """Create the row, or write the fields of `values` that differ (an unchanged row is not saved)."""
    if row is None:
        return model.objects.create(**values)
    changed = [name for name, value in values.items() if getattr(row, name) != value]
    if changed:
        for name in changed:
            setattr(row, name, values[name])
        row.save(update_fields=[*changed, "updated_at"])
    return row


def _time(text: str) -> datetime.time:
    hours, minutes = text.split(":")
    return datetime.time(int(hours), int(minutes))


def _sync_activity(spec, audience: TargetAudience, subjects: dict, today: datetime.date) -> Activity:
    slug, kind, sector, subject_slugs, title_nl, title_en, description_nl, description_en, session_specs = spec
    online = all(not place for *_rest, place, _places in session_specs)
    activity = _sync(
        Activity.objects.filter(slug=slug).first(),
        Activity,
        {
            "slug": slug,
            "kind": kind,
            "sector": sector,
            "title_nl": title_nl,
            "title_en": title_en,
            "description_nl": description_nl,
            "description_en": description_en,
            "format": ActivityFormat.ONLINE if online else ActivityFormat.ON_SITE,
            "award": CompletionAward.NOTHING,
            "contact_email": CONTACT_EMAIL,
            "cancel_days_before": 1,
            "published": True,
        },
    )
    activity.audiences.set([audience])
    activity.subjects.set([subjects[slug] for slug in subject_slugs if slug in subjects])
    monday = today - datetime.timedelta(days=today.weekday())
    for index, (weeks, weekday, starts, ends, place, places) in enumerate(session_specs):
        day = monday + datetime.timedelta(weeks=weeks, days=weekday)
        closes = day - datetime.timedelta(days=2)
        deadline = datetime.datetime.combine(closes, datetime.time(23, 59), tzinfo=MEETING_ZONE)
        existing = list(activity.sessions.order_by("pk")[index : index + 1])
        session = _sync(
            existing[0] if existing else None,
            Session,
            {
                "activity_id": activity.pk,
                "name": f"{day:%d-%m-%Y} – {place.split(',')[-1].strip() if place else 'online'}",
                "capacity": places,
                "registration_deadline": deadline,
            },
        )
        _sync(
            session.meetings.order_by("pk").first(),
            Meeting,
            {
                "session_id": session.pk,
                "date": day,
                "starts_at": _time(starts),
                "ends_at": _time(ends),
                "place": place,
                "online_link": "" if place else "https://universiteitleiden.zoom.us/j/iclon-orientatie",
            },
        )
    return activity
