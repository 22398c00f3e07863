"""The intake dashboard's numbers: counts by status, subject, pathway and start, the deadlines
ahead, and the funnel, all aggregated in the database.

`intake_dashboard` runs a fixed number of queries (one per block below) whatever the number of
applications; the admin view (programmes/intake/admin/) renders the result, with the charts as
inline SVG drawn from the `Chart` rows computed here.
"""

from __future__ import annotations

import dataclasses
import datetime

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from programmes.catalogue.models import StartMoment, deadline_today
from programmes.intake.models import Application, ApplicationStatus, ApplicationTransition
from programmes.intake.selectors import AWAITING_DECISION, application_list_for_user

S = ApplicationStatus

DEADLINE_WINDOW_DAYS = 60

# The stages an application passes on its way to enrolment, for the funnel. "Reached" counts
# also those that went further, and those withdrawn after reaching the stage.
DECIDED = (S.ADMITTED, S.ADMITTED_WITH_CONDITIONS, S.REJECTED)
ADMITTED = (S.ADMITTED, S.ADMITTED_WITH_CONDITIONS, S.ENROLLED)
REVIEWED = (S.IN_REVIEW, S.APTITUDE_ASSESSMENT, *DECIDED, S.ENROLLED)


@dataclasses.dataclass
class Bar:
    label: str
    value: int
    percent: float = 0.0  # of the chart's largest value, for the bar's width
    note: str = ""
    y: int = 0  # where the chart draws this row (label baseline; the bar sits below it)


@dataclasses.dataclass
class Chart:
    """Horizontal bars with their labels and values as text (drawn by _bar_chart.html)."""

    title: str
    bars: list[Bar]
    row_height: int = 38
    bar_height: int = 14

    def __post_init__(self):
        largest = max((bar.value for bar in self.bars), default=0)
        for index, bar in enumerate(self.bars):
            bar.percent = round(100 * bar.value / largest, 1) if largest else 0.0
            # A bar of a non-zero value stays visible, however small.
            if bar.value and bar.percent < 0.5:
                bar.percent = 0.5
            bar.y = index * self.row_height + 16

    @property
    def height(self) -> int:
        return len(self.bars) * self.row_height + 4

    @property
    def summary(self) -> str:
        return "; ".join(f"{bar.label}: {bar.value}" + (f" ({bar.note})" if bar.note else "") for bar in self.bars)


def _name(row: dict, prefix: str) -> str:
    """The active language's name of a grouped row (`<prefix>__name_nl` / `__name_en`)."""
    language = (translation.get_language() or "nl")[:2]
    return row.get(f"{prefix}__name_{language}") or row.get(f"{prefix}__name_nl") or ""


def _percent(part: int, whole: int) -> str:
    return f"{round(100 * part / whole)}%" if whole else "–"


def start_rounds() -> list[datetime.date]:
    """The start dates ('rounds') that exist, newest first, for the filter."""
    return list(StartMoment.objects.order_by("-starts_on").values_list("starts_on", flat=True).distinct())


def start_moments_with_applications() -> QuerySet[StartMoment]:
    """The start moments anybody applied for, for the filter (the FK index answers the Exists)."""
    return (
        StartMoment.objects.filter(Exists(Application.objects.filter(start_moment=OuterRef("pk"))))
        .select_related("pathway")
        .order_by("-starts_on", "pathway__name_nl")
    )


