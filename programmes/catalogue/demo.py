"""Demo data of the programmes app: ICLON's real catalogue of routes into teaching
(programmes/catalogue/seed_data.py), with the next start moments counted from today."""

import datetime

from django.utils import timezone

from programmes.catalogue import seed_data as catalogue
from programmes.catalogue.cache import bump_catalogue_version
from programmes.catalogue.models import (
    DeficiencyCourse,
    DegreeField,
    DegreeRelatedness,
    Module,
    Pathway,
    PriorEducationRule,
    Programme,
    Qualification,
    SchoolSubject,
    StartMoment,
)
from research.models import TeachingLearningPrinciple

# How many coming starts of each start month the demo shows.
STARTS_AHEAD = 2


def next_start_moments(start_month: int, deadline_month: int, deadline_day: int, today: datetime.date):
    """The next STARTS_AHEAD (start, deadline) pairs of a start month; a deadline month after the
    start month lies in the year before the start."""
    pairs = []
    for year in range(today.year, today.year + STARTS_AHEAD + 2):
        starts_on = datetime.date(year, start_month, 1)
        if starts_on <= today:
            continue
        deadline_year = year - 1 if deadline_month > start_month else year
        pairs.append((starts_on, datetime.date(deadline_year, deadline_month, deadline_day)))
        if len(pairs) == STARTS_AHEAD:
            break
    return pairs


def seed_demo(stdout, style) -> None:
    subjects = {}
    for order, (slug, name_nl, name_en, domain, shortage) in enumerate(catalogue.SUBJECTS, start=1):
        subjects[slug], _ = SchoolSubject.objects.update_or_create(
            slug=slug,
            defaults={
                "name_nl": name_nl,
                "name_en": name_en,
                "domain": domain,
                "is_shortage_subject": shortage,
                "order": order,
            },
        )
    fields = {
        slug: DegreeField.objects.update_or_create(slug=slug, defaults={"name_nl": nl, "name_en": en})[0]
        for slug, nl, en in catalogue.DEGREE_FIELDS
    }
    courses_by_subject: dict[str, list[DeficiencyCourse]] = {}
    for slug, subject, provider, name_nl, name_en, ec in catalogue.DEFICIENCY_COURSES:
        course, _ = DeficiencyCourse.objects.update_or_create(
            slug=slug,
            defaults={
                "subject": subjects[subject],
                "provider": provider,
                "name_nl": name_nl,
                "name_en": name_en,
                "ec": ec,
                "url": catalogue.DEFICIENCY_PROVIDER_URLS[provider],
            },
        )
        courses_by_subject.setdefault(subject, []).append(course)
    _seed_relatedness(subjects, fields, courses_by_subject)

    qualifications = {}
    for slug, kind, sector, name_nl, name_en, text_nl, text_en, rank in catalogue.QUALIFICATIONS:
        qualifications[slug], _ = Qualification.objects.update_or_create(
            slug=slug,
            defaults={
                "kind": kind,
                "sector": sector,
                "name_nl": name_nl,
                "name_en": name_en,
                "description_nl": text_nl,
                "description_en": text_en,
                "rank": rank,
            },
        )

    today = timezone.localdate()
    principles = {principle.slug: principle for principle in TeachingLearningPrinciple.objects.all()}
    pathways = {}
    order = 0
    for spec in catalogue.PROGRAMMES:
        programme, _ = Programme.objects.update_or_create(
            slug=spec["slug"],
            defaults={key: spec[key] for key in ("name_nl", "name_en", "description_nl", "description_en")},
        )
        for item in spec["pathways"]:
            order += 1
            admission_nl, admission_en = item.get("admission", ("", ""))
            fee = item.get("fee", catalogue.TUITION_FEE)
            financing_nl, financing_en = item.get("financing", (catalogue.FINANCING_NL, catalogue.FINANCING_EN))
            contact_name, contact_email, contact_phone = item.get(
                "contact", (catalogue.CONTACT_NAME, catalogue.CONTACT_EMAIL, catalogue.CONTACT_PHONE)
            )
            pathway, _ = Pathway.objects.update_or_create(
                slug=item["slug"],
                defaults={
                    "programme": programme,
                    "qualification": qualifications[item["qualification"]],
                    "name_nl": item["name_nl"],
                    "name_en": item["name_en"],
                    "summary_nl": item["summary_nl"],
                    "summary_en": item["summary_en"],
                    "target_group_nl": item["target_nl"],
                    "target_group_en": item["target_en"],
                    "sector": item.get("sector", "vo"),
                    "mode": item["mode"],
                    "ec": item["ec"],
                    "duration_months": item["months"],
                    "requires_related_degree": item.get("related", True),
                    "requires_teaching_job": item.get("teaching_job", False),
                    "requires_aptitude_assessment": item.get("aptitude", False),
                    "requires_english": item.get("english", False),
                    # Not the programme's description: the page shows that already.
                    "admission_nl": admission_nl,
                    "admission_en": admission_en,
                    "enrol_first_nl": item.get("enrol_first_nl", ""),
                    "enrol_first_en": item.get("enrol_first_en", ""),
                    "tuition_fee": fee,
                    "tuition_fee_year": catalogue.TUITION_FEE_YEAR if fee else "",
                    "costs_nl": "Wettelijk collegegeld; de Universiteit Leiden publiceert de actuele bedragen.",
                    "costs_en": "Statutory tuition fee; Leiden University publishes the current amounts.",
                    "financing_nl": financing_nl,
                    "financing_en": financing_en,
                    "contact_name": contact_name,
                    "contact_email": contact_email,
                    "contact_phone": contact_phone,
                    "open_days_nl": catalogue.OPEN_DAYS_NL,
                    "open_days_en": catalogue.OPEN_DAYS_EN,
                    "is_published": True,
                    "order": order,
                },
            )
            pathways[item["slug"]] = pathway
            pathway.subjects.set([subjects[slug] for slug in item["subjects"]])
            pathway.prior_education_rules.exclude(prior_education__in=item["rules"]).delete()
            for level, outcome in item["rules"].items():
                PriorEducationRule.objects.update_or_create(
                    pathway=pathway, prior_education=level, defaults={"outcome": outcome}
                )
            # Kept, not made again: other records point at a module (exemptions, the modules a
            # teacher completed, which professional development builds on).
            kept = [
                Module.objects.update_or_create(
                    pathway=pathway, name_nl=nl, defaults={"name_en": en, "kind": kind, "ec": ec, "order": i}
                )[0].pk
                for i, (nl, en, kind, ec) in enumerate(item["modules"], start=1)
            ]
            pathway.modules.exclude(pk__in=kept).delete()
            _tag_modules(pathway, principles)
            for start_month, deadline_month, deadline_day in item["starts"]:
                for starts_on, deadline in next_start_moments(start_month, deadline_month, deadline_day, today):
                    StartMoment.objects.update_or_create(
                        pathway=pathway, starts_on=starts_on, defaults={"application_deadline": deadline}
                    )
    for spec in catalogue.PROGRAMMES:
        for item in spec["pathways"]:
            if item.get("plus_of"):
                Pathway.objects.filter(pk=pathways[item["slug"]].pk).update(plus_programme_of=pathways[item["plus_of"]])
    stdout.write(f"  {len(subjects)} school subjects, {len(pathways)} pathways, {len(fields)} degree fields.")


