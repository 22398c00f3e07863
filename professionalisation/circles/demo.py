"""Demo data of learning circles and development paths (runs after the activities' demo, whose
activities the paths' steps point at and whose teachers take part in the circles).

- Four development paths of the national approach (NAPL): from starting to experienced teacher,
  curriculum expert, school-based teacher educator, and AI in education; their steps name the
  demo's activities and, where the learning line runs on from the teacher education, its modules.
- Three learning circles in three education regions, as in the catalogue's circle programmes:
  team leaders in Holland Rijnland (with Dana Docent, for the school of the demo school contact),
  school leaders in Haaglanden and teachers of English in Rijnmond; each with the coordinator as
  facilitator, the researcher, members from schools of its region, meetings (two past, two to
  come), practice questions and shared products; each tagged with the teaching-learning
  principles its theme works with (so the knowledge base lists it).
- Dana Docent's module "Praktijkgericht onderzoek" of the teacher education, recorded by the
  coordinator, which does a step of the first path.

Memberships, meetings, questions, products and the module go through the services (as the
coordinator); paths and steps are catalogue data, written as they are. Idempotent: rows are
found by their names, slugs or order, and only what is missing is added.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone
from django_scopes import scopes_disabled

from iclon.accounts.models import User
from partnerships.models import EducationRegion, School, SchoolMembership, SchoolRole
from professionalisation.activities.models import Activity
from professionalisation.circles import services
from professionalisation.circles.models import (
    CircleMeeting,
    CircleMembership,
    CircleProduct,
    CircleRole,
    DevelopmentPath,
    LearningCircle,
    PathStep,
    PracticeQuestion,
    PriorModule,
    SchoolPosition,
)
from programmes.catalogue.models import Module
from research.knowledge.models import TeachingLearningPrinciple

COORDINATOR = "nascholing@example.org"
RESEARCHER = "onderzoek@example.org"
DEMO_TEACHER = "docent@example.org"
SCHOOL_CONTACT = "schoolcontact@example.org"
DEMO_TEACHER_MODULE = "Praktijkgericht onderzoek"

# (slug, name nl, name en, description nl, description en, steps); a step is
# (title nl, title en, activity slugs, module names).
PATHS = [
    (
        "startbekwaam-naar-vakbekwaam",
        "Van startbekwaam naar vakbekwaam",
        "From starting to experienced teacher",
        "De eerste jaren voor de klas, stap voor stap: begeleiding als startende leraar, formatief handelen, "
        "afstemmen op verschillen en verdieping in je vak. De leerlijn loopt door vanuit je lerarenopleiding.",
        "Your first years in the classroom, step by step: induction as a starting teacher, formative "
        "assessment, teaching to differences and depth in your subject. The learning line runs on from your "
        "teacher education.",
        [
            (
                "Begeleiding als startende leraar",
                "Induction as a starting teacher",
                ["van-startbekwaam-naar-vakbekwaam", "onz-holland-rijnland-startende-leraren"],
                [],
            ),
            ("Formatief handelen", "Formative assessment", ["formatief-handelen"], []),
            (
                "Afstemmen op verschillen",
                "Teaching to differences",
                ["differentieren-in-de-les", "inclusief-lesgeven"],
                [],
            ),
            (
                "Onderzoekende houding in je vak",
                "An inquiring attitude in your subject",
                ["onderzoekend-leren-betavakken", "historisch-redeneren-bovenbouw"],
                [DEMO_TEACHER_MODULE],
            ),
        ],
    ),
    (
        "curriculumdeskundige",
        "Curriculumdeskundige",
        "Curriculum expert",
        "Voor leraren die het curriculum van hun school mee vormgeven: van de onderwijsleerprincipes via "
        "curriculumontwikkeling naar burgerschap in je vak.",
        "For teachers who help shape their school's curriculum: from the teaching-learning principles through "
        "curriculum development to citizenship in your subject.",
        [
            (
                "Ontwerpen met de onderwijsleerprincipes",
                "Designing with the principles",
                ["twaalf-onderwijsleerprincipes"],
                [],
            ),
            (
                "Curriculumontwikkeling in de school",
                "Curriculum development in the school",
                ["curriculumontwikkeling-in-de-school"],
                [],
            ),
            ("Burgerschap in het curriculum", "Citizenship in the curriculum", ["vormen-tot-wereldburger"], []),
        ],
    ),
    (
        "schoolopleider",
        "Schoolopleider",
        "School-based teacher educator",
        "Voor wie studenten en startende leraren in de school opleidt: de basiscursus, de vervolgcursus en "
        "een leerkring met collega-opleiders.",
        "For those who train student teachers and starting teachers in the school: the basic course, the "
        "follow-up course and a learning circle with fellow educators.",
        [
            ("Basiscursus schoolopleider", "Basic course", ["basiscursus-schoolopleider"], []),
            ("Opleiden in de school", "Teacher education in the school", ["vervolgcursus-schoolopleider"], []),
            (
                "Leren in een leerkring",
                "Learning in a learning circle",
                ["leerkring-teamleiders-holland-rijnland", "leerkring-schoolleiders-haaglanden"],
                [],
            ),
        ],
    ),
    (
        "ai-in-het-onderwijs",
        "AI in het onderwijs",
        "AI in education",
        "Generatieve AI verstandig inzetten in je les en in je toetsing.",
        "Using generative AI wisely in your lessons and your assessment.",
        [
            ("AI in je les", "AI in your lessons", ["generatieve-ai-in-de-les"], []),
            ("AI en toetsing", "AI and assessment", ["ai-en-toetsing-hoger-onderwijs", "formatief-handelen"], []),
        ],
    ),
]

# (name nl, name en, region slug, theme nl, theme en, position of the members, principles' slugs)
CIRCLES = [
    (
        "Leerkring teamleiders Holland Rijnland",
        "Learning circle of team leaders, Holland Rijnland",
        "holland-rijnland",
        "Startende leraren behouden",
        "Keeping starting teachers",
        SchoolPosition.TEAM_LEADER,
        ("samenwerkend", "onderzoekend", "veilig-en-participerend"),
    ),
    (
        "Leerkring schoolleiders Haaglanden",
        "Learning circle of school leaders, Haaglanden",
        "haaglanden",
        "Onderwijs anders organiseren",
        "Organising education differently",
        SchoolPosition.SCHOOL_LEADER,
        ("modulair", "adaptief", "doelsysteemgestuurd"),
    ),
    (
        "Leerkring docenten Engels Rijnmond",
        "Learning circle of teachers of English, Rijnmond",
        "rijnmond",
        "Doeltaal is voertaal",
        "Teaching English in English",
        SchoolPosition.TEACHER,
        ("taalbewust", "taakgestuurd", "formatief"),
    ),
]

QUESTIONS = [
    (
        "Hoe houden we startende leraren vast na hun eerste jaar?",
        "Van de vijf starters van vorig jaar zijn er twee vertrokken. We willen weten welke begeleiding werkt.",
    ),
    (
        "Hoe organiseren we intervisie zonder extra uren?",
        "Het rooster laat weinig ruimte. We zoeken vormen die in het bestaande overleg passen.",
    ),
]
PRODUCTS = [
    (
        "Verslag van de bijeenkomst",
        "We bespraken de praktijkvragen en spraken af wat ieder in de eigen school uitprobeert.",
    ),
    ("Overzicht van de literatuur", "Vijf artikelen over inductie van startende leraren, met een korte samenvatting."),
]


def seed_demo(stdout, style) -> None:
    with scopes_disabled(), transaction.atomic():
        today = timezone.localdate()
        users = {u.email: u for u in User.objects.filter(email__in=[COORDINATOR, RESEARCHER, DEMO_TEACHER])}
        for spec in PATHS:
            _sync_path(*spec)
        coordinator = users.get(COORDINATOR)
        if coordinator is None:
            stdout.write("  Circles: skipped (the demo coordinator is not there).")
            return
        regions = {region.slug: region for region in EducationRegion.objects.all()}
        people = {user.email: user for user in User.objects.filter(email__regex=r"^deelnemer[0-9]+@example\.org$")}
        made = 0
        for number, spec in enumerate(CIRCLES):
            region = regions.get(spec[2])
            if region is None:
                continue
            made += _sync_circle(spec, region, number, users, people, coordinator, today)
        made += _prior_module(users.get(DEMO_TEACHER), coordinator, today)
    stdout.write(
        f"  Circles and paths: {DevelopmentPath.objects.count()} development paths, "
        f"{LearningCircle.objects.count()} learning circles, {made} rows added now."
    )


def _sync_path(slug, name_nl, name_en, description_nl, description_en, steps) -> None:
    values = {
        "name_nl": name_nl,
        "name_en": name_en,
        "description_nl": description_nl,
        "description_en": description_en,
        "published": True,
    }
    path = DevelopmentPath.objects.filter(slug=slug).first() or DevelopmentPath.objects.create(slug=slug, **values)
    changed = [name for name, value in values.items() if getattr(path, name) != value]
    if changed:
        for name in changed:
            setattr(path, name, values[name])
        path.save(update_fields=[*changed, "updated_at"])
    for order, (title_nl, title_en, activity_slugs, module_names) in enumerate(steps, start=1):
        step = PathStep.objects.filter(path=path, order=order).first()
        if step is None:
            step = PathStep.objects.create(path=path, order=order, title_nl=title_nl, title_en=title_en)
        elif (step.title_nl, step.title_en) != (title_nl, title_en):
            step.title_nl, step.title_en = title_nl, title_en
            step.save(update_fields=["title_nl", "title_en", "updated_at"])
        step.activities.set(Activity.objects.filter(slug__in=activity_slugs))
        step.modules.set(Module.objects.filter(name_nl__in=module_names))


def _member_schools(region: EducationRegion, contact_school: School | None) -> list[School]:
    schools = list(
        School.objects.filter(region=region, is_active=True, offers_vo=True).order_by(
            "-onz_member", "brin_code", "branch_number"
        )[:3]
    )
    if contact_school is not None and contact_school.region_id == region.pk:
        schools = [contact_school, *[school for school in schools if school.pk != contact_school.pk]][:3]
    return schools


def _sync_circle(spec, region, number, users, people, coordinator, today) -> int:
    name_nl, name_en, _slug, theme_nl, theme_en, position, principle_slugs = spec
    made = 0
    principles = list(TeachingLearningPrinciple.objects.filter(slug__in=principle_slugs))
    circle = LearningCircle.objects.filter(name_nl=name_nl).first()
    if circle is not None and not circle.principles.exists():
        # A circle of an earlier demo, from before circles were tagged.
        services.circle_update(circle=circle, principles=principles, actor=coordinator)
    if circle is None:
        circle = services.circle_create(
            actor=coordinator,
            name_nl=name_nl,
            name_en=name_en,
            region=region,
            theme_nl=theme_nl,
            theme_en=theme_en,
            description_nl=f"Een leerkring rond praktijkvragen uit de scholen: {theme_nl.lower()}.",
            description_en=f"A learning circle around practice questions from the schools: {theme_en.lower()}.",
            starts_on=today - datetime.timedelta(days=90),
            ends_on=today + datetime.timedelta(days=270),
            principles=principles,
        )
        made += 1
    contact = (
        SchoolMembership.objects.unscoped()
        .filter(user__email=SCHOOL_CONTACT, role=SchoolRole.SCHOOL_CONTACT)
        .select_related("school")
        .first()
    )
    schools = _member_schools(region, contact.school if contact else None)
    if not schools:
        return made
    taken = set(CircleMembership.objects.filter(circle=circle).values_list("person_id", flat=True))
    staff = [(users.get(COORDINATOR), CircleRole.FACILITATOR), (users.get(RESEARCHER), CircleRole.RESEARCHER)]
    for person, role in staff:
        if person is not None and person.pk not in taken:
            services.membership_add(circle=circle, person=person, role=role, actor=coordinator)
            made += 1
    members = [people.get(f"deelnemer{number * 4 + offset}@example.org") for offset in range(1, 5)]
    if number == 0:
        members.insert(0, users.get(DEMO_TEACHER))
    for index, person in enumerate(member for member in members if member is not None):
        if person.pk in taken:
            continue
        services.membership_add(
            circle=circle,
            person=person,
            role=CircleRole.MEMBER,
            school=schools[index % len(schools)],
            position=position,
            actor=coordinator,
            joined_on=circle.starts_on,
        )
        made += 1
    return made + _meetings_questions_products(circle, schools, coordinator, today)


def _meetings_questions_products(circle, schools, coordinator, today) -> int:
    made = 0
    meetings = list(CircleMeeting.objects.filter(circle=circle).order_by("pk"))
    school = schools[0]
    place = f"{school.name}, {school.city}"[:200] if school.city else school.name[:200]
    for index, weeks in enumerate((-8, -3, 3, 8)):
        if index < len(meetings):
            continue
        meetings.append(
            services.meeting_add(
                circle=circle,
                actor=coordinator,
                date=today + datetime.timedelta(weeks=weeks),
                starts_at=datetime.time(15, 30),
                ends_at=datetime.time(17, 30),
                place=place,
                agenda="Praktijkvragen bespreken, ervaringen uitwisselen, afspraken voor de volgende keer.",
            )
        )
        made += 1
    for index, (title, context) in enumerate(QUESTIONS):
        if not PracticeQuestion.objects.filter(circle=circle, title=title).exists():
            services.practice_question_submit(
                circle=circle, school=schools[index % len(schools)], title=title, context=context, actor=coordinator
            )
            made += 1
    first = PracticeQuestion.objects.filter(circle=circle, title=QUESTIONS[0][0], status="submitted").first()
    if first is not None:
        services.practice_question_set_status(question=first, status="in_progress", actor=coordinator)
    for meeting, (title, text) in zip(meetings[:2], PRODUCTS, strict=True):
        if not CircleProduct.objects.filter(meeting=meeting, title=title).exists():
            services.product_add(meeting=meeting, title=title, text=text, actor=coordinator)
            made += 1
    return made


def _prior_module(teacher: User | None, coordinator: User, today: datetime.date) -> int:
    module = Module.objects.filter(name_nl=DEMO_TEACHER_MODULE).order_by("pk").first()
    if teacher is None or module is None or PriorModule.objects.filter(person=teacher, module=module).exists():
        return 0
    services.prior_module_record(
        person=teacher, module=module, completed_on=today - datetime.timedelta(days=400), actor=coordinator
    )
    return 1
