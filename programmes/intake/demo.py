"""Intake demo data (seed_demo) and intake volumes for benchmarks (seed_scale --applications).

The demo applications are made through the intake services, as the applicant and the demo intake
officer (intake@example.org) would make them, so their timelines, history and notifications are
real. The scale data is bulk-inserted: no services, no history, no notifications.
"""

from __future__ import annotations

import datetime
import io
import math
import random

from django.contrib.auth.hashers import make_password
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.color import no_style
from django.db import connection, models, transaction
from django.db.models import Max
from django.utils import timezone
from django_scopes import scopes_disabled
from pypdf import PdfWriter

from iclon.accounts.models import User
from partnerships.models import SchoolMembership
from programmes.catalogue import demo as catalogue_demo
from programmes.catalogue.models import (
    DeficiencyCourse,
    DegreeField,
    DegreeRelatedness,
    Pathway,
    PriorEducation,
    SchoolSubject,
    StartMoment,
    deadline_today,
)
from programmes.intake.models import (
    AdmissionCondition,
    Application,
    ApplicationStatus,
    ApplicationTransition,
    AptitudeAssessment,
    ChecklistItem,
    DocumentKind,
    DutchProficiency,
)
from programmes.intake.services import applications as services
from programmes.intake.services.applications import application_transition

S = ApplicationStatus


def _blank_page_pdf() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)  # A4
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


# A PDF of one blank A4 page (as the document check wants it): what the demo uploads as every document.
DEMO_PDF = _blank_page_pdf()

INTAKE_OFFICER = "intake@example.org"
STUDENT = "student@example.org"

# The checklist intake works through per route: (Dutch, English).
_DIPLOMA = ("Diploma gecontroleerd", "Diploma checked")
_CONTENT = ("Vakinhoud 120 EC beoordeeld", "Subject content (120 EC) assessed")
_DUTCH = ("Nederlands aangetoond", "Dutch proficiency shown")
CHECKLISTS = {
    "master-leraar-vho-voltijd": [_DIPLOMA, _CONTENT, _DUTCH],
    "master-leraar-vho-deeltijd": [_DIPLOMA, _CONTENT, _DUTCH],
    "world-teachers-programme": [_DIPLOMA, _CONTENT, _DUTCH, ("Engels aangetoond", "English proficiency shown")],
    "educatieve-module-voltijd": [_DIPLOMA, ("Bachelor in het schoolvak", "Bachelor in the school subject"), _DUTCH],
    "educatieve-module-deeltijd": [_DIPLOMA, ("Bachelor in het schoolvak", "Bachelor in the school subject"), _DUTCH],
    "zij-instroom-vo": [
        _DIPLOMA,
        ("Arbeidsovereenkomst ontvangen", "Employment contract received"),
        ("Geschiktheidsonderzoek gepland", "Aptitude assessment planned"),
        _DUTCH,
    ],
}

# (e-mail, name, language) of the demo applicants; none of them can log in.
DEMO_APPLICANTS = [
    (f"aanmelder{number:02d}@example.org", name, "en" if number % 7 == 0 else "nl")
    for number, name in enumerate(
        [
            "Anouk de Vries",
            "Bram Jansen",
            "Chaima El Amrani",
            "Daan Bakker",
            "Eva Visser",
            "Finn Smit",
            "Grace Okafor",
            "Hugo Meijer",
            "Iris de Boer",
            "Jesse Mulder",
            "Kim de Groot",
            "Lars Bos",
            "Mila Vos",
            "Noah Peters",
            "Olivia Hendriks",
            "Pim van Leeuwen",
            "Quinten Dekker",
            "Roos Brouwer",
            "Sem de Wit",
            "Tess Dijkstra",
            "Umut Yılmaz",
            "Vera Smits",
            "Wouter de Graaf",
            "Xin Chen",
            "Yara van der Meer",
            "Zoë van den Berg",
            "Ahmed Bouzid",
            "Britt Kok",
            "Cas Jacobs",
            "Demi de Haan",
        ],
        start=1,
    )
]

