"""Reads of learning circles and development paths, scoped to the viewer and with what their
callers show loaded, so that a list runs a fixed number of queries whatever its length.

Circles (`circle_list_for_user`, the one place that scopes them):

* staff holding `view_learningcircle` see every circle;
* a person sees the circles they are a current member, facilitator or researcher of;
* a school contact or school leader sees the circles with a current member from their school.

Development paths: the published ones are public (`path_catalogue`, `path_get`). A person's
progress along paths (`paths_progress`) is read from their valid completions (a completion not
withdrawn) and the modules of the teacher education staff recorded for them; a step is done by
any one of its activities or modules. "What to take next" is the first step not done, with its
published activities and their sessions open for registration.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from iclon.accounts.models import User
from partnerships.models import School
from partnerships.selectors import active_memberships
from professionalisation.activities.models import Activity, Meeting, Session, SessionStatus
from professionalisation.circles.models import (
    CircleMeeting,
    CircleMembership,
    CircleProduct,
    DevelopmentPath,
    LearningCircle,
    PathStep,
    PracticeQuestion,
    PriorModule,
)
from professionalisation.circles.permissions import (
    SCHOOL_ROLES,
    Viewer,
    is_active_person,
    is_circle_staff,
    sees_all_circles,
)
from professionalisation.completion.models import Completion

TAKING_REGISTRATIONS = (SessionStatus.OPEN, SessionStatus.FULL)


# --- circles ------------------------------------------------------------------------------------


def speaking_school_ids(user: Viewer) -> set[int]:
    """The schools `user` is school contact or school leader of today."""
    if not is_active_person(user) or not isinstance(user, User):
        return set()
    return set(active_memberships(user=user, roles=SCHOOL_ROLES).values_list("school_id", flat=True))


def circle_list_for_user(user: Viewer) -> QuerySet[LearningCircle]:
    """The circles `user` may see (see the module's docstring), with their region, by name."""
    circles = LearningCircle.objects.select_related("region").order_by("name_nl", "pk")
    if sees_all_circles(user):
        return circles
    if not is_active_person(user):
        return circles.none()
    current = CircleMembership.objects.current().filter(circle=OuterRef("pk"))
    visible = Q(Exists(current.filter(person=user)))
    schools = speaking_school_ids(user)
    if schools:
        visible |= Q(Exists(current.filter(role="member", school_id__in=schools)))
    return circles.filter(visible)


def with_counts(circles: QuerySet[LearningCircle]) -> QuerySet[LearningCircle]:
    """`circles` with the current members of each (and their schools), the coming meetings and the
    teaching-learning principles prefetched: three more queries, whatever the number of circles."""
    today = timezone.localdate()
    return circles.prefetch_related(
        "principles",
        Prefetch(
            "memberships",
            queryset=CircleMembership.objects.current().select_related("person", "school").order_by("role", "pk"),
            to_attr="current_memberships",
        ),
        Prefetch(
            "meetings",
            queryset=CircleMeeting.objects.filter(date__gte=today).order_by("date", "starts_at", "pk"),
            to_attr="coming_meetings",
        ),
    )


def circle_filter(circles: QuerySet[LearningCircle], *, principle: str = "") -> QuerySet[LearningCircle]:
    """`circles` narrowed to those tagged with a teaching-learning principle (its slug), if set."""
    if principle:
        circles = circles.filter(principles__slug=principle)
    return circles


def circle_get_for_user(*, user: Viewer, pk: int) -> LearningCircle:
    """One circle `user` may see, with its current members, meetings (with their products) and
    practice questions; Http404 otherwise."""
    circles = with_counts(circle_list_for_user(user)).prefetch_related(
        Prefetch(
            "meetings",
            queryset=CircleMeeting.objects.prefetch_related(
                Prefetch("products", queryset=CircleProduct.objects.select_related("added_by").order_by("pk"))
            ).order_by("date", "starts_at", "pk"),
            to_attr="all_meetings",
        ),
        Prefetch(
            "questions",
            queryset=PracticeQuestion.objects.select_related("school", "submitted_by").order_by("created_at", "pk"),
            to_attr="all_questions",
        ),
    )
    try:
        return circles.get(pk=pk)
    except LearningCircle.DoesNotExist:
        raise Http404 from None


def question_get_for_user(*, user: Viewer, pk: int) -> PracticeQuestion:
    """A practice question of a circle `user` may see; Http404 otherwise."""
    try:
        return PracticeQuestion.objects.select_related("circle", "school").get(
            pk=pk, circle__in=circle_list_for_user(user)
        )
    except PracticeQuestion.DoesNotExist:
        raise Http404 from None


def meeting_get_for_user(*, user: Viewer, pk: int, circle: LearningCircle) -> CircleMeeting:
    try:
        return CircleMeeting.objects.select_related("circle").get(pk=pk, circle=circle)
    except CircleMeeting.DoesNotExist:
        raise Http404 from None


def submit_schools(*, user: Viewer, circle: LearningCircle) -> list[School]:
    """The schools for which `user` may bring a question into `circle`: the school they take part
    for as a member, and the member schools they are contact or leader of (staff: every member
    school). Uses the prefetched `current_memberships`."""
    memberships = getattr(circle, "current_memberships", None)
    if memberships is None:
        memberships = list(CircleMembership.objects.current().filter(circle=circle).select_related("school"))
    member_schools = {m.school_id: m.school for m in memberships if m.role == "member" and m.school is not None}
    if is_circle_staff(user):
        chosen = set(member_schools)
    elif not is_active_person(user):
        chosen = set()
    else:
        assert user is not None
        own = {m.school_id for m in memberships if m.person_id == user.pk and m.role == "member"}
        chosen = own | (set(member_schools) & speaking_school_ids(user))
    return sorted((member_schools[pk] for pk in chosen), key=lambda school: (school.name, school.pk))


@dataclass(frozen=True)
class SchoolCircles:
    school: School
    circles: list[LearningCircle]


def school_circles(user: Viewer) -> list[SchoolCircles]:
    """For a school contact or leader: each of their schools with the circles it has current
    members in (and those members). A fixed number of queries."""
    ids = speaking_school_ids(user)
    if not ids:
        return []
    schools = list(School.objects.filter(pk__in=ids).order_by("name", "pk"))
    circles = list(
        with_counts(
            LearningCircle.objects.select_related("region")
            .filter(
                Exists(
                    CircleMembership.objects.current().filter(circle=OuterRef("pk"), role="member", school_id__in=ids)
                )
            )
            .order_by("name_nl", "pk")
        )
    )
    result = []
    for school in schools:
        theirs = [
            circle
            for circle in circles
            if any(
                m.school_id == school.pk and m.role == "member"
                for m in circle.current_memberships  # type: ignore[attr-defined]
            )
        ]
        result.append(SchoolCircles(school=school, circles=theirs))
    return result


# --- development paths --------------------------------------------------------------------------


def _steps() -> Prefetch:
    return Prefetch(
        "steps",
        queryset=PathStep.objects.order_by("order", "pk").prefetch_related(
            Prefetch("activities", queryset=Activity.objects.published().order_by("title_nl", "pk")),
            "modules",
        ),
        to_attr="ordered_steps",
    )


def path_catalogue(*, include_unpublished: bool = False) -> QuerySet[DevelopmentPath]:
    """The (published) paths, by name, with their steps in order and each step's published
    activities and modules: four queries whatever their number."""
    paths = DevelopmentPath.objects.all() if include_unpublished else DevelopmentPath.objects.filter(published=True)
    return paths.prefetch_related(_steps()).order_by("name_nl", "pk")


def path_get(*, slug: str, include_unpublished: bool = False) -> DevelopmentPath:
    try:
        return path_catalogue(include_unpublished=include_unpublished).get(slug=slug)
    except DevelopmentPath.DoesNotExist:
        raise Http404 from None


@dataclass(frozen=True)
class NextActivity:
    activity: Activity
    sessions: list[Session]


@dataclass(frozen=True)
class StepProgress:
    step: PathStep
    completion: Completion | None = None
    prior_module: PriorModule | None = None

    @property
    def done(self) -> bool:
        return self.completion is not None or self.prior_module is not None


@dataclass(frozen=True)
class PathProgress:
    path: DevelopmentPath
    steps: list[StepProgress]
    next_step: StepProgress | None = None
    next_activities: list[NextActivity] = field(default_factory=list)

    @property
    def done_count(self) -> int:
        return sum(1 for step in self.steps if step.done)

    @property
    def total(self) -> int:
        return len(self.steps)

    @property
    def finished(self) -> bool:
        return bool(self.steps) and self.next_step is None

    @property
    def percent(self) -> int:
        return round(100 * self.done_count / self.total) if self.total else 0


def _open_sessions(activity_ids: Iterable[int], now: datetime.datetime) -> dict[int, list[Session]]:
    sessions = (
        Session.objects.filter(
            activity_id__in=list(activity_ids),
            activity__published=True,
            status__in=TAKING_REGISTRATIONS,
            registration_deadline__gte=now,
        )
        .prefetch_related(Prefetch("meetings", queryset=Meeting.objects.order_by("date", "starts_at", "pk")))
        .order_by("registration_deadline", "pk")
    )
    found: dict[int, list[Session]] = {}
    for session in sessions:
        found.setdefault(session.activity_id, []).append(session)
    return found


def paths_progress(
    person: Viewer, paths: Iterable[DevelopmentPath], *, now: datetime.datetime | None = None
) -> list[PathProgress]:
    """The person's progress along each path (loaded through `path_catalogue`): per step the valid
    completion or recorded module that does it, the first step not done and its activities with
    their open sessions. Four queries whatever the number of paths and steps (none for an
    anonymous visitor, whose steps are all open)."""
    paths = list(paths)
    now = now or timezone.now()
    completions: dict[int, Completion] = {}
    priors: dict[int, PriorModule] = {}
    if is_active_person(person) and isinstance(person, User):
        valid = (
            Completion.objects.filter(registration__participant=person, withdrawn_at__isnull=True)
            .select_related("registration__session__activity")
            .order_by("completed_at", "pk")
        )
        for completion in valid:
            completions.setdefault(completion.registration.session.activity_id, completion)
        for prior in PriorModule.objects.filter(person=person).select_related("module").order_by("completed_on"):
            priors.setdefault(prior.module_id, prior)
    results = []
    wanted: set[int] = set()
    for path in paths:
        steps = []
        for step in path.ordered_steps:  # type: ignore[attr-defined]
            activities = list(step.activities.all())
            modules = list(step.modules.all())
            done_by = next((completions[a.pk] for a in activities if a.pk in completions), None)
            module_done = None if done_by else next((priors[m.pk] for m in modules if m.pk in priors), None)
            steps.append(StepProgress(step=step, completion=done_by, prior_module=module_done))
        next_step = next((step for step in steps if not step.done), None)
        if next_step is not None:
            wanted.update(activity.pk for activity in next_step.step.activities.all())
        results.append(PathProgress(path=path, steps=steps, next_step=next_step))
    sessions = _open_sessions(wanted, now) if wanted else {}
    for index, progress in enumerate(results):
        if progress.next_step is None:
            continue
        upcoming = [
            NextActivity(activity=activity, sessions=sessions.get(activity.pk, []))
            for activity in progress.next_step.step.activities.all()
        ]
        results[index] = PathProgress(
            path=progress.path, steps=progress.steps, next_step=progress.next_step, next_activities=upcoming
        )
    return results


def path_progress(person: Viewer, path: DevelopmentPath, *, now: datetime.datetime | None = None) -> PathProgress:
    """The person's progress along one path (loaded through `path_catalogue` or `path_get`)."""
    return paths_progress(person, [path], now=now)[0]


def started_paths_progress(person: Viewer) -> list[PathProgress]:
    """The published paths on which `person` has done at least one step, with their progress
    (for the participant's own page)."""
    return [progress for progress in paths_progress(person, path_catalogue()) if progress.done_count]


@dataclass(frozen=True)
class MineOverview:
    paths: list[PathProgress] = field(default_factory=list)
    circles: list[LearningCircle] = field(default_factory=list)


def own_circles(user: Viewer) -> QuerySet[LearningCircle]:
    """The circles `user` is a current member, facilitator or researcher of (whatever else they
    may see), with their people and coming meetings."""
    if not is_active_person(user):
        return LearningCircle.objects.none()
    mine = CircleMembership.objects.current().filter(circle=OuterRef("pk"), person=user)
    return with_counts(LearningCircle.objects.select_related("region").filter(Exists(mine)).order_by("name_nl", "pk"))


def mine_overview(user: Viewer) -> MineOverview:
    """For the participant's own page (template professionalisation/circles/_mine.html): the
    paths they have started, with their progress, and their own circles. A fixed number of
    queries."""
    if not is_active_person(user):
        return MineOverview()
    return MineOverview(paths=started_paths_progress(user), circles=list(own_circles(user)))