def intake_dashboard(
    *,
    user,
    start_moment: StartMoment | None = None,
    starts_on: datetime.date | None = None,
    today: datetime.date | None = None,
) -> dict:
    """Everything the dashboard shows, over the applications `user` sees (intake staff: all), or
    those of one start moment or one start date (round). Six queries."""
    visible = application_list_for_user(user=user, plain=True).order_by()
    applications = visible
    if start_moment is not None:
        applications = applications.filter(start_moment=start_moment)
    if starts_on is not None:
        applications = applications.filter(start_moment__starts_on=starts_on)

    # 1. By status.
    by_status = dict(applications.values_list("status").annotate(n=Count("pk")).order_by())
    status_rows = [(label, by_status.get(value, 0), value) for value, label in S.choices]
    total = sum(by_status.values())

    # 2. The funnel, in one aggregate.
    reached_review = Q(status__in=REVIEWED) | Q(
        Exists(ApplicationTransition.objects.filter(application=OuterRef("pk"), to_status=S.IN_REVIEW))
    )
    funnel_counts = applications.aggregate(
        started=Count("pk"),
        submitted=Count("pk", filter=Q(submitted_at__isnull=False)),
        reviewed=Count("pk", filter=reached_review),
        decided=Count("pk", filter=Q(decided_at__isnull=False)),
        admitted=Count("pk", filter=Q(status__in=ADMITTED)),
        enrolled=Count("pk", filter=Q(status=S.ENROLLED)),
    )
    stages = [
        ("started", _("Draft (started)")),
        ("submitted", _("Submitted")),
        ("reviewed", _("In review")),
        ("decided", _("Decided")),
        ("enrolled", _("Enrolled")),
    ]
    funnel_bars = []
    previous = None
    for key, label in stages:
        value = funnel_counts[key]
        note = "" if previous is None else _("%(percent)s of the stage before") % {"percent": _percent(value, previous)}
        funnel_bars.append(Bar(str(label), value, note=str(note)))
        previous = value
    funnel = Chart(str(_("From draft to enrolment")), funnel_bars)

    # 3. By subject: submitted applications (drafts apart) and how many were admitted.
    subject_rows = list(
        applications.values("subject_id", "subject__name_nl", "subject__name_en")
        .annotate(
            total=Count("pk"),
            drafts=Count("pk", filter=Q(status=S.DRAFT)),
            admitted=Count("pk", filter=Q(status__in=ADMITTED)),
        )
        .order_by("subject__order", "subject__name_nl")
    )
    by_subject = []
    for row in subject_rows:
        name = _name(row, "subject") if row["subject_id"] else str(_("No subject (primary education)"))
        by_subject.append(
            {
                "name": name,
                "total": row["total"],
                "drafts": row["drafts"],
                "submitted": row["total"] - row["drafts"],
                "admitted": row["admitted"],
            }
        )
    subject_chart = Chart(
        str(_("Applications per subject (submitted)")),
        [
            Bar(row["name"], row["submitted"], note=str(_("%(n)s admitted") % {"n": row["admitted"]}))
            for row in sorted(by_subject, key=lambda r: -r["submitted"])
        ],
    )

    # 4. By pathway.
    by_pathway = [
        {"name": _name(row, "pathway"), "total": row["total"], "open": row["open"]}
        for row in applications.values("pathway_id", "pathway__name_nl", "pathway__name_en")
        .annotate(
            total=Count("pk"),
            open=Count("pk", filter=Q(status__in=AWAITING_DECISION)),
        )
        .order_by("-total", "pathway__name_nl")
    ]

    # 5. By start date (round).
    by_start = list(
        applications.values("start_moment__starts_on")
        .annotate(
            total=Count("pk"),
            submitted=Count("pk", filter=Q(submitted_at__isnull=False)),
            admitted=Count("pk", filter=Q(status__in=ADMITTED)),
        )
        .order_by("-start_moment__starts_on")
    )

    # 6. Deadlines in the coming weeks (all start moments, whatever the filter).
    today = today or deadline_today()

    def counted(condition: Q):
        rows = visible.filter(condition, start_moment=OuterRef("pk")).values("start_moment")
        return Coalesce(Subquery(rows.annotate(n=Count("pk")).values("n")[:1]), 0)

    deadlines = list(
        StartMoment.objects.filter(
            application_deadline__gte=today,
            application_deadline__lte=today + datetime.timedelta(days=DEADLINE_WINDOW_DAYS),
        )
        .select_related("pathway")
        .annotate(drafts=counted(Q(status=S.DRAFT)), submitted=counted(Q(submitted_at__isnull=False)))
        .order_by("application_deadline", "pathway__name_nl")
    )
    for moment in deadlines:
        moment.days_left = (moment.application_deadline - today).days

    return {
        "total": total,
        "by_status": status_rows,
        "funnel": funnel,
        "funnel_counts": funnel_counts,
        "by_subject": by_subject,
        "subject_chart": subject_chart,
        "by_pathway": by_pathway,
        "by_start": by_start,
        "deadlines": deadlines,
        "deadline_window": DEADLINE_WINDOW_DAYS,
        "today": today,
    }