# (applicant number, pathway, subject, final status, extra): the demo's spread over the workflow.
# Extras: "info" an open request for information, "answered" an answered one, "note" an internal
# note, "conditions" a deficiency course as condition, "not_suitable" the assessment's outcome.
SCENARIOS = [
    (1, "master-leraar-vho-voltijd", "biologie", S.SUBMITTED, ()),
    (2, "master-leraar-vho-voltijd", "wiskunde", S.SUBMITTED, ()),
    (3, "master-leraar-vho-deeltijd", "nederlands", S.SUBMITTED, ()),
    (4, "educatieve-module-voltijd", "geschiedenis", S.SUBMITTED, ()),
    (5, "master-leraar-vho-voltijd", "scheikunde", S.IN_REVIEW, ("info",)),
    (6, "master-leraar-vho-deeltijd", "engels", S.IN_REVIEW, ("answered", "note")),
    (7, "world-teachers-programme", "engels", S.IN_REVIEW, ()),
    (8, "educatieve-module-deeltijd", "economie", S.IN_REVIEW, ("note",)),
    (9, "tweejarige-educatieve-master", "frans", S.IN_REVIEW, ()),
    (10, "zij-instroom-vo", "natuurkunde", S.APTITUDE_ASSESSMENT, ()),
    (11, "zij-instroom-vo", "informatica", S.APTITUDE_ASSESSMENT, ("note",)),
    (12, "academische-zij-instroom-po", None, S.APTITUDE_ASSESSMENT, ()),
    (13, "master-leraar-vho-voltijd", "geschiedenis", S.ADMITTED, ()),
    (14, "master-leraar-vho-voltijd", "filosofie", S.ADMITTED, ("answered",)),
    (15, "educatieve-module-voltijd", "biologie", S.ADMITTED, ()),
    (16, "zij-instroom-vo", "wiskunde", S.ADMITTED, ()),
    (17, "empo", None, S.ADMITTED, ()),
    (18, "master-leraar-vho-voltijd", "natuurkunde", S.ADMITTED_WITH_CONDITIONS, ("conditions",)),
    (19, "master-leraar-vho-deeltijd", "nederlands", S.ADMITTED_WITH_CONDITIONS, ("conditions", "note")),
    (20, "educatieve-specialisatie-beta", "scheikunde", S.ADMITTED_WITH_CONDITIONS, ("conditions",)),
    (21, "master-leraar-vho-voltijd", "kunst", S.REJECTED, ()),
    (22, "zij-instroom-vo", "duits", S.REJECTED, ("not_suitable",)),
    (23, "educatieve-module-deeltijd", "bedrijfseconomie", S.REJECTED, ("note",)),
    (24, "master-leraar-vho-voltijd", "engels", S.ENROLLED, ()),
    (25, "master-leraar-vho-deeltijd", "biologie", S.ENROLLED, ("conditions",)),
    (26, "zij-instroom-vo", "scheikunde", S.ENROLLED, ()),
    (27, "master-leraar-vho-voltijd", "wiskunde", S.WITHDRAWN, ()),
    (28, "educatieve-module-voltijd", "spaans", S.WITHDRAWN, ()),
    (29, "master-leraar-vho-voltijd", "informatica", S.DRAFT, ()),
    (30, "educatieve-minor", "maatschappijleer", S.DRAFT, ()),
]

# The demo student's own: a draft to finish and a submitted one with a question to answer.
STUDENT_SCENARIOS = [
    ("master-leraar-vho-voltijd", "biologie", S.DRAFT, ()),
    ("educatieve-module-deeltijd", "biologie", S.IN_REVIEW, ("info",)),
]

CITIES = [("2311 EZ", "Leiden"), ("2511 CV", "Den Haag"), ("3011 AD", "Rotterdam"), ("2611 HN", "Delft")]


def seed_demo(stdout, style) -> None:
    """Checklists of the main routes and the demo applications (idempotent: an applicant who has
    an application for a route already keeps it as it is)."""
    with scopes_disabled():
        items = _seed_checklists()
        officer = User.objects.filter(email=INTAKE_OFFICER).first()
        student = User.objects.filter(email=STUDENT).first()
        if officer is None or student is None:
            stdout.write("  Intake demo skipped: the demo accounts are not there (seed the accounts first).")
            return
        context = _Context(officer=officer, items=items)
        made = 0
        for pathway, subject, status, extras in STUDENT_SCENARIOS:
            made += _scenario(context, student, pathway, subject, status, extras, number=0)
        applicants = {
            number: _demo_applicant(email, name, language)
            for number, (email, name, language) in enumerate(DEMO_APPLICANTS, start=1)
        }
        for number, pathway, subject, status, extras in SCENARIOS:
            made += _scenario(context, applicants[number], pathway, subject, status, extras, number=number)
    stdout.write(f"  {made} demo applications made, {sum(len(v) for v in items.values())} checklist items.")


