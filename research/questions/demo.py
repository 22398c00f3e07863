"""Demo research questions (runs after partnerships' demo schools, the demo accounts and
research's people and projects): 20 practice questions from real schools of Zuid-Holland (DUO's
register, as partnerships' demo seeds it), the first from the schools of the demo school accounts
so that their pages show them, in a spread of states (submitted, needs clarification, declined,
accepted, matched to a researcher, a project or as a thesis topic, answered, rated, public).

Everything goes through the services, as the people who would do it: a school's demo account (or,
for a school without one, the research staff on its behalf, with an invented contact) submits;
research staff review, match and answer; the school rates and decides on showing it publicly. A
school without a demo account does not rate, and its public choice is set up directly.
The services keep to today's clock; the questions' dates are then spread over the past months by a
queryset update (`_backdate`): with that choice, the only writes around the services. Idempotent: a question is found
by its school and title; only what is missing is added."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone
from django_scopes import scopes_disabled

from iclon.accounts.models import User
from partnerships.models import School
from partnerships.selectors import active_memberships
from research.knowledge.models import TeachingLearningPrinciple
from research.people.models import Researcher
from research.projects.models import ProjectKind, ResearchProject
from research.questions import services
from research.questions.models import MatchKind, ResearchQuestion

RESEARCH_STAFF = "onderzoek@example.org"
#: The demo's school accounts whose schools ask first.
SCHOOL_ACCOUNTS = ["schoolcontact@example.org", "rotterdam@example.org", "schoolleider@example.org"]

# (title, context, subject, intended use, urgency, principle slug)
QUESTIONS = [
    (
        "Hoe geven we feedback die leerlingen echt gebruiken?",
        "In de onderbouw lezen leerlingen de feedback op hun toetsen nauwelijks; ze kijken alleen naar het cijfer.",
        "Nederlands",
        "Ons toetsbeleid en de afspraken in de sectie aanpassen.",
        "medium",
        "formatief",
    ),
    (
        "Werkt een vaste leesroutine in alle vakken?",
        "We willen tien minuten lezen aan het begin van elke les invoeren, maar collega's twijfelen aan het nut.",
        "",
        "Besluiten of we de leesroutine schoolbreed invoeren.",
        "high",
        "taalbewust",
    ),
    (
        "Hoe houden we zij-instromers het eerste jaar vast?",
        "Van de zij-instromers van vorig jaar is een derde binnen een jaar vertrokken.",
        "",
        "Ons begeleidingsprogramma voor nieuwe collega's verbeteren.",
        "high",
        "samenwerkend",
    ),
    (
        "Welke vorm van differentiëren werkt bij wiskunde in gemengde brugklassen?",
        "Onze brugklassen zijn havo/vwo en vmbo-t gemengd; de verschillen bij wiskunde zijn groot.",
        "Wiskunde",
        "Een werkwijze kiezen voor de wiskundesectie.",
        "medium",
        "adaptief",
    ),
    (
        "Hoe maken we burgerschapsonderwijs meer dan een projectweek?",
        "Burgerschap zit nu vooral in één projectweek; de inspectie vroeg naar een doorlopende lijn.",
        "Maatschappijleer",
        "Een doorlopende leerlijn burgerschap ontwerpen.",
        "low",
        "veilig-en-participerend",
    ),
    (
        "Helpt een vaste lesopbouw leerlingen met weinig structuur?",
        "Een deel van onze leerlingen raakt het overzicht kwijt als elke docent de les anders opbouwt.",
        "",
        "Een schoolbrede afspraak over de lesopbouw maken.",
        "medium",
        "taakgestuurd",
    ),
    (
        "Wat leren leerlingen van onderzoekend leren bij biologie?",
        "We doen veel practica, maar weten niet of leerlingen er onderzoeksvaardigheden van leren.",
        "Biologie",
        "De practica in de bovenbouw herzien.",
        "low",
        "onderzoekend",
    ),
    (
        "Hoe betrekken we ouders van meertalige leerlingen bij de school?",
        "Ouders die weinig Nederlands spreken komen zelden naar ouderavonden.",
        "",
        "Onze ouderavonden en de communicatie met ouders anders inrichten.",
        "medium",
        "inclusief",
    ),
    (
        "Leren leerlingen meer van samenwerken als we de rollen vastleggen?",
        "Bij groepswerk doet vaak één leerling het werk; we willen vaste rollen proberen.",
        "Aardrijkskunde",
        "Een werkvorm voor groepswerk kiezen voor de hele sectie.",
        "low",
        "samenwerkend",
    ),
    (
        "Hoe plannen leerlingen hun huiswerk zelf, zonder app?",
        "Sinds we de huiswerkapp hebben afgeschaft plannen leerlingen slechter.",
        "",
        "Een lessenserie over plannen ontwerpen voor de mentorlessen.",
        "high",
        "zelfregulerend",
    ),
    (
        "Werkt een formatieve toetsweek beter dan een gewone toetsweek?",
        "We overwegen de toetsweek in klas 3 te vervangen door formatieve momenten.",
        "",
        "Besluiten over het PTA en de toetsweken.",
        "medium",
        "formatief",
    ),
    (
        "Hoe ontwerpen teams samen lessen zonder extra tijd?",
        "Onze secties willen samen lessen ontwerpen, maar het rooster laat weinig ruimte.",
        "",
        "Een werkwijze voor lesontwerp in de secties kiezen.",
        "low",
        "modulair",
    ),
    (
        "Welke invloed heeft de telefoon-in-de-kluis-regel op de concentratie?",
        "Sinds dit schooljaar gaan telefoons in de kluis; docenten zeggen dat het rustiger is.",
        "",
        "Het beleid evalueren met de medezeggenschapsraad.",
        "medium",
        "veilig-en-participerend",
    ),
    (
        "Hoe helpen we vmbo-leerlingen bij lange teksten in de zaakvakken?",
        "Bij geschiedenis en economie haken leerlingen af bij teksten van meer dan een pagina.",
        "Geschiedenis",
        "Leesstrategieën afspreken voor de zaakvakken.",
        "high",
        "taalbewust",
    ),
    (
        "Wat werkt bij het begeleiden van leerlingen met faalangst?",
        "Het aantal leerlingen met faalangst rond toetsen neemt toe.",
        "",
        "De zorgstructuur en de faalangsttraining verbeteren.",
        "medium",
        "inclusief",
    ),
    (
        "Hoe zetten we AI-tools verantwoord in bij schrijfopdrachten?",
        "Leerlingen gebruiken chatbots bij hun verslagen; we weten niet hoe we daarmee omgaan.",
        "Engels",
        "Richtlijnen voor schrijfopdrachten opstellen.",
        "high",
        "formatief",
    ),
    (
        "Motiveert keuzevrijheid in opdrachten leerlingen in de bovenbouw?",
        "We willen leerlingen in havo 4 laten kiezen tussen opdrachten, maar vrezen voor kwaliteit.",
        "",
        "Besluiten over keuzeopdrachten in de bovenbouw.",
        "low",
        "doelsysteemgestuurd",
    ),
    (
        "Hoe geven we beginnende docenten feedback op hun lessen?",
        "Onze coaches bezoeken lessen, maar beginners vinden de feedback vaak te algemeen.",
        "",
        "Het observatieformulier en de nabespreking verbeteren.",
        "medium",
        "formatief",
    ),
    (
        "Werkt tutoring door bovenbouwleerlingen bij rekenen?",
        "Bovenbouwleerlingen willen onderbouwleerlingen helpen met rekenen; werkt dat?",
        "Rekenen",
        "Besluiten of we een tutorprogramma starten.",
        "low",
        "samenwerkend",
    ),
    (
        "Hoe maken we praktijkopdrachten in techniek uitdagend voor iedereen?",
        "In de techniekklas verveelt een deel van de leerlingen zich terwijl anderen vastlopen.",
        "Techniek",
        "De praktijkopdrachten herontwerpen.",
        "medium",
        "adaptief",
    ),
]

# The state each question is brought to, in order: (state, match kind or "", public).
PLAN = [
    ("answered", MatchKind.RESEARCHER, True),
    ("needs_clarification", "", False),
    ("matched", MatchKind.THESIS, False),
    ("answered", MatchKind.PROJECT, True),
    ("answered", MatchKind.THESIS, True),
    ("submitted", "", False),
    ("matched", MatchKind.RESEARCHER, False),
    ("declined", "", False),
    ("accepted", "", False),
    ("answered", MatchKind.RESEARCHER, True),
    ("answered", MatchKind.RESEARCHER, False),
    ("submitted", "", False),
    ("matched", MatchKind.PROJECT, False),
    ("matched", MatchKind.THESIS, False),
    ("answered", MatchKind.PROJECT, True),
    ("accepted", "", False),
    ("submitted", "", False),
    ("needs_clarification", "", False),
    ("declined", "", False),
    ("answered", MatchKind.RESEARCHER, True),
]
CONTACTS = ["Femke de Boer", "Youssef Amrani", "Linda Verbeek", "Thomas van Leeuwen", "Sevda Yilmaz"]


def _schools() -> list[tuple[School, User | None]]:
    """20 schools of Zuid-Holland: first those of the demo school accounts (with that account),
    then others (without an account)."""
    chosen: list[tuple[School, User | None]] = []
    for email in SCHOOL_ACCOUNTS:
        user = User.objects.filter(email=email).first()
        membership = active_memberships(user=user).select_related("school").first() if user else None
        if membership is not None and membership.school_id not in {s.pk for s, _u in chosen}:
            chosen.append((membership.school, user))
    taken = {school.pk for school, _user in chosen}
    others = (
        School.objects.filter(province="Zuid-Holland", is_active=True)
        .exclude(pk__in=taken)
        .order_by("municipality", "name")
    )
    # A spread over the province, not the first twenty of one town.
    others = list(others)
    step = max(1, len(others) // len(QUESTIONS))
    for school in others[::step]:
        if len(chosen) >= len(QUESTIONS):
            break
        chosen.append((school, None))
    return chosen


def _backdate(question: ResearchQuestion, days_ago: int) -> None:
    """Spread the demo over the past months (timestamps only; the history keeps today's)."""
    start = timezone.now() - datetime.timedelta(days=days_ago)
    values = {"created_at": start}
    for field, offset in (("reviewed_at", 3), ("matched_at", 10), ("answered_at", 45), ("rated_at", 50)):
        if getattr(question, field) is not None:
            values[field] = start + datetime.timedelta(days=offset)
    ResearchQuestion.objects.filter(pk=question.pk).update(**values)


def seed_demo(stdout, style) -> None:
    staff = User.objects.filter(email=RESEARCH_STAFF).first()
    if staff is None:
        stdout.write("  Research questions: no research staff account; skipped.")
        return
    # scope: demo data is written for every school at once, outside any request.
    with scopes_disabled(), transaction.atomic():
        schools = _schools()
        if not schools:
            stdout.write("  Research questions: no schools of Zuid-Holland; skipped.")
            return
        researchers = list(Researcher.objects.filter(active=True).order_by("pk")[:10])
        projects = list(ResearchProject.objects.filter(kind=ProjectKind.PRACTICE).order_by("pk")[:5])
        principles = {p.slug: p for p in TeachingLearningPrinciple.objects.all()}
        made = 0
        for number, ((title, context, subject, use, urgency, principle), (school, account), plan) in enumerate(
            zip(QUESTIONS, schools, PLAN, strict=False)
        ):
            if ResearchQuestion.objects.filter(school=school, title=title).exists():
                continue
            _seed_one(
                number=number,
                fields={
                    "title": title,
                    "context": context,
                    "subject": subject,
                    "intended_use": use,
                    "urgency": urgency,
                },
                school=school,
                account=account,
                plan=plan,
                staff=staff,
                researcher=researchers[number % len(researchers)] if researchers else None,
                project=projects[number % len(projects)] if projects else None,
                principle=principles.get(principle),
            )
            made += 1
    stdout.write(f"  Research questions: {made} added now.")


def _seed_one(*, number, fields, school, account, plan, staff, researcher, project, principle) -> None:
    state, kind, public = plan
    submitter = account or staff
    question = services.question_submit(
        actor=submitter,
        school=school,
        sector="vo" if school.offers_vo or not school.offers_po else "po",
        contact_name="" if account else CONTACTS[number % len(CONTACTS)],
        contact_email="" if account else f"onderzoeksvraag{number + 1}@school.example.org",
        principles=[principle] if principle else [],
        **fields,
    )
    if state == "needs_clarification":
        services.question_review(
            question=question,
            actor=staff,
            decision="clarify",
            reason="Om welke klassen en hoeveel leerlingen gaat het? Wat heeft de school al geprobeerd?",
        )
    elif state == "declined":
        services.question_review(
            question=question,
            actor=staff,
            decision="decline",
            reason="Deze vraag gaat over het rooster en de organisatie; daar doet ICLON geen onderzoek naar.",
        )
    elif state != "submitted":
        services.question_review(question=question, actor=staff, decision="accept")
        if kind == MatchKind.PROJECT and project is None:
            kind = MatchKind.RESEARCHER
        if kind and (kind != MatchKind.RESEARCHER or researcher is not None):
            services.question_match(
                question=question,
                actor=staff,
                kind=kind,
                researcher=researcher if kind in (MatchKind.RESEARCHER, MatchKind.THESIS) else None,
                project=project if kind == MatchKind.PROJECT else None,
            )
        if state == "answered":
            services.question_answer(
                question=question,
                actor=staff,
                summary=(
                    "Onderzoek laat zien dat dit het beste werkt als docenten het samen, in kleine stappen, "
                    "uitproberen en de effecten bij hun eigen leerlingen volgen. Wij hebben de literatuur voor "
                    "u samengevat en met de sectie besproken welke aanpak bij uw school past."
                ),
                products="Een literatuuroverzicht van vier pagina's en een handreiking voor de sectie.",
                links=[f"https://www.universiteitleiden.nl/iclon/onderzoeksvragen/{number + 1}"],
            )
            if account is not None:
                services.question_rate(
                    question=question, actor=account, rating=4 + number % 2, comment="Heel bruikbaar voor de sectie."
                )
                if public:
                    services.question_set_public(question=question, actor=account, public=True)
            elif public:
                # No demo account for this school: its public choice is set up directly.
                ResearchQuestion.objects.filter(pk=question.pk).update(public=True)
    question.refresh_from_db()
    _backdate(question, days_ago=200 - number * 9)
