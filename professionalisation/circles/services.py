"""Every write of learning circles, development paths and recorded modules; pages, admin, API and
the demo call these.

Which schools may take part in a circle: any active school of the circle's education region (a
circle is a regional network; ONZ membership is not required). A member names the school they
take part for and their position there (teacher, team leader, school leader): the partnerships
register holds a school's contacts and leaders, not every teacher, so staff who add a member
vouch for it. Facilitators and researchers are ICLON staff (`is_staff`) and take part for no
school.

Each service runs in one transaction, checks who acts, validates on the server (a refusal is a
translated PortalError and nothing is written) and names the actor in the history rows.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db import transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from iclon.accounts.models import User
from iclon.core.errors import Conflict, NotAllowed, PortalError, full_clean_or_raise
from iclon.core.history import history_author, record_history_as
from partnerships.models import EducationRegion, School
from professionalisation.activities.models import Activity
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
    QuestionStatus,
    SchoolPosition,
)
from professionalisation.circles.permissions import (
    can_add_product,
    can_facilitate,
    can_submit_question,
    is_active_person,
    is_circle_staff,
    is_path_staff,
    records_modules,
)
from programmes.catalogue.models import Module
from research.knowledge.models import TeachingLearningPrinciple
from research.questions.models import MatchKind, ResearchQuestion
from research.questions.services import question_match

#: The fields of a circle that `circle_create` takes and `circle_update` may change.
CIRCLE_FIELDS = (
    "name_nl",
    "name_en",
    "region",
    "theme_nl",
    "theme_en",
    "description_nl",
    "description_en",
    "starts_on",
    "ends_on",
    "active",
    "principles",
)
#: Which way a question may move: back to "being worked on" from "answered", never out of "closed".
QUESTION_MOVES = {
    QuestionStatus.SUBMITTED: {QuestionStatus.IN_PROGRESS, QuestionStatus.CLOSED},
    QuestionStatus.IN_PROGRESS: {QuestionStatus.ANSWERED, QuestionStatus.CLOSED},
    QuestionStatus.ANSWERED: {QuestionStatus.IN_PROGRESS, QuestionStatus.CLOSED},
    QuestionStatus.CLOSED: set(),
}


def _save(row: Model, actor: User | AnonymousUser | None) -> Any:
    full_clean_or_raise(row)
    record_history_as(row, history_author(actor))
    row.save()
    return row


def _text(value: str) -> str:
    return (value or "").strip()


# --- circles ------------------------------------------------------------------------------------


def circle_create(
    *,
    actor: User | AnonymousUser | None,
    name_nl: str,
    name_en: str,
    region: EducationRegion,
    theme_nl: str,
    theme_en: str,
    starts_on: datetime.date,
    description_nl: str = "",
    description_en: str = "",
    ends_on: datetime.date | None = None,
    active: bool = True,
    principles: Iterable[TeachingLearningPrinciple] = (),
) -> LearningCircle:
    """Start a circle in an education region (staff who manage circles), tagged with `principles`.
    Raises NotAllowed, or a PortalError on a missing name or theme or an end before the start."""
    with transaction.atomic():
        if not is_circle_staff(actor):
            raise NotAllowed()
        circle = LearningCircle(
            name_nl=_text(name_nl),
            name_en=_text(name_en),
            region=region,
            theme_nl=_text(theme_nl),
            theme_en=_text(theme_en),
            description_nl=_text(description_nl),
            description_en=_text(description_en),
            starts_on=starts_on,
            ends_on=ends_on,
            active=active,
        )
        _save(circle, actor)
        circle.principles.set(list(principles or ()))
        return circle


def circle_update(*, circle: LearningCircle, actor: User | AnonymousUser | None, **changes: Any) -> LearningCircle:
    """Change a circle's fields (those of CIRCLE_FIELDS, its principles among them; staff who manage
    circles). Moving a circle to another region is refused while it has current members: their
    schools are in the old one."""
    with transaction.atomic():
        if not is_circle_staff(actor):
            raise NotAllowed()
        unknown = set(changes) - set(CIRCLE_FIELDS)
        if unknown:
            raise PortalError(_("These fields cannot be changed here."), field=sorted(unknown)[0])
        circle = LearningCircle.objects.select_for_update().get(pk=circle.pk)
        region = changes.get("region")
        if region is not None and region.pk != circle.region_id:
            members = CircleMembership.objects.current().filter(circle=circle, role=CircleRole.MEMBER)
            if members.exists():
                raise Conflict(
                    _("The circle has members from schools in its region: it cannot move to another region.")
                )
        principles = changes.pop("principles", None)
        for name, value in changes.items():
            setattr(circle, name, _text(value) if isinstance(value, str) else value)
        _save(circle, actor)
        if principles is not None:
            circle.principles.set(list(principles))
        return circle


# --- members ------------------------------------------------------------------------------------


def membership_add(
    *,
    circle: LearningCircle,
    person: User,
    role: str,
    actor: User | AnonymousUser | None,
    school: School | None = None,
    position: str = "",
    joined_on: datetime.date | None = None,
) -> CircleMembership:
    """Add `person` to `circle` (staff who manage circles). A member takes part for an active
    school of the circle's region, in a position there; a facilitator or researcher is ICLON staff
    and takes part for no school. A person is in a circle once at a time."""
    with transaction.atomic():
        if not is_circle_staff(actor):
            raise NotAllowed()
        circle = LearningCircle.objects.select_for_update().get(pk=circle.pk)
        if not circle.active:
            raise Conflict(_("This circle is no longer active."))
        if not is_active_person(person):
            raise PortalError(_("This person has no active account."), field="person")
        if role not in CircleRole.values:
            raise PortalError(_("Choose a role in the circle."), field="role")
        if role == CircleRole.MEMBER:
            if school is None:
                raise PortalError(_("A member takes part for a school: choose it."), field="school")
            if school.region_id != circle.region_id or not school.is_active:
                raise PortalError(_("Choose an active school in the circle's education region."), field="school")
            if position not in SchoolPosition.values:
                raise PortalError(_("Choose the member's position at the school."), field="position")
        else:
            if not person.is_staff:
                raise PortalError(_("Facilitators and researchers are ICLON staff."), field="person")
            school, position = None, ""
        if CircleMembership.objects.filter(circle=circle, person=person, left_on__isnull=True).exists():
            raise Conflict(_("This person is already in this circle."))
        membership = CircleMembership(
            circle=circle,
            person=person,
            role=role,
            school=school,
            position=position,
            joined_on=joined_on or timezone.localdate(),
        )
        return _save(membership, actor)


def membership_end(
    *, membership: CircleMembership, actor: User | AnonymousUser | None, left_on: datetime.date | None = None
) -> CircleMembership:
    """End a membership on `left_on` (today; staff who manage circles). Ending one that has ended
    is refused."""
    with transaction.atomic():
        if not is_circle_staff(actor):
            raise NotAllowed()
        membership = CircleMembership.objects.select_for_update().get(pk=membership.pk)
        if membership.left_on is not None:
            raise Conflict(_("This membership has already ended."))
        left_on = left_on or timezone.localdate()
        if left_on < membership.joined_on:
            raise PortalError(_("The end date cannot be before the start date."), field="left_on")
        membership.left_on = left_on
        return _save(membership, actor)


# --- meetings, questions, products ----------------------------------------------------------------


def meeting_add(
    *,
    circle: LearningCircle,
    actor: User | AnonymousUser | None,
    date: datetime.date,
    starts_at: datetime.time,
    ends_at: datetime.time,
    place: str = "",
    online_link: str = "",
    agenda: str = "",
) -> CircleMeeting:
    """Plan a meeting of the circle (its facilitators, staff). Raises NotAllowed, or a PortalError
    for an end before the start or a meeting without place or link."""
    with transaction.atomic():
        if not can_facilitate(actor, circle):
            raise NotAllowed()
        if not circle.active:
            raise Conflict(_("This circle is no longer active."))
        meeting = CircleMeeting(
            circle=circle,
            date=date,
            starts_at=starts_at,
            ends_at=ends_at,
            place=_text(place),
            online_link=_text(online_link),
            agenda=_text(agenda),
        )
        return _save(meeting, actor)


MEETING_FIELDS = ("date", "starts_at", "ends_at", "place", "online_link", "agenda")


def meeting_update(*, meeting: CircleMeeting, actor: User | AnonymousUser | None, **changes: Any) -> CircleMeeting:
    """Change a meeting's date, times, place, link or agenda (its circle's facilitators, staff)."""
    with transaction.atomic():
        meeting = CircleMeeting.objects.select_for_update().select_related("circle").get(pk=meeting.pk)
        if not can_facilitate(actor, meeting.circle):
            raise NotAllowed()
        unknown = set(changes) - set(MEETING_FIELDS)
        if unknown:
            raise PortalError(_("These fields cannot be changed here."), field=sorted(unknown)[0])
        for name, value in changes.items():
            setattr(meeting, name, _text(value) if isinstance(value, str) else value)
        return _save(meeting, actor)


def practice_question_submit(
    *, circle: LearningCircle, school: School, title: str, context: str, actor: User | AnonymousUser | None
) -> PracticeQuestion:
    """Bring a practice question of `school` into the circle: a member for the school they take
    part for, the school contact or leader of a member school, or staff. The question starts as
    submitted."""
    with transaction.atomic():
        if not can_submit_question(actor, circle, school_id=school.pk):
            raise NotAllowed()
        if not circle.active:
            raise Conflict(_("This circle is no longer active."))
        question = PracticeQuestion(
            circle=circle,
            school=school,
            title=_text(title),
            context=_text(context),
            submitted_by=history_author(actor),
        )
        return _save(question, actor)


def practice_question_set_status(
    *, question: PracticeQuestion, status: str, actor: User | AnonymousUser | None
) -> PracticeQuestion:
    """Move a question along (QUESTION_MOVES; the circle's facilitators, staff). A closed question
    stays closed; the same status again is refused."""
    with transaction.atomic():
        question = PracticeQuestion.objects.select_for_update().select_related("circle").get(pk=question.pk)
        if not can_facilitate(actor, question.circle):
            raise NotAllowed()
        if status not in QuestionStatus.values:
            raise PortalError(_("Choose a status."), field="status")
        if status not in QUESTION_MOVES[QuestionStatus(question.status)]:
            raise Conflict(
                _("A question that is %(current)s cannot become %(new)s.")
                % {
                    "current": QuestionStatus(question.status).label.lower(),
                    "new": QuestionStatus(status).label.lower(),
                }
            )
        question.status = status
        return _save(question, actor)


def product_add(
    *, meeting: CircleMeeting, title: str, actor: User | AnonymousUser | None, text: str = "", link: str = ""
) -> CircleProduct:
    """Share notes or a product of a meeting (the circle's current members and facilitators,
    staff). A product has a text, a link or both."""
    with transaction.atomic():
        if not can_add_product(actor, meeting.circle):
            raise NotAllowed()
        product = CircleProduct(
            meeting=meeting, title=_text(title), text=_text(text), link=_text(link), added_by=history_author(actor)
        )
        return _save(product, actor)


# --- development paths --------------------------------------------------------------------------


def path_step_add(
    *,
    path: DevelopmentPath,
    title_nl: str,
    title_en: str,
    actor: User | AnonymousUser | None,
    activities: Iterable[Activity] = (),
    modules: Iterable[Module] = (),
) -> PathStep:
    """Add a step at the end of a path (staff who manage paths)."""
    with transaction.atomic():
        if not is_path_staff(actor):
            raise NotAllowed()
        path = DevelopmentPath.objects.select_for_update().get(pk=path.pk)
        last = PathStep.objects.filter(path=path).order_by("-order").values_list("order", flat=True).first()
        step = _save(
            PathStep(path=path, order=(last or 0) + 1, title_nl=_text(title_nl), title_en=_text(title_en)), actor
        )
        step.activities.set(activities)
        step.modules.set(modules)
        return step


def path_steps_reorder(*, path: DevelopmentPath, step_ids: list[int], actor: User | AnonymousUser | None) -> None:
    """Put the steps of a path in the order of `step_ids` (every step of the path, each once),
    numbered 1, 2, 3 … (staff who manage paths)."""
    with transaction.atomic():
        if not is_path_staff(actor):
            raise NotAllowed()
        path = DevelopmentPath.objects.select_for_update().get(pk=path.pk)
        steps = {step.pk: step for step in PathStep.objects.filter(path=path)}
        if sorted(step_ids) != sorted(steps) or len(set(step_ids)) != len(step_ids):
            raise PortalError(_("List every step of the path once."), field="steps")
        # Two rounds: the order is unique per path, so the steps first move out of each other's way.
        offset = len(steps) + max((step.order for step in steps.values()), default=0)
        for number, pk in enumerate(step_ids, start=1):
            PathStep.objects.filter(pk=pk).update(order=offset + number)
        for number, pk in enumerate(step_ids, start=1):
            step = steps[pk]
            if step.order != number:
                step.order = number
                record_history_as(step, history_author(actor))
                step.save(update_fields=["order", "updated_at"])
            else:
                PathStep.objects.filter(pk=pk).update(order=number)


def path_step_move(*, step: PathStep, up: bool, actor: User | AnonymousUser | None) -> None:
    """Move a step one place up (earlier) or down; the first step cannot move up, nor the last down."""
    with transaction.atomic():
        ids = list(PathStep.objects.filter(path_id=step.path_id).order_by("order", "pk").values_list("pk", flat=True))
        index = ids.index(step.pk)
        other = index - 1 if up else index + 1
        if not 0 <= other < len(ids):
            raise Conflict(_("This step is already first.") if up else _("This step is already last."))
        ids[index], ids[other] = ids[other], ids[index]
        path_steps_reorder(path=step.path, step_ids=ids, actor=actor)


def prior_module_record(
    *, person: User, module: Module, completed_on: datetime.date, actor: User | AnonymousUser | None
) -> PriorModule:
    """Record that `person` completed a module of ICLON's teacher education (staff who record
    modules). A date in the future and a second record of the same module are refused."""
    with transaction.atomic():
        if not records_modules(actor):
            raise NotAllowed()
        if completed_on > timezone.localdate():
            raise PortalError(_("The date cannot be in the future."), field="completed_on")
        if PriorModule.objects.filter(person=person, module=module).exists():
            raise Conflict(_("This module has already been recorded for this person."))
        prior = PriorModule(person=person, module=module, completed_on=completed_on, recorded_by=history_author(actor))
        return _save(prior, actor)


# --- schools' research questions (research/questions) ----------------------------------------------


def circle_link_research_question(
    *, circle: LearningCircle, question: ResearchQuestion, actor: User | AnonymousUser | None
) -> LearningCircle:
    """Research staff match a school's research question to the circle: the question is matched
    by research's rules (question_match, which tells the school) and linked to the circle. Refused
    for an ended circle, or a question linked to it already."""
    with transaction.atomic():
        if not circle.active:
            raise Conflict(_("This circle has ended."))
        if circle.research_questions.filter(pk=question.pk).exists():
            raise Conflict(_("This question is linked to the circle already."))
        question_match(question=question, actor=actor, kind=MatchKind.CIRCLE)
        circle.research_questions.add(question)
        return circle