def _seed_checklists() -> dict[int, list[ChecklistItem]]:
    items: dict[int, list[ChecklistItem]] = {}
    pathways = Pathway.objects.in_bulk(CHECKLISTS, field_name="slug")
    for slug, labels in CHECKLISTS.items():
        pathway = pathways.get(slug)
        if pathway is None:
            continue
        items[pathway.pk] = [
            ChecklistItem.objects.update_or_create(
                pathway=pathway, label_nl=nl, defaults={"label_en": en, "order": order}
            )[0]
            for order, (nl, en) in enumerate(labels, start=1)
        ]
    return items


def _demo_applicant(email: str, name: str, language: str) -> User:
    user, created = User.objects.get_or_create(
        email=email, defaults={"full_name": name, "language": language, "password": make_password(None)}
    )
    return user


class _Context:
    def __init__(self, *, officer: User, items: dict[int, list[ChecklistItem]]):
        self.officer = officer
        self.items = items
        self.today = deadline_today()
        self.school = self._school()

    @staticmethod
    def _school():

        membership = SchoolMembership.objects.select_related("school").order_by("pk").first()
        return membership.school if membership else None


def _open_start(pathway: Pathway, today: datetime.date) -> StartMoment | None:
    return StartMoment.objects.filter(pathway=pathway, application_deadline__gte=today).order_by("starts_on").first()


def _degree_field(subject: SchoolSubject | None, relation: str) -> DegreeField | None:
    if subject is None:
        return DegreeField.objects.order_by("pk").first()
    row = (
        DegreeRelatedness.objects.filter(subject=subject, relation=relation)
        .select_related("degree_field")
        .order_by("pk")
        .first()
    )
    return row.degree_field if row else DegreeField.objects.order_by("pk").first()


def _pdf(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, DEMO_PDF, content_type="application/pdf")


