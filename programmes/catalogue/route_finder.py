"""The route finder: which routes into teaching fit a person, why, and what they still need.

One function, `find_routes`, answers for the page and the API alike, from the pathways' rules as
staff keep them in the admin (PriorEducationRule, the relatedness table, the pathway's flags).
It runs a fixed number of queries whatever the number of pathways.

Every route in the answer says whether one can start (apply) now, `can_start_now`, or which `steps`
come first, in the order one takes them, each with its rough length. When no route fits, the answer
says once what would make one fit (`suggestions`, least effort first) and how to reach the student desk.
"""

from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from programmes.catalogue.contact import STUDENT_DESK, StudentDesk
from programmes.catalogue.models import (
    DeficiencyCourse,
    DegreeField,
    DegreeRelatedness,
    Pathway,
    PriorEducation,
    PriorEducationRule,
    SchoolSubject,
    Sector,
    StudyMode,
)


class ConditionCode:
    MASTER_FIRST = "master_first"
    MASTER_ENROLMENT = "master_enrolment"
    PREMASTER = "premaster"
    DEFICIENCY_COURSES = "deficiency_courses"
    RELATEDNESS_CHECK = "relatedness_check"
    DUTCH_PROFICIENCY = "dutch_proficiency"
    APTITUDE_ASSESSMENT = "aptitude_assessment"
    ENGLISH = "english"


class StepKind:
    DEGREE = "degree"
    PREMASTER = "premaster"
    DEFICIENCY_COURSES = "deficiency_courses"
    DUTCH_PROFICIENCY = "dutch_proficiency"


# The conditions that are steps one takes before one can start a route (apply), in the order one
# takes them, with their kind. A check by the admission committee (relatedness) is not a step: one
# applies and the committee checks.
STEP_KINDS = {
    ConditionCode.PREMASTER: StepKind.PREMASTER,
    ConditionCode.MASTER_FIRST: StepKind.DEGREE,
    ConditionCode.MASTER_ENROLMENT: StepKind.DEGREE,
    ConditionCode.DEFICIENCY_COURSES: StepKind.DEFICIENCY_COURSES,
    ConditionCode.DUTCH_PROFICIENCY: StepKind.DUTCH_PROFICIENCY,
}
STEP_ORDER = list(STEP_KINDS)
# Conditions that rank a route lower: the steps, and the committee's check of relatedness.
BLOCKING = {*STEP_KINDS, ConditionCode.RELATEDNESS_CHECK}

# Rough lengths in months, as ICLON's student desk gives them (the admission committee decides
# per person): a university master takes one to two years; the year of a science master before its
# education specialisation; a premaster for hbo graduates half a year to a year; the free online
# deficiency courses one can take next to work in about half a year.
STEP_MONTHS = {
    ConditionCode.PREMASTER: 12,
    ConditionCode.MASTER_FIRST: 12,
    ConditionCode.MASTER_ENROLMENT: 12,
    ConditionCode.DEFICIENCY_COURSES: 6,
}
PREMASTER_MONTHS = STEP_MONTHS[ConditionCode.PREMASTER]
STEP_LABELS = {
    StepKind.DEGREE: gettext_lazy("A degree first"),
    StepKind.PREMASTER: gettext_lazy("A premaster first"),
    StepKind.DEFICIENCY_COURSES: gettext_lazy("Deficiency courses"),
    StepKind.DUTCH_PROFICIENCY: gettext_lazy("Dutch proficiency"),
}


@dataclass(frozen=True)
class FinderInput:
    prior_education: str
    sector: str
    study_mode: str = "any"
    degree_field: DegreeField | None = None
    subject: SchoolSubject | None = None
    employed_as_teacher: bool = False
    dutch_secondary_diploma: bool = True


@dataclass
class Condition:
    code: str
    text: str
    deficiency_courses: list[DeficiencyCourse] = field(default_factory=list)


@dataclass
class Step:
    """A step to take before one can start a route: its kind (StepKind), what to do, roughly how many
    months it takes (None: it depends on the person), and its study load and link where known."""

    kind: str
    text: str
    months: int | None = None
    deficiency_courses: list[DeficiencyCourse] = field(default_factory=list)

    @property
    def ec(self) -> int | None:
        """The deficiency courses' study load together (None: no courses, or none with a load)."""
        return sum(course.ec for course in self.deficiency_courses) or None

    @property
    def url(self) -> str:
        """The first deficiency course's link ("" without one)."""
        return next((course.url for course in self.deficiency_courses if course.url), "")

    @property
    def label(self) -> str:
        return str(STEP_LABELS[self.kind])


