"""Demo researchers (invented people of ICLON's shape): four professors and six assistant
professors, and teacher-researchers at demo schools; the PhD candidates come with their projects
(research/projects/demo.py). Idempotent: a second run adds nothing."""

from __future__ import annotations

from django.db import transaction
from django.utils.text import slugify
from django_scopes import scopes_disabled
from simple_history.utils import bulk_create_with_history

from iclon.accounts.models import User
from partnerships.models import School
from research.knowledge.models import TeachingLearningPrinciple
from research.people.models import Researcher, ResearcherRole
from research.people.validators import orcid_check_digit

#: (name, role, expertise in Dutch, expertise in English, principle slugs)
STAFF = [
    (
        "Prof. dr. Marieke van Doorn",
        ResearcherRole.PROFESSOR,
        "Leren van leraren op de werkplek en de rol van schoolopleiders.",
        "Teachers' workplace learning and the role of school-based teacher educators.",
        ["onderzoekend", "samenwerkend"],
    ),
    (
        "Prof. dr. Hendrik Jansen",
        ResearcherRole.PROFESSOR,
        "Formatief evalueren en feedback in het voortgezet onderwijs.",
        "Formative assessment and feedback in secondary education.",
        ["formatief", "adaptief"],
    ),
    (
        "Prof. dr. Aylin Demir",
        ResearcherRole.PROFESSOR,
        "Taalbewust vakonderwijs en meertaligheid in de klas.",
        "Language-aware subject teaching and multilingualism in the classroom.",
        ["taalbewust", "inclusief"],
    ),
    (
        "Prof. dr. Pieter de Graaf",
        ResearcherRole.PROFESSOR,
        "Vakdidactiek van de bètavakken en onderzoekend leren.",
        "Science education and inquiry-based learning.",
        ["onderzoekend", "multiperspectivisch"],
    ),
    (
        "Dr. Sanne Verhoeven",
        ResearcherRole.ASSISTANT_PROFESSOR,
        "Zelfregulerend leren van leerlingen en studenten.",
        "Self-regulated learning of pupils and students.",
        ["zelfregulerend"],
    ),
    (
        "Dr. Youssef El Amrani",
        ResearcherRole.ASSISTANT_PROFESSOR,
        "Burgerschapsonderwijs en een veilig klimaat in de klas.",
        "Citizenship education and a safe classroom climate.",
        ["veilig-en-participerend", "multiperspectivisch"],
    ),
    (
        "Dr. Lotte Bakker",
        ResearcherRole.ASSISTANT_PROFESSOR,
        "Ontwerpgericht onderzoek met docententeams.",
        "Design-based research with teams of teachers.",
        ["modulair", "samenwerkend"],
    ),
    (
        "Dr. Thomas Visser",
        ResearcherRole.ASSISTANT_PROFESSOR,
        "Contextrijk en taakgericht wiskundeonderwijs.",
        "Context-rich, task-based mathematics education.",
        ["taakgestuurd"],
    ),
    (
        "Dr. Fleur Mulder",
        ResearcherRole.ASSISTANT_PROFESSOR,
        "Hoger-onderwijsonderzoek: activerend onderwijs aan de universiteit.",
        "Higher-education research: active learning at university.",
        ["doelsysteemgestuurd", "adaptief"],
    ),
    (
        "Dr. Ravi Ramdin",
        ResearcherRole.ASSISTANT_PROFESSOR,
        "Differentiëren en inclusief onderwijs.",
        "Differentiation and inclusive education.",
        ["inclusief", "adaptief"],
    ),
]

#: Teacher-researchers at demo schools (the first one linked to the demo teacher's account).
TEACHER_RESEARCHERS = [
    ("Dana Docent", "docent@example.org"),
    ("Joost Hermans", None),
    ("Esra Yıldız", None),
]


def demo_orcid(number: int) -> str:
    """An ORCID iD with a valid check digit (in a block ORCID does not hand out)."""
    base = f"00000009{number:07d}"
    digits = base + orcid_check_digit(base)
    return "-".join(digits[i : i + 4] for i in range(0, 16, 4))


def demo_schools(count: int) -> list[School]:
    return list(School.objects.filter(province="Zuid-Holland", is_active=True, offers_vo=True).order_by("name")[:count])


def seed_demo(stdout, style) -> None:
    # scope: demo data is written for every school at once, outside any request.
    with scopes_disabled(), transaction.atomic():
        existing = set(Researcher.objects.values_list("slug", flat=True))
        principles = {p.slug: p for p in TeachingLearningPrinciple.objects.all()}
        rows, tags = [], []
        for number, (name, role, expertise_nl, expertise_en, slugs) in enumerate(STAFF, start=1):
            slug = slugify(name.replace("Prof. dr. ", "").replace("Dr. ", ""))
            if slug in existing:
                continue
            rows.append(
                Researcher(
                    full_name=name,
                    slug=slug,
                    role=role,
                    orcid=demo_orcid(number),
                    expertise_nl=expertise_nl,
                    expertise_en=expertise_en,
                    languages="nl, en",
                )
            )
            tags.append([principles[s] for s in slugs if s in principles])
        schools = demo_schools(len(TEACHER_RESEARCHERS))
        for (name, email), school in zip(TEACHER_RESEARCHERS, schools, strict=False):
            slug = slugify(name)
            if slug in existing:
                continue
            rows.append(
                Researcher(
                    full_name=name,
                    slug=slug,
                    role=ResearcherRole.TEACHER_RESEARCHER,
                    school=school,
                    user=User.objects.filter(email=email).first() if email else None,
                    expertise_nl="Praktijkgericht onderzoek in de eigen school.",
                    expertise_en="Practice-based research in their own school.",
                    languages="nl",
                )
            )
            tags.append([principles[s] for s in ("onderzoekend",) if s in principles])
        made = bulk_create_with_history(rows, Researcher)
        Through = Researcher.principles.through
        Through.objects.bulk_create(
            [
                Through(researcher_id=row.pk, teachinglearningprinciple_id=principle.pk)
                for row, chosen in zip(made, tags, strict=True)
                for principle in chosen
            ],
            ignore_conflicts=True,
        )
    stdout.write(f"  Research people: {Researcher.objects.count()} researchers, {len(made)} added now.")