def _scenario(context: _Context, applicant: User, pathway_slug: str, subject_slug, status, extras, *, number) -> int:
    """Make one demo application and walk it to `status` through the services; 0 if it exists."""

    pathway = Pathway.objects.filter(slug=pathway_slug, is_published=True).first()
    if pathway is None or Application.objects.filter(applicant=applicant, pathway=pathway).exists():
        return 0
    start = _open_start(pathway, context.today)
    if start is None:
        return 0
    subject = SchoolSubject.objects.filter(slug=subject_slug).first() if subject_slug else None
    officer = context.officer
    with transaction.atomic():
        application = services.application_start(
            applicant=applicant, pathway=pathway, start_moment=start, subject=subject
        )
        postcode, city = CITIES[number % len(CITIES)]
        lateral = pathway.requires_teaching_job
        details = {
            "date_of_birth": datetime.date(1975 + number % 25, 1 + number % 12, 1 + number % 28),
            "phone": f"06 {12345600 + number}",
            "street": f"Rapenburg {10 + number}",
            "postcode": postcode,
            "city": city,
            "dutch_proficiency": DutchProficiency.SECONDARY_DIPLOMA,
            "motivation": (
                "Ik wil leraar worden omdat ik mijn enthousiasme voor het vak wil delen en leerlingen wil "
                "helpen ontdekken wat ze kunnen."
            ),
        }
        if lateral:
            details.update(employed_as_teacher=True, employment_hours=24)
            if context.school:
                details["employing_school"] = context.school
            else:
                details["employer_name"] = "Stedelijk Gymnasium Leiden"
        if pathway.requires_english:
            details["english_proficiency_notes"] = "IELTS 7.5 (2022)"
        services.application_update(application=application, actor=applicant, **details)
        with_deficiency = "conditions" in extras
        relation = DegreeRelatedness.Relation.WITH_DEFICIENCY if with_deficiency else DegreeRelatedness.Relation.DIRECT
        services.degree_add(
            application=application,
            actor=applicant,
            level=PriorEducation.WO_MASTER,
            field=_degree_field(subject, relation),
            institution="Universiteit Leiden",
            year=2015 + number % 10,
            subject_content_ec=90 if with_deficiency else 130,
        )
        if status == S.DRAFT:
            services.document_add(application=application, kind=DocumentKind.CV, upload=_pdf("cv.pdf"), actor=applicant)
            return 1
        for kind in services.required_document_kinds(application):
            services.document_add(application=application, kind=kind, upload=_pdf(f"{kind}.pdf"), actor=applicant)
        services.application_submit(application=application, actor=applicant)
        if status == S.WITHDRAWN and number % 2:
            services.application_withdraw(
                application=application, actor=applicant, reason="Ik heb een baan buiten het onderwijs aangenomen."
            )
            return 1
        if status == S.SUBMITTED:
            return 1
        services.application_assign(application=application, assignee=officer, actor=officer)
        _move(application, S.IN_REVIEW, officer)
        for item in context.items.get(pathway.pk, [])[:2]:
            services.checklist_set(application=application, item=item, done=True, actor=officer)
        if "note" in extras:
            services.note_add(
                application=application, text="Vooropleiding nagekeken; cijferlijst is compleet.", actor=officer
            )
        if "info" in extras or "answered" in extras:
            request = services.information_request_create(
                application=application,
                question="Kun je de cijferlijst van je master nasturen, met de vakken en hun EC?",
                actor=officer,
            )
            if "answered" in extras:
                services.information_request_answer(
                    request=request, answer="Ik heb de cijferlijst als bijlage toegevoegd.", actor=applicant
                )
        if status == S.WITHDRAWN:
            services.application_withdraw(
                application=application, actor=applicant, reason="Ik stel mijn opleiding een jaar uit."
            )
            return 1
        if status == S.IN_REVIEW:
            return 1
        if pathway.requires_aptitude_assessment:
            _move(application, S.APTITUDE_ASSESSMENT, officer)
            when = timezone.now() + datetime.timedelta(days=7 + number)
            if status == S.APTITUDE_ASSESSMENT:
                services.aptitude_assessment_save(
                    application=application, actor=officer, scheduled_at=when, assessors=[officer]
                )
                return 1
            outcome = (
                AptitudeAssessment.Outcome.NOT_SUITABLE
                if "not_suitable" in extras
                else AptitudeAssessment.Outcome.SUITABLE_WITH_ADVICE
            )
            services.aptitude_assessment_save(
                application=application,
                actor=officer,
                scheduled_at=timezone.now() - datetime.timedelta(days=3),
                assessors=[officer],
                outcome=outcome,
                advice="Sterk in contact met leerlingen; werk aan klassenmanagement in de bovenbouw.",
            )
        condition = None
        if with_deficiency:
            course = DeficiencyCourse.objects.filter(subject=subject).order_by("pk").first() if subject else None
            condition = services.condition_add(
                application=application,
                kind=AdmissionCondition.Kind.DEFICIENCY_COURSE if course else AdmissionCondition.Kind.OTHER,
                deficiency_course=course,
                description="" if course else "Aanvullend vakinhoudelijk onderwijs",
                due_on=start.starts_on,
                actor=officer,
            )
        if status == S.REJECTED:
            _move(
                application,
                S.REJECTED,
                officer,
                "Je vooropleiding sluit onvoldoende aan bij het schoolvak; zie de verwantschapstabel.",
            )
            return 1
        _move(application, S.ADMITTED_WITH_CONDITIONS if condition else S.ADMITTED, officer, "Welkom bij ICLON!")
        if status == S.ENROLLED:
            if condition:
                services.condition_set_status(condition=condition, status=AdmissionCondition.Status.MET, actor=officer)
            _move(application, S.ENROLLED, officer)
    return 1


def _move(application: Application, to_status: str, officer: User, reason: str = "") -> None:

    application_transition(application=application, to_status=to_status, actor=officer, reason=reason)
    application.refresh_from_db()


# --- seed_scale --applications ----------------------------------------------------------------

SCALE_EMAIL = "schaal-aanmelder-{:07d}@example.org"
# Realistic proportions of the statuses over a couple of intake rounds (weights, not percentages).
SCALE_STATUSES = [
    (S.DRAFT, 14),
    (S.SUBMITTED, 9),
    (S.IN_REVIEW, 11),
    (S.APTITUDE_ASSESSMENT, 3),
    (S.ADMITTED, 22),
    (S.ADMITTED_WITH_CONDITIONS, 8),
    (S.REJECTED, 10),
    (S.ENROLLED, 15),
    (S.WITHDRAWN, 8),
]
FIRST_NAMES = [name.split()[0] for _email, name, _language in DEMO_APPLICANTS]
LAST_NAMES = [name.split(" ", 1)[1] for _email, name, _language in DEMO_APPLICANTS]
BATCH = 2000


