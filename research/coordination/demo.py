"""Demo data of higher-education research coordination (runs after the accounts' demo and the
faculties of partnerships' demo): the research team (the demo research staff account and two more
invented members: three people, as the team's three fte) and 15 requests of invented staff of
Leiden University's faculties, in every state, several of them grant proposals with their
deadlines, one of which has passed.

Everything goes through the services, as the people who would do it: the requester asks, writes
and withdraws; a team member assigns, answers and moves the state. The services keep to today's
clock, so the overdue grant's deadline is moved back by one queryset update after it was made (the
only write around the services). Idempotent: a requester's request is found by its title.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone
from django_scopes import scopes_disabled

from iclon.accounts.demo import demo_user
from iclon.accounts.models import User
from iclon.accounts.roles import StaffGroup
from partnerships.models import Faculty
from research.coordination import services
from research.coordination.models import SupportKind, SupportRequest, SupportStatus

#: The research team: the accounts' demo research staff member first, then two invented colleagues.
TEAM = [
    ("onderzoek@example.org", "Oscar Onderzoek", "en"),
    ("hoger.onderwijs@example.org", "Hanneke Hoogland", "nl"),
    ("innovatie.onderzoek@example.org", "Idris Benali", "nl"),
]

S, K = SupportStatus, SupportKind

# (requester's name, e-mail, a word of the faculty's name, department, kind, title, course, grant:
#  (funder, call, days until the deadline) or None, the state it reaches, team member (index) or None)
REQUESTS = [
    (
        "Dr. Marieke de Boer",
        "m.deboer@example.org",
        "Sociale",
        "Instituut Psychologie",
        K.GRANT_PROPOSAL,
        "Comenius Teaching Fellow: feedback in grote eerstejaarsvakken",
        "Inleiding in de psychologie",
        ("NRO", "Comenius Teaching Fellows 2027", 10),
        S.IN_PROGRESS,
        0,
    ),
    (
        "Prof. dr. Pieter Hofstede",
        "p.hofstede@example.org",
        "Rechtsgeleerdheid",
        "Instituut voor Privaatrecht",
        K.COORDINATION,
        "Onderzoek naar activerend onderwijs in de bachelor Rechtsgeleerdheid",
        "Bachelor Rechtsgeleerdheid",
        None,
        S.SUBMITTED,
        None,
    ),
    (
        "Dr. Sofia Marino",
        "s.marino@example.org",
        "Geesteswetenschappen",
        "Leiden University Centre for Linguistics",
        K.INNOVATION_RESEARCH,
        "Evaluating an AI writing tutor in academic English",
        "Academic Writing in English",
        None,
        S.WAITING,
        1,
    ),
    (
        "Dr. Jeroen van der Linden",
        "j.vanderlinden@example.org",
        "Wiskunde",
        "Mathematisch Instituut",
        K.KNOWLEDGE_BASE,
        "Wat weten we over formatief toetsen in wiskundevakken?",
        "Lineaire Algebra 1",
        None,
        S.COMPLETED,
        2,
    ),
    (
        "Dr. Amira Haddad",
        "a.haddad@example.org",
        "Governance",
        "Institute of Security and Global Affairs",
        K.GRANT_PROPOSAL,
        "Comenius Senior Fellow: challenge-based learning in security studies",
        "Master Crisis and Security Management",
        ("NRO", "Comenius Senior Fellows 2027", 40),
        S.SUBMITTED,
        None,
    ),
    (
        "Dr. Thomas Verbeek",
        "t.verbeek@example.org",
        "Archeologie",
        "Faculteit der Archeologie",
        K.INNOVATION_RESEARCH,
        "Virtuele opgravingen in het eerste jaar: wat leren studenten?",
        "Veldwerk 1",
        None,
        S.IN_PROGRESS,
        2,
    ),
    (
        "Dr. Lisa Chen",
        "l.chen@example.org",
        "Wiskunde",
        "Leiden Institute of Advanced Computer Science",
        K.GRANT_PROPOSAL,
        "NWO Open Competitie: programming education at scale",
        "Programmeermethoden",
        ("NWO", "Open Competitie SGW 2027", 5),
        S.WAITING,
        0,
    ),
    (
        "Prof. dr. Ruud Janssen",
        "r.janssen@example.org",
        "Sociale",
        "Instituut Pedagogische Wetenschappen",
        K.COORDINATION,
        "Samenwerking universitaire lerarenopleiding en pedagogiek",
        "",
        None,
        S.DECLINED,
        1,
    ),
    (
        "Dr. Eva Kowalski",
        "e.kowalski@example.org",
        "Geesteswetenschappen",
        "Instituut voor Geschiedenis",
        K.KNOWLEDGE_BASE,
        "Literature on peer review of essays",
        "Historische vaardigheden",
        None,
        S.WITHDRAWN,
        None,
    ),
    (
        "Dr. Bram Smits",
        "b.smits@example.org",
        "Rechtsgeleerdheid",
        "Instituut voor Strafrecht en Criminologie",
        K.GRANT_PROPOSAL,
        "Innovatiefonds: moot courts online",
        "Strafprocesrecht",
        ("Universiteit Leiden", "Onderwijsinnovatiefonds 2027", 12),
        S.IN_PROGRESS,
        1,
    ),
    (
        "Dr. Nadia El Amrani",
        "n.elamrani@example.org",
        "Sociale",
        "Instituut Culturele Antropologie",
        K.INNOVATION_RESEARCH,
        "Research alongside the new community-engaged learning minor",
        "Minor Community Engaged Learning",
        None,
        S.SUBMITTED,
        None,
    ),
    (
        "Dr. Koen Dijkstra",
        "k.dijkstra@example.org",
        "Wiskunde",
        "Leids Instituut voor Chemisch Onderzoek",
        K.COORDINATION,
        "Coördinatie van onderzoek naar practicumonderwijs",
        "Practicum Organische Chemie",
        None,
        S.COMPLETED,
        0,
    ),
    (
        "Dr. Hannah Müller",
        "h.muller@example.org",
        "Governance",
        "Institute of Public Administration",
        K.GRANT_PROPOSAL,
        "Erasmus+ KA2: blended learning in public administration",
        "Bachelor Bestuurskunde",
        ("Erasmus+", "KA220-HED 2027", 3),
        S.IN_PROGRESS,
        2,
    ),
    (
        "Dr. Youssef Bakkali",
        "y.bakkali@example.org",
        "Archeologie",
        "Faculteit der Archeologie",
        K.KNOWLEDGE_BASE,
        "Toegang tot de kennisbasis voor docentprofessionalisering",
        "",
        None,
        S.DECLINED,
        0,
    ),
    (
        "Dr. Ingrid Vos",
        "i.vos@example.org",
        "Geesteswetenschappen",
        "Leiden University Centre for the Arts in Society",
        K.GRANT_PROPOSAL,
        "Comenius Teaching Fellow: reflective writing in the arts",
        "Kunst en Samenleving",
        ("NRO", "Comenius Teaching Fellows 2027", 20),
        S.WITHDRAWN,
        None,
    ),
]
#: The grant whose deadline is moved into the past once it is made (the queue marks it overdue).
OVERDUE_TITLE = "Comenius Teaching Fellow: feedback in grote eerstejaarsvakken"
QUESTION = "Kunt u de tekst van de call en uw eerste opzet meesturen?"
ANSWER = "Zeker, ik stuur ze deze week."
DECLINE_REASON = (
    "Dit valt buiten wat het onderzoeksteam kan ondersteunen; we verwijzen u naar het Centre for Innovation."
)
WITHDRAW_REASON = "We hebben besloten het volgend jaar opnieuw te proberen."


def seed_demo(stdout, style) -> None:
    # scope: demo data is written outside any request.
    with scopes_disabled(), transaction.atomic():
        if not Faculty.objects.exists():
            stdout.write("  Research support: skipped (the faculties are not there).")
            return
        team = [
            demo_user(email, name, language=language, staff_group=StaffGroup.RESEARCH_STAFF)
            for email, name, language in TEAM
        ]
        made = sum(_request(row, team) for row in REQUESTS)
    stdout.write(f"  Research support: {SupportRequest.objects.count()} support requests, {made} added now.")


def _faculty(word: str) -> Faculty | None:
    return Faculty.objects.filter(name__icontains=word).order_by("pk").first()


def _request(row: tuple, team: list[User]) -> bool:
    name, email, faculty_word, department, kind, title, course, grant, state, member = row
    requester = demo_user(email, name, language="nl")
    if SupportRequest.objects.filter(requester=requester, title=title).exists():
        return False
    today = timezone.localdate()
    funder, call, days = grant if grant else ("", "", None)
    deadline = today + datetime.timedelta(days=days) if days is not None else None
    if title == OVERDUE_TITLE:
        deadline = today + datetime.timedelta(days=1)
    support_request = services.support_request_create(
        actor=requester,
        kind=kind,
        title=title,
        description=f"{title}. Wij zoeken ondersteuning bij de opzet en uitvoering van het onderzoek.",
        faculty=_faculty(faculty_word),
        department=department,
        course=course,
        funder=funder,
        grant_call=call,
        submission_deadline=deadline,
        desired_start=today + datetime.timedelta(days=30),
    )
    actor = team[member] if member is not None else team[0]
    if member is not None:
        services.support_request_assign(support_request=support_request, actor=actor, assignee=actor)
    if state == S.WITHDRAWN:
        services.support_request_withdraw(support_request=support_request, actor=requester, reason=WITHDRAW_REASON)
    elif state == S.DECLINED:
        services.support_request_transition(
            support_request=support_request, actor=actor, to=S.DECLINED, reason=DECLINE_REASON
        )
    elif state != S.SUBMITTED:
        services.support_request_transition(support_request=support_request, actor=actor, to=S.IN_PROGRESS)
        if state in (S.WAITING, S.COMPLETED):
            services.support_request_transition(support_request=support_request, actor=actor, to=S.WAITING)
            services.support_message_post(support_request=support_request, actor=actor, text=QUESTION)
        if state == S.COMPLETED:
            services.support_message_post(support_request=support_request, actor=requester, text=ANSWER)
            services.support_request_transition(support_request=support_request, actor=actor, to=S.COMPLETED)
    if title == OVERDUE_TITLE:
        SupportRequest.objects.filter(pk=support_request.pk).update(
            submission_deadline=today - datetime.timedelta(days=2)
        )
    return True
