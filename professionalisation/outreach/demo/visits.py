"""Demo data of Meet the Professor (runs after the accounts and the schools of partnerships'
demo): a pool of 15 researchers with invented names from Leiden University's faculties, and a
school year of about 30 requests over real secondary schools of Zuid-Holland in every state
(requested, proposed, accepted, confirmed, held, evaluated, declined, withdrawn), the first for
the demo school contact's school so that its pages show them.

The pool goes through the services (as the demo coordinator). The requests are written as they
are: a request's history spans months (held and evaluated visits lie in the past), which the
services, that keep to today's clock, cannot make. Idempotent: researchers are found by their
e-mail address, requests by their contact address; only what is missing is added.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone
from django_scopes import scopes_disabled

from iclon.accounts.demo import demo_user
from iclon.accounts.models import User
from partnerships.models import EducationRegion, Faculty, School, SchoolMembership, SchoolRole
from professionalisation.outreach.models.visits import (
    VISIT_ZONE,
    EvaluationSide,
    ResearcherProfile,
    VisitEvaluation,
    VisitLocation,
    VisitPreferredDate,
    VisitRequest,
    VisitStatus,
)
from professionalisation.outreach.services import visits as services

COORDINATOR = "nascholing@example.org"
SCHOOL_CONTACT = "schoolcontact@example.org"

# (name, a word of the faculty's name, discipline, topics, languages, visits a year at most)
RESEARCHERS = [
    ("Prof. dr. Annelies Verhoef", "Wiskunde", "Sterrenkunde", "sterren, planeten, zwarte gaten", "nl, en", 4),
    ("Dr. Bas Koolhoven", "Archeologie", "Archeologie", "Romeinen, opgravingen, dinosaurussen", "nl", 3),
    ("Prof. dr. Chidi Okafor", "Geneeskunde", "Immunologie", "virussen, vaccins, gezondheid", "en", 2),
    ("Dr. Daphne Rijkaart", "Rechten", "Strafrecht", "recht, rechtspraak, criminaliteit", "nl", 5),
    ("Dr. Emre Yıldız", "Sociale", "Psychologie", "brein, gedrag, leren", "nl, en", 4),
    ("Prof. dr. Fleur van Dam", "Geesteswetenschappen", "Geschiedenis", "Gouden Eeuw, oorlog, Leiden", "nl", 3),
    ("Dr. Gijs Terpstra", "Wiskunde", "Biologie", "evolutie, insecten, biodiversiteit", "nl", 6),
    ("Dr. Hanna Lindqvist", "Wiskunde", "Natuurkunde", "quantum, licht, energie", "en", 3),
    ("Prof. dr. Ivo Brandsma", "Governance", "Bestuurskunde", "democratie, politiek, gemeente", "nl", 2),
    ("Dr. Jasmijn Ouali", "Geesteswetenschappen", "Taalwetenschap", "taal, dialecten, Arabisch", "nl, en", 4),
    ("Dr. Koen Vermeulen", "Wiskunde", "Informatica", "programmeren, AI, robots", "nl", 5),
    ("Prof. dr. Lotte de Graaf", "Geneeskunde", "Neurowetenschappen", "brein, slaap, geheugen", "nl", 3),
    ("Dr. Mohamed El Idrissi", "Wiskunde", "Scheikunde", "moleculen, klimaat, plastic", "nl, en", 4),
    ("Dr. Noor Hendriks", "Archeologie", "Egyptologie", "piramides, mummies, Egypte", "nl", 3),
    ("Prof. dr. Olivier Meijer", "Sociale", "Pedagogiek", "opvoeding, spelen, leren", "nl", 4),
]
WISHES = [
    "Iets over sterren en planeten",
    "De leerlingen willen alles weten over dinosaurussen",
    "Hoe werkt het brein? Waarom moeten we slapen?",
    "Klimaat en plastic in de zee",
    "Wat doet een rechter? Recht en rechtspraak",
    "Programmeren en robots, AI",
    "Egypte: piramides en mummies",
    "Evolutie en insecten",
]
# How the 30 requests are spread over the states (in the order they are made).
STATES = (
    [VisitStatus.EVALUATED] * 8
    + [VisitStatus.HELD] * 4
    + [VisitStatus.CONFIRMED] * 5
    + [VisitStatus.ACCEPTED] * 3
    + [VisitStatus.PROPOSED] * 3
    + [VisitStatus.REQUESTED] * 4
    + [VisitStatus.DECLINED, VisitStatus.WITHDRAWN, VisitStatus.WITHDRAWN]
)
GROUPS = ["Havo 3", "Vwo 4", "Vwo 5", "Havo 4", "Vmbo-t 3", "Gymnasium 2", "Vwo 6"]


def _email(name: str) -> str:
    last = name.split()[-1].lower().replace("ı", "i")
    return f"mtp.{last}@example.org"


def seed_demo(stdout, style) -> None:
    # scope: demo data is written for every school at once, outside any request.
    with scopes_disabled(), transaction.atomic():
        coordinator = User.objects.filter(email=COORDINATOR).first()
        if coordinator is None:
            stdout.write("  Meet the Professor: skipped (the demo coordinator is not there).")
            return
        pool = _pool(coordinator)
        made = _requests(pool)
    stdout.write(
        f"  Meet the Professor: {ResearcherProfile.objects.count()} researchers, "
        f"{VisitRequest.objects.count()} visit requests, {made} added now."
    )


def _pool(coordinator: User) -> list[ResearcherProfile]:
    regions = list(EducationRegion.objects.order_by("slug"))
    faculties = list(Faculty.objects.order_by("name"))
    pool = []
    for number, (name, faculty_word, discipline, topics, languages, cap) in enumerate(RESEARCHERS):
        email = _email(name)
        researcher = ResearcherProfile.objects.filter(user__email=email).first()
        if researcher is None:
            user = User.objects.filter(email=email).first() or demo_user(email, name, language=languages[:2])
            faculty = next((f for f in faculties if faculty_word.lower() in f.name.lower()), None)
            researcher = services.researcher_create(
                actor=coordinator,
                user=user,
                discipline=discipline,
                faculty=faculty,
                topics=topics,
                languages=languages,
                max_visits_per_year=cap,
                regions=[regions[(number + k) % len(regions)] for k in range(2)] if regions else [],
            )
        pool.append(researcher)
    return pool


def _schools() -> list[School]:
    contact_school_ids = SchoolMembership.objects.filter(
        user__email=SCHOOL_CONTACT, role=SchoolRole.SCHOOL_CONTACT
    ).values_list("school_id", flat=True)
    first = list(School.objects.filter(pk__in=contact_school_ids))
    others = list(
        School.objects.filter(province="Zuid-Holland", is_active=True)
        .exclude(pk__in=contact_school_ids)
        .order_by("brin_code", "branch_number")[:40:3]
    )
    return first + others


def _requests(pool: list[ResearcherProfile]) -> int:
    schools = _schools()
    if not schools or not pool:
        return 0
    today = timezone.localdate()
    contact = User.objects.filter(email=SCHOOL_CONTACT).first()
    made = 0
    for number, status in enumerate(STATES):
        email = f"mtp-aanvraag-{number + 1:02d}@example.org"
        if VisitRequest.objects.filter(contact_email=email).exists():
            continue
        school = schools[number % len(schools)]
        researcher = pool[number % len(pool)]
        # Past visits for held and evaluated ones, coming ones for the rest.
        past = status in (VisitStatus.HELD, VisitStatus.EVALUATED)
        day = today + datetime.timedelta(days=(-20 - 7 * number) if past else (14 + 4 * number))
        while day.weekday() >= 5:
            day += datetime.timedelta(days=1)
        start = datetime.datetime.combine(day, datetime.time(10 + number % 4), tzinfo=VISIT_ZONE)
        arranged = status not in (VisitStatus.REQUESTED, VisitStatus.DECLINED) and not (
            status == VisitStatus.WITHDRAWN and number % 2
        )
        created = timezone.now() - datetime.timedelta(days=(40 + 7 * number) if past else (10 + number))
        visit = VisitRequest.objects.create(
            school=school,
            requested_by=contact if number == 0 else None,
            contact_name=f"Docent {number + 1}",
            contact_email=email,
            group_label=GROUPS[number % len(GROUPS)],
            pupils=20 + (number * 7) % 90,
            wishes=WISHES[number % len(WISHES)],
            location=VisitLocation.AT_UNIVERSITY if number % 5 == 0 else VisitLocation.AT_SCHOOL,
            status=status,
            status_reason={
                VisitStatus.DECLINED: "Ik zit die weken op een congres in het buitenland.",
                VisitStatus.WITHDRAWN: "De toetsweek is verschoven; we vragen het volgend jaar opnieuw aan.",
            }.get(status, ""),
            researcher=researcher if arranged else None,
            starts_at=start if arranged else None,
            ends_at=start + services.DEFAULT_DURATION if arranged else None,
            proposed_at=created + datetime.timedelta(days=2) if arranged else None,
            accepted_at=created + datetime.timedelta(days=4) if arranged and status != VisitStatus.PROPOSED else None,
            confirmed_at=created + datetime.timedelta(days=6)
            if status in (VisitStatus.CONFIRMED, VisitStatus.HELD, VisitStatus.EVALUATED)
            else None,
            held_at=start + services.DEFAULT_DURATION if past else None,
            closed_at=created + datetime.timedelta(days=5)
            if status in (VisitStatus.DECLINED, VisitStatus.WITHDRAWN)
            else (start + datetime.timedelta(days=3) if status == VisitStatus.EVALUATED else None),
        )
        VisitRequest.objects.filter(pk=visit.pk).update(created_at=created)
        VisitPreferredDate.objects.create(request=visit, date=day)
        VisitPreferredDate.objects.create(request=visit, date=day + datetime.timedelta(days=7))
        if status == VisitStatus.DECLINED:
            visit.declined_by.add(researcher)
        if status == VisitStatus.EVALUATED:
            VisitEvaluation.objects.create(
                request=visit,
                side=EvaluationSide.SCHOOL,
                rating=3 + number % 3,
                text="De leerlingen stelden veel vragen en praatten er de hele week over.",
            )
            VisitEvaluation.objects.create(
                request=visit, side=EvaluationSide.RESEARCHER, text="Een nieuwsgierige klas; goed voorbereid."
            )
        made += 1
    return made