def seed_scale_arguments(parser) -> None:
    parser.add_argument(
        "--applications", type=int, default=0, help="Number of applications to generate (bulk, for benchmarks)."
    )


def _inserter(model):
    """A fast INSERT of plain rows (dicts by attname; missing columns get the field's default),
    bypassing model instances and per-value preparation, which cost about ten times the database's
    own work at this volume. Dates are adapted the backend's way; the caller gives the ids."""
    fields = model._meta.concrete_fields
    quote = connection.ops.quote_name
    # Only the model's own table and column names, quoted; the values are parameters.
    sql = "INSERT INTO {} ({}) VALUES ({})".format(  # noqa: S608
        quote(model._meta.db_table),
        ", ".join(quote(field.column) for field in fields),
        ", ".join(["%s"] * len(fields)),
    )
    columns = []
    for field in fields:
        if isinstance(field, models.DateTimeField):
            adapt = connection.ops.adapt_datetimefield_value
        elif isinstance(field, models.DateField):
            adapt = connection.ops.adapt_datefield_value
        else:
            adapt = None
        columns.append((field.attname, field.get_default(), adapt))

    def insert(rows: list[dict]) -> None:
        params = []
        for row in rows:
            values = []
            for attname, default, adapt in columns:
                value = row.get(attname, default)
                values.append(adapt(value) if adapt is not None and value is not None else value)
            params.append(values)
        with connection.cursor() as cursor:
            cursor.executemany(sql, params)

    return insert


def _path(status: str, assessed: bool) -> list[str]:
    """The statuses an application passed through to reach `status`, from draft."""
    if status == S.DRAFT:
        return [S.DRAFT]
    path = [S.DRAFT, S.SUBMITTED]
    if status in (S.SUBMITTED, S.WITHDRAWN):
        return path + ([S.WITHDRAWN] if status == S.WITHDRAWN else [])
    path.append(S.IN_REVIEW)
    if assessed:
        path.append(S.APTITUDE_ASSESSMENT)
    if status in (S.IN_REVIEW, S.APTITUDE_ASSESSMENT):
        return path
    if status == S.ENROLLED:
        return path + [S.ADMITTED, S.ENROLLED]
    return path + [status]


