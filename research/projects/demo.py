"""Demo research projects of ICLON's shape: 45 running and 55 completed PhD projects (invented
candidates, supervised by the demo staff of research/people/demo.py), and a few practice-based
projects with real partner schools from the demo schools. Idempotent (by slug) and in bulk."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils.text import slugify
from django_scopes import scopes_disabled
from simple_history.utils import bulk_create_with_history

from research.knowledge.models import TeachingLearningPrinciple
from research.people.demo import STAFF, demo_schools
from research.people.models import Researcher, ResearcherRole
from research.projects.models import (
    MemberRole,
    OutputKind,
    ProjectKind,
    ProjectMember,
    ProjectOutput,
    ProjectStatus,
    ResearchProject,
)

RUNNING_PHD, COMPLETED_PHD = 45, 55

FIRST_NAMES = ["Anouk", "Bas", "Chloé", "Daan", "Emma", "Floris", "Gijs", "Hanna", "Imane", "Jesse"]
LAST_NAMES = ["de Vries", "Smit", "Koster", "Bos", "Meijer", "Dekker", "Brouwer", "Kaya", "Peters", "Hoekstra"]

#: (Dutch, English, principle slug) of the topics; each crossed with each context below.
TOPICS = [
    ("Feedback", "Feedback", "formatief"),
    ("Zelfregulatie", "Self-regulation", "zelfregulerend"),
    ("Onderzoekend leren", "Inquiry-based learning", "onderzoekend"),
    ("Taalgericht vakonderwijs", "Language-focused subject teaching", "taalbewust"),
    ("Differentiatie", "Differentiation", "adaptief"),
    ("Samenwerkend leren", "Collaborative learning", "samenwerkend"),
    ("Burgerschap", "Citizenship", "veilig-en-participerend"),
    ("Contextrijke opgaven", "Context-rich tasks", "taakgestuurd"),
    ("Inclusief lesgeven", "Inclusive teaching", "inclusief"),
    ("Lesontwerp in teams", "Lesson design in teams", "modulair"),
]
CONTEXTS = [
    ("in de onderbouw havo/vwo", "in lower secondary (havo/vwo)"),
    ("in het vmbo", "in pre-vocational education"),
    ("bij beginnende leraren", "among beginning teachers"),
    ("in de bètavakken", "in the science subjects"),
    ("aan de universiteit", "at university"),
    ("in de lerarenopleiding", "in teacher education"),
    ("bij zij-instromers", "among career-changers"),
    ("in de bovenbouw vwo", "in upper pre-university education"),
    ("met digitale middelen", "with digital tools"),
    ("in meertalige klassen", "in multilingual classrooms"),
]

PRACTICE = [
    ("Feedbackcultuur in de school", "A feedback culture in school", "formatief"),
    ("Leesbevordering in alle vakken", "Reading across the curriculum", "taalbewust"),
    ("Onderzoekende docententeams", "Inquiring teams of teachers", "onderzoekend"),
    ("Eigenaarschap van leerlingen", "Pupils' ownership of learning", "zelfregulerend"),
]


def _candidate_name(number: int) -> str:
    return f"{FIRST_NAMES[number % 10]} {LAST_NAMES[number // 10]}"


def _phd_projects() -> list[dict]:
    """The hundred PhD projects: number, titles, principle, dates and status."""
    plans = []
    for number in range(RUNNING_PHD + COMPLETED_PHD):
        topic_nl, topic_en, principle = TOPICS[number % 10]
        context_nl, context_en = CONTEXTS[number // 10]
        running = number < RUNNING_PHD
        start = datetime.date(2021 + number % 5, 9, 1) if running else datetime.date(2012 + number % 9, 9, 1)
        end = None if running else start + datetime.timedelta(days=365 * 4 + 30 * (number % 12))
        plans.append(
            {
                "number": number,
                "title_nl": f"{topic_nl} {context_nl}",
                "title_en": f"{topic_en} {context_en}",
                "principle": principle,
                "start": start,
                "end": end,
                "status": ProjectStatus.RUNNING if running else ProjectStatus.COMPLETED,
            }
        )
    return plans


def seed_demo(stdout, style) -> None:
    # scope: demo data is written for every school at once, outside any request.
    with scopes_disabled(), transaction.atomic():
        staff = list(Researcher.objects.filter(full_name__in=[row[0] for row in STAFF]).order_by("pk"))
        if len(staff) < len(STAFF):
            stdout.write("  Research projects: skipped (the demo researchers are not there).")
            return
        professors = [r for r in staff if r.role == ResearcherRole.PROFESSOR]
        assistants = [r for r in staff if r.role == ResearcherRole.ASSISTANT_PROFESSOR]
        principles = {p.slug: p for p in TeachingLearningPrinciple.objects.all()}
        plans = _phd_projects()
        candidates = _candidates(plans)
        existing = set(ResearchProject.objects.values_list("slug", flat=True))
        new_projects, members, tags = [], [], []
        for plan in plans:
            slug = slugify(plan["title_en"])
            if slug in existing:
                continue
            number = plan["number"]
            project = ResearchProject(
                slug=slug,
                kind=ProjectKind.PHD,
                title_nl=plan["title_nl"],
                title_en=plan["title_en"],
                summary_nl=f"Een promotieonderzoek naar {plan['title_nl'].lower()}.",
                summary_en=f"A PhD study of {plan['title_en'].lower()}.",
                status=plan["status"],
                start_date=plan["start"],
                end_date=plan["end"],
                defence_date=plan["end"],
                dissertation_url=f"https://hdl.handle.net/1887/{3100000 + number}" if plan["end"] else "",
                funder="NWO" if number % 4 == 0 else "",
                published=True,
            )
            new_projects.append(project)
            team = [
                (candidates[number], MemberRole.CANDIDATE),
                (professors[number % len(professors)], MemberRole.PROMOTOR),
                (assistants[number % len(assistants)], MemberRole.COPROMOTOR),
                (assistants[(number + 1) % len(assistants)], MemberRole.DAILY_SUPERVISOR),
            ]
            members.append(team)
            tags.append([principles[plan["principle"]]] if plan["principle"] in principles else [])
        practice = _practice(existing, professors, assistants, principles)
        made = bulk_create_with_history(new_projects + [p for p, _, _ in practice], ResearchProject)
        members += [team for _, team, _ in practice]
        tags += [chosen for _, _, chosen in practice]
        ProjectMember.objects.bulk_create(
            [
                ProjectMember(project_id=project.pk, researcher_id=person.pk, role=role, order=order)
                for project, team in zip(made, members, strict=True)
                for order, (person, role) in enumerate(team, start=1)
            ],
            ignore_conflicts=True,
        )
        Through = ResearchProject.principles.through
        Through.objects.bulk_create(
            [
                Through(researchproject_id=project.pk, teachinglearningprinciple_id=principle.pk)
                for project, chosen in zip(made, tags, strict=True)
                for principle in chosen
            ],
            ignore_conflicts=True,
        )
        _partners(made)
    stdout.write(
        f"  Research projects: {ResearchProject.objects.count()} projects "
        f"({ResearchProject.objects.filter(kind=ProjectKind.PHD, status=ProjectStatus.RUNNING).count()} running "
        f"PhD projects), {len(made)} added now."
    )


def _candidates(plans: list[dict]) -> list[Researcher]:
    """The candidate of each PhD project (those of completed projects inactive: they have left)."""
    wanted = {
        slugify(_candidate_name(plan["number"])): (_candidate_name(plan["number"]), plan["end"] is None)
        for plan in plans
    }
    existing = set(Researcher.objects.filter(slug__in=wanted).values_list("slug", flat=True))
    bulk_create_with_history(
        [
            Researcher(
                full_name=name,
                slug=slug,
                role=ResearcherRole.PHD_CANDIDATE,
                languages="nl, en",
                active=running,
            )
            for slug, (name, running) in wanted.items()
            if slug not in existing
        ],
        Researcher,
    )
    by_slug = {r.slug: r for r in Researcher.objects.filter(slug__in=wanted)}
    return [by_slug[slugify(_candidate_name(plan["number"]))] for plan in plans]


def _practice(existing, professors, assistants, principles):
    """Practice-based projects, each with a partner school of the demo (its region), a teacher-
    researcher of that school where there is one, and an output."""
    schools = demo_schools(len(PRACTICE))
    teachers = {r.school_id: r for r in Researcher.objects.filter(role=ResearcherRole.TEACHER_RESEARCHER)}
    rows = []
    for number, ((title_nl, title_en, principle), school) in enumerate(zip(PRACTICE, schools, strict=False)):
        slug = slugify(title_en)
        if slug in existing:
            continue
        project = ResearchProject(
            slug=slug,
            kind=ProjectKind.PRACTICE,
            title_nl=title_nl,
            title_en=title_en,
            summary_nl=f"Praktijkgericht onderzoek met {school.name}: {title_nl.lower()}.",
            summary_en=f"Practice-based research with {school.name}: {title_en.lower()}.",
            status=ProjectStatus.RUNNING if number % 2 == 0 else ProjectStatus.COMPLETED,
            start_date=datetime.date(2023 + number % 2, 1, 15),
            end_date=None if number % 2 == 0 else datetime.date(2025, 6, 30),
            region_id=school.region_id,
            funder="NRO",
            grant_number=f"40.5.23{number:03d}",
            published=True,
        )
        project._demo_school = school  # type: ignore[attr-defined]
        team = [(assistants[number % len(assistants)], MemberRole.MEMBER)]
        team.insert(0, (professors[number % len(professors)], MemberRole.MEMBER))
        if school.pk in teachers:
            team.append((teachers[school.pk], MemberRole.MEMBER))
        rows.append((project, team, [principles[principle]] if principle in principles else []))
    return rows


def _partners(made: list[ResearchProject]) -> None:
    Through = ResearchProject.partner_schools.through
    practice = [p for p in made if hasattr(p, "_demo_school")]
    Through.objects.bulk_create(
        [Through(researchproject_id=p.pk, school_id=p._demo_school.pk) for p in practice],  # type: ignore[attr-defined]
        ignore_conflicts=True,
    )
    ProjectOutput.objects.bulk_create(
        [
            ProjectOutput(project_id=p.pk, title=f"Handreiking: {p.title_nl}", kind=OutputKind.TOOL, order=1)
            for p in practice
        ]
    )