# The teaching-learning principles (research/principles.py) each demo module works with most, by
# the module's English name: a plausible tagging for the demo, not ICLON's curriculum.
MODULE_PRINCIPLES = {
    "Learning and instruction": ["adaptief", "formatief", "zelfregulerend"],
    "Pedagogy and development": ["inclusief", "veilig-en-participerend"],
    "Subject pedagogy": ["multiperspectivisch", "taalbewust", "taakgestuurd"],
    "Subject pedagogy 1": ["multiperspectivisch", "taalbewust", "taakgestuurd"],
    "Subject pedagogy 2": ["modulair", "doelsysteemgestuurd", "taalbewust"],
    "Practice: learning at the workplace": ["taakgestuurd", "samenwerkend"],
    "Practice 1: learning at the workplace": ["taakgestuurd", "samenwerkend"],
    "Practice 2: teaching independently": ["adaptief", "formatief", "modulair"],
    "Practice-based research": ["onderzoekend", "formatief"],
}


def _tag_modules(pathway: Pathway, principles: dict) -> None:
    """Tag the pathway's modules with their principles, in one insert (tags there already stay)."""
    Tags = Module.principles.through
    Tags.objects.bulk_create(
        [
            Tags(module_id=module.pk, teachinglearningprinciple_id=principles[slug].pk)
            for module in pathway.modules.all()
            for slug in MODULE_PRINCIPLES.get(module.name_en, [])
            if slug in principles
        ],
        ignore_conflicts=True,
    )


