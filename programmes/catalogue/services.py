"""Changes to the catalogue of routes into teaching that staff make in the admin.

The relatedness table (DegreeRelatedness) is kept per school subject: one row per degree field,
saved as a whole (`relatedness_grid_save`), so that the admin's grid and any later import call the
same rules.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from iclon.accounts.models import User
from iclon.accounts.roles import staff_may
from iclon.core.errors import NotAllowed, PortalError
from iclon.core.history import record_history_as
from programmes.catalogue.models import DeficiencyCourse, DegreeField, DegreeRelatedness, SchoolSubject

CHANGE_RELATEDNESS = "programmes.change_degreerelatedness"


class RelatednessGridInvalid(PortalError):
    """Some rows of the grid break a rule. `errors` maps a degree field's pk to its messages;
    nothing was written."""

    default_message = gettext_lazy("The relatedness table was not saved: correct the rows marked below.")

    def __init__(self, errors: dict[int, list[str]], message: str | Promise | None = None) -> None:
        self.errors = errors
        super().__init__(message)


@dataclass(frozen=True)
class RelatednessRow:
    """What the grid says about one degree field: its relation to the subject and, for "related
    after deficiency courses", the courses that close the gap."""

    degree_field: DegreeField
    relation: str
    deficiency_courses: Sequence[DeficiencyCourse] = field(default_factory=tuple)


@dataclass
class RelatednessGridResult:
    created: int = 0
    changed: int = 0
    unchanged: int = 0


def _row_errors(row: RelatednessRow, subject: SchoolSubject) -> list[str]:
    errors = []
    if row.relation not in DegreeRelatedness.Relation.values:
        errors.append(_("Choose how this degree field relates to the subject."))
    courses = list(row.deficiency_courses)
    if courses and row.relation != DegreeRelatedness.Relation.WITH_DEFICIENCY:
        errors.append(
            _("Deficiency courses apply only to “%(relation)s”: choose that relation or clear the courses.")
            % {"relation": DegreeRelatedness.Relation.WITH_DEFICIENCY.label}
        )
    foreign = [course for course in courses if course.subject_id != subject.pk]
    if foreign:
        errors.append(
            _("These courses belong to another subject: %(courses)s.")
            % {"courses": ", ".join(str(course) for course in foreign)}
        )
    return errors


def relatedness_grid_save(
    *, subject: SchoolSubject, rows: Iterable[RelatednessRow], actor: User
) -> RelatednessGridResult:
    """Set how each degree field of `rows` relates to `subject` (fields not in `rows` stay as
    they are). Creates the missing rows of the table and changes the others only where they
    differ; every created or changed row gets one history row by `actor`. Nothing is queued.

    Raises NotAllowed without the change permission on the relatedness table, and
    RelatednessGridInvalid (nothing written) when a row breaks a rule: an unknown relation,
    deficiency courses with another relation, courses of another subject, a field twice."""
    with transaction.atomic():
        if not staff_may(actor, CHANGE_RELATEDNESS):
            raise NotAllowed()
        rows = list(rows)
        errors: dict[int, list[str]] = {}
        seen: set[int] = set()
        for row in rows:
            row_errors = _row_errors(row, subject)
            if row.degree_field.pk in seen:
                row_errors.append(_("This degree field appears twice in the table."))
            seen.add(row.degree_field.pk)
            if row_errors:
                errors.setdefault(row.degree_field.pk, []).extend(row_errors)
        if errors:
            raise RelatednessGridInvalid(errors)

        # Locked, so that two people saving the same subject's grid cannot interleave their rows.
        existing = {
            relatedness.degree_field_id: relatedness
            for relatedness in DegreeRelatedness.objects.select_for_update()
            .filter(subject=subject, degree_field__in=[row.degree_field.pk for row in rows])
            .prefetch_related("deficiency_courses")
        }
        result = RelatednessGridResult()
        for row in rows:
            wanted_courses = {course.pk for course in row.deficiency_courses}
            relatedness = existing.get(row.degree_field.pk)
            if relatedness is None:
                relatedness = DegreeRelatedness(subject=subject, degree_field=row.degree_field, relation=row.relation)
                record_history_as(relatedness, actor)
                relatedness.save()  # history: "created", without courses
                if wanted_courses:
                    _set_courses(relatedness, wanted_courses, actor)
                result.created += 1
                continue
            current_courses = {course.pk for course in relatedness.deficiency_courses.all()}
            if relatedness.relation == row.relation and current_courses == wanted_courses:
                result.unchanged += 1
                continue
            relatedness.relation = row.relation
            if current_courses != wanted_courses:
                _set_courses(relatedness, wanted_courses, actor)
            else:
                record_history_as(relatedness, actor)
                relatedness.save()
            result.changed += 1
        return result


def _set_courses(relatedness: DegreeRelatedness, course_pks: set[int], actor: User) -> None:
    """Save the row with its new courses as one history row (simple_history would otherwise
    write one for the removal and one for the addition, each without the new relation)."""
    relatedness.skip_history_when_saving = True  # type: ignore[attr-defined]  # simple_history's flag, untyped
    try:
        relatedness.deficiency_courses.set(course_pks)
    finally:
        del relatedness.skip_history_when_saving  # type: ignore[attr-defined]  # simple_history's flag, untyped
    record_history_as(relatedness, actor)
    relatedness.save()  # the history row records the relation and the courses as they are now