def _step(condition: Condition) -> Step:
    return Step(
        kind=STEP_KINDS[condition.code],
        text=condition.text,
        months=STEP_MONTHS.get(condition.code),
        deficiency_courses=condition.deficiency_courses,
    )


@dataclass
class RouteAnswer:
    pathway: Pathway
    reasons: list[str] = field(default_factory=list)
    conditions: list[Condition] = field(default_factory=list)
    refusals: list[str] = field(default_factory=list)

    @property
    def fits(self) -> bool:
        return not self.refusals

    @property
    def steps(self) -> list[Step]:
        """The steps before one can start this route, in the order one takes them (none for a route
        that does not fit: no step makes it fit)."""
        if not self.fits:
            return []
        conditions = sorted(
            (c for c in self.conditions if c.code in STEP_KINDS), key=lambda c: STEP_ORDER.index(c.code)
        )
        return [_step(condition) for condition in conditions]

    @property
    def other_conditions(self) -> list[Condition]:
        """What the route asks besides the steps first (part of the route or of its admission)."""
        return [c for c in self.conditions if c.code not in STEP_KINDS]

    @property
    def can_start_now(self) -> bool:
        """It fits and asks no step first: one can apply now."""
        return self.fits and not any(c.code in STEP_KINDS for c in self.conditions)

    @property
    def steps_months(self) -> int | None:
        """Roughly how many months the steps take together (None: no step has a known length)."""
        return sum(step.months for step in self.steps if step.months) or None

    @property
    def rank_key(self):
        blocking = sum(1 for c in self.conditions if c.code in BLOCKING)
        return (
            not self.can_start_now,
            blocking,
            len(self.conditions),
            -self.pathway.qualification.rank,
            self.pathway.order,
        )


class SuggestionKind:
    DEFICIENCY_COURSES = "deficiency_courses"
    RELATED_MASTER = "related_master"
    PREMASTER = "premaster"
    RELATED_SUBJECT = "related_subject"


SUGGESTION_LABELS = {
    SuggestionKind.DEFICIENCY_COURSES: gettext_lazy("Deficiency courses"),
    SuggestionKind.RELATED_MASTER: gettext_lazy("A related master"),
    SuggestionKind.PREMASTER: gettext_lazy("A premaster"),
    SuggestionKind.RELATED_SUBJECT: gettext_lazy("A route in a related subject"),
}


@dataclass
class Suggestion(Step):
    """What would make a route fit when none does, in order of effort: deficiency courses, a related
    master, a premaster, a route in a related subject (a kind of SuggestionKind)."""

    degree_fields: list[DegreeField] = field(default_factory=list)
    subjects: list[SchoolSubject] = field(default_factory=list)

    @property
    def label(self) -> str:
        return str(SUGGESTION_LABELS[self.kind])


@dataclass(frozen=True)
class RefusalGroup:
    """One reason for refusal, said once, with the routes it refuses."""

    text: str
    pathways: list[Pathway]


@dataclass
class FinderResult:
    fits: list[RouteAnswer]
    does_not_fit: list[RouteAnswer]
    suggestions: list[Suggestion] = field(default_factory=list)
    student_desk: StudentDesk = STUDENT_DESK

    @property
    def start_now(self) -> list[RouteAnswer]:
        return [answer for answer in self.fits if answer.can_start_now]

    @property
    def steps_first(self) -> list[RouteAnswer]:
        return [answer for answer in self.fits if not answer.can_start_now]

    @property
    def refusal_groups(self) -> list[RefusalGroup]:
        """The refusals of the routes that do not fit, each said once with the routes it refuses;
        the reason that refuses most routes first."""
        groups: dict[str, list[Pathway]] = {}
        for answer in self.does_not_fit:
            for refusal in answer.refusals:
                groups.setdefault(refusal, []).append(answer.pathway)
        ordered = sorted(groups.items(), key=lambda item: -len(item[1]))
        return [RefusalGroup(text, pathways) for text, pathways in ordered]


def _pathways():
    return (
        Pathway.objects.published()
        .select_related("qualification", "programme", "plus_programme_of")
        .prefetch_related("subjects", Prefetch("prior_education_rules", queryset=PriorEducationRule.objects.all()))
        .order_by("order", "name_nl")
    )


def _relatedness(degree_field, subject) -> DegreeRelatedness | None:
    if degree_field is None or subject is None:
        return None
    return (
        DegreeRelatedness.objects.filter(degree_field=degree_field, subject=subject)
        .prefetch_related("deficiency_courses")
        .first()
    )