def seed_scale(options, stdout) -> None:
    """Bulk-create `--applications N` applications over the published routes' start moments, with
    statuses in realistic proportions, their status changes, and a pool of applicant accounts
    (one per route and start they apply to, so the one-live-application rule holds)."""
    count = options.get("applications") or 0
    if not count:
        return
    from tqdm import tqdm

    if not Pathway.objects.filter(is_published=True).exists():
        catalogue_demo.seed_demo(stdout, None)
    rng = random.Random(count)  # noqa: S311  (demo data, not security)
    combos = [
        (start.pathway_id, start.pk, start.pathway.requires_aptitude_assessment, start.starts_on)
        for start in StartMoment.objects.filter(pathway__is_published=True).select_related("pathway").order_by("pk")
    ]
    subjects: dict[int, list[int]] = {}
    for pathway_id, subject_id in Pathway.subjects.through.objects.values_list("pathway_id", "schoolsubject_id"):
        subjects.setdefault(pathway_id, []).append(subject_id)
    if not combos:
        stdout.write("No published start moments: no applications generated.")
        return
    officers = list(User.objects.filter(is_staff=True, groups__name="Intake officers").values_list("pk", flat=True))
    officers = officers or [None]

    # Applicants: fresh accounts for this run, each applying to each route and start at most once.
    first_user = User.objects.filter(email__startswith="schaal-aanmelder-").count()
    user_count = math.ceil(count / len(combos))
    password = make_password(None)
    User.objects.bulk_create(
        (
            User(
                email=SCALE_EMAIL.format(first_user + k),
                full_name=f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
                password=password,
            )
            for k in range(user_count)
        ),
        batch_size=BATCH,
    )
    emails = [SCALE_EMAIL.format(first_user + k) for k in range(user_count)]
    user_ids = dict(User.objects.filter(email__startswith="schaal-aanmelder-").values_list("email", "pk"))
    users = [user_ids[email] for email in emails]

    statuses, weights = zip(*SCALE_STATUSES, strict=True)
    decisions = (S.ADMITTED, S.ADMITTED_WITH_CONDITIONS, S.REJECTED)
    now = timezone.now()
    insert_applications, insert_transitions = _inserter(Application), _inserter(ApplicationTransition)
    with transaction.atomic():
        # The ids are given here (no RETURNING for executemany); PostgreSQL's sequences are moved
        # past them at the end.
        next_application = (Application.objects.aggregate(m=Max("pk"))["m"] or 0) + 1
        next_transition = (ApplicationTransition.objects.aggregate(m=Max("pk"))["m"] or 0) + 1
        with tqdm(total=count, unit="applications", file=stdout._out) as bar:
            for batch_start in range(0, count, BATCH):
                applications, transitions = [], []
                for i in range(batch_start, min(batch_start + BATCH, count)):
                    pathway_id, start_id, assessed, _starts_on = combos[i % len(combos)]
                    status = rng.choices(statuses, weights)[0]
                    if status == S.APTITUDE_ASSESSMENT and not assessed:
                        status = S.IN_REVIEW
                    steps = _path(status, assessed)
                    moments = [now - datetime.timedelta(days=rng.uniform(1, 700))]
                    for _step in steps[1:]:
                        moments.append(min(now, moments[-1] + datetime.timedelta(days=rng.uniform(1, 30))))
                    decided = next((m for s, m in zip(steps, moments, strict=True) if s in decisions), None)
                    offered = subjects.get(pathway_id)
                    postcode, city = CITIES[i % len(CITIES)]
                    applicant_id = users[i // len(combos)]
                    application_id = next_application + i
                    applications.append(
                        {
                            "id": application_id,
                            "applicant_id": applicant_id,
                            "pathway_id": pathway_id,
                            "start_moment_id": start_id,
                            "subject_id": offered[i % len(offered)] if offered else None,
                            "status": status,
                            "first_name": FIRST_NAMES[i % len(FIRST_NAMES)],
                            "last_name": LAST_NAMES[(i // len(FIRST_NAMES)) % len(LAST_NAMES)],
                            "date_of_birth": datetime.date(1970 + i % 30, 1 + i % 12, 1 + i % 28),
                            "phone": f"06 {10000000 + i % 89999999}",
                            "street": f"Breestraat {1 + i % 200}",
                            "postcode": postcode,
                            "city": city,
                            "dutch_proficiency": DutchProficiency.SECONDARY_DIPLOMA,
                            "employed_as_teacher": assessed,
                            "employer_name": "Scholengroep Zuid-Holland" if assessed else "",
                            "motivation": "Ik wil leraar worden en mijn vak doorgeven aan een nieuwe generatie.",
                            "assigned_to_id": (
                                rng.choice(officers) if status != S.DRAFT and rng.random() < 0.7 else None
                            ),
                            "submitted_at": moments[1] if len(moments) > 1 else None,
                            "decided_at": decided,
                            "decided_by_id": officers[0] if decided else None,
                            "decision_explanation": "Besluit van de toelatingscommissie." if decided else "",
                            "enrolled_at": moments[-1] if status == S.ENROLLED else None,
                            "withdrawn_at": moments[-1] if status == S.WITHDRAWN else None,
                            "created_at": moments[0],
                            "updated_at": moments[-1],
                        }
                    )
                    for k in range(1, len(steps)):
                        by_applicant = steps[k] in (S.SUBMITTED, S.WITHDRAWN)
                        transitions.append(
                            {
                                "id": next_transition,
                                "application_id": application_id,
                                "from_status": steps[k - 1],
                                "to_status": steps[k],
                                "actor_id": applicant_id if by_applicant else officers[0],
                                "created_at": moments[k],
                            }
                        )
                        next_transition += 1
                insert_applications(applications)
                insert_transitions(transitions)
                bar.update(len(applications))
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                for sql in connection.ops.sequence_reset_sql(no_style(), [Application, ApplicationTransition]):
                    cursor.execute(sql)
    stdout.write(f"{count} applications generated ({user_count} applicant accounts).")
