"""The route finder: which routes into teaching fit a person, why, and what they still need.

One function, `find_routes`, answers for the page and the API alike, from the pathways' rules as
staff keep them in the admin (PriorEducationRule, the relatedness table, the pathway's flags).
It runs a fixed number of queries whatever the number of pathways.
"""

from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.utils.translation import gettext as _

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
    PREMASTER = "premaster"
    DEFICIENCY_COURSES = "deficiency_courses"
    RELATEDNESS_CHECK = "relatedness_check"
    DUTCH_PROFICIENCY = "dutch_proficiency"
    APTITUDE_ASSESSMENT = "aptitude_assessment"
    ENGLISH = "english"


# Conditions that are steps to take before the route (ranked lower); the others are part of it.
BLOCKING = {
    ConditionCode.MASTER_FIRST,
    ConditionCode.PREMASTER,
    ConditionCode.DEFICIENCY_COURSES,
    ConditionCode.RELATEDNESS_CHECK,
    ConditionCode.DUTCH_PROFICIENCY,
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
class RouteAnswer:
    pathway: Pathway
    reasons: list[str] = field(default_factory=list)
    conditions: list[Condition] = field(default_factory=list)
    refusals: list[str] = field(default_factory=list)

    @property
    def fits(self) -> bool:
        return not self.refusals

    @property
    def rank_key(self):
        blocking = sum(1 for c in self.conditions if c.code in BLOCKING)
        return (blocking, len(self.conditions), -self.pathway.qualification.rank, self.pathway.order)


@dataclass
class FinderResult:
    fits: list[RouteAnswer]
    does_not_fit: list[RouteAnswer]


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
    return FinderResult(fits=fits, does_not_fit=does_not_fit)


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