def find_routes(data: FinderInput, *, pathways=None) -> FinderResult:
    """Every published pathway, split into those that fit `data` (ranked: fewest steps first,
    then the highest qualification) and those that do not, each with its reasons and conditions."""
    relatedness = _relatedness(data.degree_field, data.subject)
    answers = [_judge(pathway, data, relatedness) for pathway in (pathways if pathways is not None else _pathways())]
    fits = sorted((a for a in answers if a.fits), key=lambda a: a.rank_key)
    does_not_fit = sorted((a for a in answers if not a.fits), key=lambda a: (len(a.refusals), a.pathway.order))
    suggestions = [] if fits else _suggestions(data)
    return FinderResult(fits=fits, does_not_fit=does_not_fit, suggestions=suggestions)


def _suggestions(data: FinderInput) -> list[Suggestion]:
    """What would make a route fit, least effort first (a fixed number of queries): the subject's
    deficiency courses, a master in a field related to the subject, a premaster, and the subjects
    one's own degree is related to. Each only where it can help."""
    suggestions = []
    subject = data.subject if data.sector == Sector.VO else None
    if subject is not None:
        courses = list(DeficiencyCourse.objects.filter(subject=subject).order_by("provider", "name_nl"))
        if courses:
            providers = ", ".join(sorted({course.get_provider_display() for course in courses}))
            total = sum(course.ec for course in courses)
            suggestions.append(
                Suggestion(
                    SuggestionKind.DEFICIENCY_COURSES,
                    _(
                        "Close the gap in %(subject)s with the free online deficiency courses of %(providers)s "
                        "(%(ec)s EC in all). ICLON's admission committee tells you whether they are enough with "
                        "your degree."
                    )
                    % {"subject": subject.name, "providers": providers, "ec": total},
                    months=STEP_MONTHS[ConditionCode.DEFICIENCY_COURSES],
                    deficiency_courses=courses,
                )
            )
        related = [
            row.degree_field
            for row in DegreeRelatedness.objects.filter(subject=subject, relation=DegreeRelatedness.Relation.DIRECT)
            .select_related("degree_field")
            .order_by("degree_field__name_nl")
        ]
        if related:
            suggestions.append(
                Suggestion(
                    SuggestionKind.RELATED_MASTER,
                    _("A university master in a field related to %(subject)s gives access to the teaching master.")
                    % {"subject": subject.name},
                    months=STEP_MONTHS[ConditionCode.MASTER_FIRST],
                    degree_fields=related,
                )
            )
    if data.prior_education in (PriorEducation.HBO_BACHELOR, PriorEducation.NONE) or subject is not None:
        suggestions.append(
            Suggestion(
                SuggestionKind.PREMASTER,
                _(
                    "With an hbo bachelor, a premaster of about %(months)s months gives access to a university "
                    "master, and from there to the teaching routes."
                )
                % {"months": PREMASTER_MONTHS},
                months=PREMASTER_MONTHS,
            )
        )
    if data.degree_field is not None:
        subjects = [
            row.subject
            for row in DegreeRelatedness.objects.filter(degree_field=data.degree_field)
            .exclude(relation=DegreeRelatedness.Relation.NOT_RELATED)
            .exclude(subject=data.subject)
            .select_related("subject")
            .order_by("subject__order", "subject__name_nl")
        ]
        if subjects:
            suggestions.append(
                Suggestion(
                    SuggestionKind.RELATED_SUBJECT,
                    _("Your degree in %(field)s is related to other school subjects; a route in one of them may fit.")
                    % {"field": data.degree_field.name},
                    subjects=subjects,
                )
            )
    return suggestions


def _judge(pathway: Pathway, data: FinderInput, relatedness: DegreeRelatedness | None) -> RouteAnswer:
    answer = RouteAnswer(pathway=pathway)
    _check_sector(answer, pathway, data)
    _check_subject(answer, pathway, data)
    _check_employment(answer, pathway, data)
    _check_prior_education(answer, pathway, data)
    _check_relatedness(answer, pathway, data, relatedness)
    _check_study_mode(answer, pathway, data)
    _add_general_conditions(answer, pathway, data)
    return answer


def _check_sector(answer, pathway, data):
    if pathway.sector != data.sector:
        answer.refusals.append(
            _("This route leads to a qualification for %(sector)s.") % {"sector": Sector(pathway.sector).label.lower()}
        )
    else:
        answer.reasons.append(
            _("It leads to the %(qualification)s.") % {"qualification": pathway.qualification.name.lower()}
        )


def _check_subject(answer, pathway, data):
    if pathway.sector != Sector.VO or data.subject is None:
        return
    if data.subject in pathway.subjects.all():
        answer.reasons.append(_("It is offered for %(subject)s.") % {"subject": data.subject.name})
    else:
        answer.refusals.append(_("It is not offered for %(subject)s.") % {"subject": data.subject.name})


