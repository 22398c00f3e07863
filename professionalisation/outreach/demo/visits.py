"""Demo data of Meet the Professor (runs after the accounts and the schools of partnerships'
demo): a pool of 15 researchers with invented names from Leiden University's faculties, and a
school year of about 30 requests over real secondary schools of Zuid-Holland in every state
(requested, proposed, accepted, confirmed, held, evaluated, declined, withdrawn), the first at the
schools of the demo school accounts so that their pages show them.

Everything goes through the services, as the people who would do it: a school's demo account (or,
for a school without one, the coordinator on its behalf) requests; the coordinator proposes and
marks held; the researcher answers and evaluates; the school confirms and evaluates. For a school
without a demo account its own side (the confirmation, its evaluation) is written directly, as
set-up (as demo/pal.py does). The services keep to today's clock, so a visit that lies in the past
is arranged for a date two years ahead and then moved back, with its timestamps, by a queryset
update (`_backdate`, `_move_to_the_past`): the only writes around the services. Idempotent:
researchers are found by their e-mail address, requests by their contact address; only what is
missing is added.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.db.models import Case, When
from django.utils import timezone
from django_scopes import scopes_disabled

from iclon.accounts.demo import demo_user
from iclon.accounts.models import User
from iclon.core.history import record_history_as
from partnerships.models import EducationRegion, Faculty, School, SchoolRole
from partnerships.selectors import active_memberships
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
#: The demo's school accounts whose schools get requests first (the school contact's first).
SCHOOL_ACCOUNTS = [SCHOOL_CONTACT, "rotterdam@example.org", "schoolleider@example.org"]

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
DECLINE_REASON = "Ik zit die weken op een congres in het buitenland."
WITHDRAW_REASON = "De toetsweek is verschoven; we vragen het volgend jaar opnieuw aan."
SCHOOL_EVALUATION = "De leerlingen stelden veel vragen en praatten er de hele week over."
RESEARCHER_EVALUATION = "Een nieuwsgierige klas; goed voorbereid."
#: How far ahead a visit that lies in the past is arranged, before it is moved back (see the docstring).
AHEAD = datetime.timedelta(days=730)
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
        made = _requests(coordinator, pool)
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
    """The schools of the demo school accounts first (the demo school contact's school first),
    then other active schools of Zuid-Holland."""
    first: list[School] = []
    for email in SCHOOL_ACCOUNTS:
        for membership in active_memberships().filter(user__email=email).select_related("school").order_by("pk"):
            school = membership.school
            if school.province == "Zuid-Holland" and school.is_active and school not in first:
                first.append(school)
    others = list(
        School.objects.filter(province="Zuid-Holland", is_active=True)
        .exclude(pk__in=[school.pk for school in first])
        .order_by("brin_code", "branch_number")[:40:3]
    )
    return first + others


def _speaker(school: School) -> User | None:
    """One of the school's people who acts for it in the demo (its contact first), or None."""
    membership = (
        active_memberships(school_ids=[school.pk])
        .select_related("user")
        .order_by(Case(When(role=SchoolRole.SCHOOL_CONTACT, then=0), default=1), "pk")
        .first()
    )
    return membership.user if membership is not None else None


def _requests(coordinator: User, pool: list[ResearcherProfile]) -> int:
    schools = _schools()
    if not schools or not pool:
        return 0
    made = 0
    for number, status in enumerate(STATES):
        email = f"mtp-aanvraag-{number + 1:02d}@example.org"
        if VisitRequest.objects.filter(contact_email=email).exists():
            continue
        _request(number, status, email, schools[number % len(schools)], pool[number % len(pool)], coordinator)
        made += 1
    return made


def _request(
    number: int, status: str, email: str, school: School, researcher: ResearcherProfile, coordinator: User
) -> VisitRequest:
    """One request, taken through the services from `requested` to `status`."""
    speaker = _speaker(school)
    past = status in (VisitStatus.HELD, VisitStatus.EVALUATED)
    # Past visits for held and evaluated ones, coming ones for the rest; on a weekday.
    day = timezone.localdate() + datetime.timedelta(days=(-20 - 7 * number) if past else (14 + 4 * number))
    while day.weekday() >= 5:
        day += datetime.timedelta(days=1)
    start = datetime.datetime.combine(day, datetime.time(10 + number % 4), tzinfo=VISIT_ZONE)
    ahead = AHEAD if past else datetime.timedelta(0)
    visit = services.visit_request_create(
        actor=speaker or coordinator,
        school=school,
        contact_name=f"Docent {number + 1}",
        contact_email=email,
        group_label=GROUPS[number % len(GROUPS)],
        pupils=20 + (number * 7) % 90,
        wishes=WISHES[number % len(WISHES)],
        location=VisitLocation.AT_UNIVERSITY if number % 5 == 0 else VisitLocation.AT_SCHOOL,
        preferred_dates=[day + ahead, day + ahead + datetime.timedelta(days=7)],
    )
    # Withdrawn while still requested (every other withdrawn one), declined, or left requested.
    if status == VisitStatus.REQUESTED or (status == VisitStatus.WITHDRAWN and number % 2):
        if status == VisitStatus.WITHDRAWN:
            visit = services.visit_withdraw(visit=visit, actor=speaker or coordinator, reason=WITHDRAW_REASON)
        return _backdate(visit, number, past)
    visit, _token = services.visit_propose(
        visit=visit, researcher=researcher, starts_at=start + ahead, actor=coordinator
    )
    if status == VisitStatus.DECLINED:
        visit = services.visit_researcher_answer(
            visit=visit, accept=False, reason=DECLINE_REASON, actor=researcher.user
        )
        return _backdate(visit, number, past)
    if status == VisitStatus.PROPOSED:
        return _backdate(visit, number, past)
    visit = services.visit_researcher_answer(visit=visit, accept=True, actor=researcher.user)
    if status == VisitStatus.WITHDRAWN:
        visit = services.visit_withdraw(visit=visit, actor=speaker or coordinator, reason=WITHDRAW_REASON)
    if status in (VisitStatus.ACCEPTED, VisitStatus.WITHDRAWN):
        return _backdate(visit, number, past)
    visit = _school_confirms(visit, speaker)
    if not past:
        return _backdate(visit, number, past)
    _move_to_the_past(visit)
    visit = services.visit_mark_held(visit=visit, actor=coordinator)
    if status == VisitStatus.EVALUATED:
        _school_evaluates(visit, speaker, rating=3 + number % 3)
        services.visit_evaluate(
            visit=visit, side=EvaluationSide.RESEARCHER, actor=researcher.user, text=RESEARCHER_EVALUATION
        )
    return _backdate(visit, number, past)


def _school_confirms(visit: VisitRequest, speaker: User | None) -> VisitRequest:
    if speaker is not None:
        return services.visit_confirm(visit=visit, actor=speaker)
    # The school has no demo account: its confirmation is set up directly.
    visit.status, visit.confirmed_at = VisitStatus.CONFIRMED, timezone.now()
    record_history_as(visit, None)
    visit.save()
    return visit


def _school_evaluates(visit: VisitRequest, speaker: User | None, *, rating: int) -> None:
    if speaker is not None:
        services.visit_evaluate(
            visit=visit, side=EvaluationSide.SCHOOL, actor=speaker, text=SCHOOL_EVALUATION, rating=rating
        )
        return
    # The school has no demo account: its evaluation is set up directly (the researcher's, through
    # the service, then closes the request).
    evaluation = VisitEvaluation(request=visit, side=EvaluationSide.SCHOOL, rating=rating, text=SCHOOL_EVALUATION)
    record_history_as(evaluation, None)
    evaluation.save()


def _move_to_the_past(visit: VisitRequest) -> None:
    """Move a visit arranged AHEAD back to its real date (in the past), with its preferred dates,
    so that it can be marked held. Set-up only: queryset updates, no history rows."""
    assert visit.starts_at is not None and visit.ends_at is not None
    VisitRequest.objects.filter(pk=visit.pk).update(starts_at=visit.starts_at - AHEAD, ends_at=visit.ends_at - AHEAD)
    for preferred in VisitPreferredDate.objects.filter(request=visit):
        VisitPreferredDate.objects.filter(pk=preferred.pk).update(date=preferred.date - AHEAD)


def _backdate(visit: VisitRequest, number: int, past: bool) -> VisitRequest:
    """Spread the request's moments over the school year, as if it had been made weeks ago (the
    services wrote them all today): created, proposed two days later, accepted four, confirmed
    six; held at the end of the visit, closed a few days after. Set-up only: one queryset update,
    no history rows."""
    visit.refresh_from_db()
    created = timezone.now() - datetime.timedelta(days=(40 + 7 * number) if past else (10 + number))
    changes: dict = {"created_at": created}
    for field, days in (("proposed_at", 2), ("accepted_at", 4), ("confirmed_at", 6)):
        if getattr(visit, field) is not None:
            changes[field] = created + datetime.timedelta(days=days)
    if visit.held_at is not None and visit.ends_at is not None:
        changes["held_at"] = visit.ends_at
    if visit.closed_at is not None:
        # An evaluation closes a request three days after the visit; a decline or withdrawal soon after the request.
        closed = created + datetime.timedelta(days=5)
        if visit.status == VisitStatus.EVALUATED and visit.starts_at is not None:
            closed = visit.starts_at + datetime.timedelta(days=3)
        changes["closed_at"] = closed
    VisitRequest.objects.filter(pk=visit.pk).update(**changes)
    if visit.starts_at is not None:
        visit.evaluations.update(created_at=visit.starts_at + datetime.timedelta(days=2))
    return visit