def _seed_relatedness(subjects, fields, courses_by_subject) -> None:
    """The whole table (every field × every subject), in bulk: about 740 rows."""
    existing = {(row.subject_id, row.degree_field_id): row for row in DegreeRelatedness.objects.all()}
    to_create, to_update, deficiency_rows = [], [], []
    for subject_slug, (direct, deficiency) in catalogue.RELATEDNESS.items():
        subject = subjects[subject_slug]
        for field_slug, field in fields.items():
            if field_slug in direct:
                relation = DegreeRelatedness.Relation.DIRECT
            elif field_slug in deficiency:
                relation = DegreeRelatedness.Relation.WITH_DEFICIENCY
            else:
                relation = DegreeRelatedness.Relation.NOT_RELATED
            row = existing.get((subject.pk, field.pk))
            if row is None:
                row = DegreeRelatedness(subject=subject, degree_field=field, relation=relation)
                to_create.append(row)
            elif row.relation != relation:
                row.relation = relation
                to_update.append(row)
            if relation == DegreeRelatedness.Relation.WITH_DEFICIENCY:
                deficiency_rows.append((row, courses_by_subject.get(subject_slug, [])))
    DegreeRelatedness.objects.bulk_create(to_create)
    DegreeRelatedness.objects.bulk_update(to_update, ["relation"])
    through = DegreeRelatedness.deficiency_courses.through
    through.objects.all().delete()
    through.objects.bulk_create(
        through(degreerelatedness_id=row.pk, deficiencycourse_id=course.pk)
        for row, courses in deficiency_rows
        for course in courses
    )


def seed_scale_arguments(parser) -> None:
    parser.add_argument("--pathways", type=int, default=0, help="Number of published pathways to generate.")


def seed_scale(options, stdout) -> None:
    """Generate published pathways in bulk (copies of the demo catalogue's shapes), each with its
    subjects, prior-education rules and two start moments, for benchmarks and query counts."""
    from tqdm import tqdm

    count = options.get("pathways") or 0
    if not count:
        return
    if not Pathway.objects.exists():
        seed_demo(stdout, None)
    templates = list(Pathway.objects.filter(is_published=True).prefetch_related("subjects", "prior_education_rules"))
    existing = Pathway.objects.filter(slug__startswith="schaaltraject-").count()
    today = timezone.localdate()
    Subjects = Pathway.subjects.through
    with tqdm(total=count, unit="pathways", file=stdout._out) as bar:
        for start in range(0, count, 500):
            batch = []
            for i in range(start, min(start + 500, count)):
                template = templates[i % len(templates)]
                number = existing + i
                batch.append(
                    Pathway(
                        programme_id=template.programme_id,
                        qualification_id=template.qualification_id,
                        slug=f"schaaltraject-{number:05d}",
                        name_nl=f"Schaaltraject {number:05d}",
                        name_en=f"Scale pathway {number:05d}",
                        summary_nl=template.summary_nl,
                        summary_en=template.summary_en,
                        sector=template.sector,
                        mode=template.mode,
                        ec=template.ec,
                        duration_months=template.duration_months,
                        requires_related_degree=template.requires_related_degree,
                        requires_teaching_job=template.requires_teaching_job,
                        is_published=True,
                        order=1000 + number,
                    )
                )
            created = Pathway.objects.bulk_create(batch)
            if not created[0].pk:  # backends without RETURNING: look the rows up again
                created = list(Pathway.objects.filter(slug__in=[p.slug for p in batch]).order_by("slug"))
            subjects, rules, starts = [], [], []
            for offset, pathway in enumerate(created):
                template = templates[(start + offset) % len(templates)]
                subjects += [Subjects(pathway_id=pathway.pk, schoolsubject_id=s.pk) for s in template.subjects.all()]
                rules += [
                    PriorEducationRule(pathway=pathway, prior_education=r.prior_education, outcome=r.outcome)
                    for r in template.prior_education_rules.all()
                ]
                for starts_on, deadline in next_start_moments(9, 6, 1, today):
                    starts.append(StartMoment(pathway=pathway, starts_on=starts_on, application_deadline=deadline))
            Subjects.objects.bulk_create(subjects)
            PriorEducationRule.objects.bulk_create(rules)
            StartMoment.objects.bulk_create(starts)
            bar.update(len(created))
    # bulk_create sends no signals: retire the cached routes pages here.

    bump_catalogue_version()
    stdout.write(f"{count} pathways generated.")