def _check_employment(answer, pathway, data):
    if pathway.requires_teaching_job:
        if data.employed_as_teacher:
            answer.reasons.append(_("It is meant for people who already work as a teacher, as you do."))
        else:
            answer.refusals.append(_("It is only for people who already work as a teacher at a school."))


def _level_label(level: str) -> str:
    return str(PriorEducation(level).label).lower()


def _check_prior_education(answer, pathway, data):
    rules = {rule.prior_education: rule.outcome for rule in pathway.prior_education_rules.all()}
    outcome = rules.get(data.prior_education)
    if outcome is None:
        accepted = [_level_label(level) for level in PriorEducation.values if level in rules]
        answer.refusals.append(
            _("It asks for one of: %(levels)s.") % {"levels": ", ".join(accepted)}
            if accepted
            else _("It is not open to applicants at the moment.")
        )
    elif outcome == PriorEducationRule.Outcome.FITS:
        answer.reasons.append(
            _("Your prior education (%(level)s) gives access.") % {"level": _level_label(data.prior_education)}
        )
    elif outcome == PriorEducationRule.Outcome.MASTER_FIRST:
        answer.conditions.append(
            Condition(ConditionCode.MASTER_FIRST, _("Complete a university master first (any master will do)."))
        )
    elif outcome == PriorEducationRule.Outcome.IN_MASTER:
        answer.conditions.append(
            Condition(
                ConditionCode.MASTER_ENROLMENT,
                pathway.enrol_first
                or _(
                    "Enrol first in the two-year university master this route is part of; the route is its second year."
                ),
            )
        )
    elif outcome == PriorEducationRule.Outcome.PREMASTER:
        answer.conditions.append(
            Condition(
                ConditionCode.PREMASTER,
                _("Take a premaster for hbo graduates first, then the university programme that gives access."),
            )
        )


def _check_relatedness(answer, pathway, data, relatedness):
    if not pathway.requires_related_degree or pathway.sector != Sector.VO or data.subject is None:
        return
    if data.prior_education == PriorEducation.NONE:
        return  # refused on prior education already
    if data.degree_field is None:
        answer.conditions.append(
            Condition(
                ConditionCode.RELATEDNESS_CHECK,
                _("ICLON's admission committee checks whether your degree is related to %(subject)s.")
                % {"subject": data.subject.name},
            )
        )
        return
    relation = relatedness.relation if relatedness else DegreeRelatedness.Relation.NOT_RELATED
    names = {"field": data.degree_field.name, "subject": data.subject.name}
    if relation == DegreeRelatedness.Relation.DIRECT:
        answer.reasons.append(_("A degree in %(field)s is related to %(subject)s.") % names)
    elif relation == DegreeRelatedness.Relation.WITH_DEFICIENCY:
        courses = list(relatedness.deficiency_courses.all())
        answer.conditions.append(
            Condition(
                ConditionCode.DEFICIENCY_COURSES,
                _("Close the gap in subject knowledge with free online deficiency courses before admission.")
                if courses
                else _("Close the gap in subject knowledge before admission; ICLON advises you how."),
                deficiency_courses=courses,
            )
        )
    else:
        answer.refusals.append(_("A degree in %(field)s is not related to %(subject)s.") % names)


def _check_study_mode(answer, pathway, data):
    if data.study_mode in ("", "any"):
        return
    wanted = {
        StudyMode.FULL_TIME: {StudyMode.FULL_TIME},
        StudyMode.PART_TIME: {StudyMode.PART_TIME, StudyMode.WORK_STUDY},
    }
    if pathway.mode in wanted.get(data.study_mode, set()):
        answer.reasons.append(_("It is taught %(mode)s.") % {"mode": StudyMode(pathway.mode).label.lower()})
    else:
        answer.refusals.append(_("It is taught %(mode)s only.") % {"mode": StudyMode(pathway.mode).label.lower()})


def _add_general_conditions(answer, pathway, data):
    if pathway.dutch_proficiency_required and not data.dutch_secondary_diploma:
        answer.conditions.append(
            Condition(
                ConditionCode.DUTCH_PROFICIENCY,
                _(
                    "Prove your command of Dutch (the programme is taught in Dutch): without a Dutch secondary "
                    "diploma, show a Dutch-language certificate (NT2 programme II)."
                ),
            )
        )
    if pathway.requires_aptitude_assessment:
        answer.conditions.append(
            Condition(
                ConditionCode.APTITUDE_ASSESSMENT,
                _("The route starts with an aptitude assessment; its outcome advises your school and ICLON."),
            )
        )
    if pathway.requires_english:
        answer.conditions.append(Condition(ConditionCode.ENGLISH, _("You need a good command of English as well.")))
