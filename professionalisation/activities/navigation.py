"""The catalogue's header link (for everybody), the participant's page among the account pages,
the published activities on a teaching-learning principle's page of the knowledge base, and for
registration staff what waits for them on the dashboard."""

from django.db.models import F
from django.urls import NoReverseMatch, reverse
from django.utils.formats import date_format
from django.utils.http import urlencode
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from iclon.core.navigation import AttentionItem, DashboardCard, NavItem
from professionalisation.activities.models import Activity, SessionStatus, WaitingStatus
from professionalisation.activities.permissions import is_registration_staff
from professionalisation.activities.selectors import (
    schools_registering_for,
    waiting_in_full_sessions,
    with_next_meeting,
)
from research.knowledge.sections import (
    PrincipleCounts,
    PrincipleSection,
    TaggedItem,
    counts_by_principle,
    tagged_section,
)


def navigation(request) -> list[NavItem]:
    # The prefix marks the catalogue and the activities' pages, not the participant's own pages.
    return [NavItem(_("Professional development"), reverse("activities:list"), "/professionalisation/activities/")]


def account_links(request) -> list[NavItem]:
    """The participant's own page among the account pages (registrations, waiting lists, offers)."""
    if not request.user.is_authenticated:
        return []
    return [NavItem(_("My professional development"), reverse("activities:mine"), "/professionalisation/mine/")]


def dashboard_cards(request) -> list[DashboardCard]:
    """A school contact's (or school leader's) card for each school's professional development:
    its registrations, waiting lists and invitations, and registering its teachers."""
    return [
        DashboardCard(
            title=_("Professional development at %(school)s") % {"school": school.name},
            text=_("See your school's registrations and waiting-list places, and register your teachers."),
            links=[(_("Open the page"), reverse("activities:school", kwargs={"pk": school.pk}))],
            kind="school",
        )
        for school in schools_registering_for(request.user)
    ]


def admin_list(name: str, **filters: str) -> str:
    """The admin's list of `name` ("app_model"), filtered; "" when the admin is not mounted. The
    dashboard's counts of professional development link here (the slices after this one too)."""
    try:
        url = reverse(f"admin:{name}_changelist")
    except NoReverseMatch:
        return ""
    return f"{url}?{urlencode(filters)}" if filters else url


def attention_items(request) -> list[AttentionItem]:
    """Registration staff (the professionalisation coordinators): the people waiting for a place
    in a full session, where adding places or promoting is theirs to decide, linked to the
    waiting list filtered to them (one query)."""
    if not is_registration_staff(request.user):
        return []
    url = admin_list(
        "professionalisation_waitinglistentry",
        status__exact=WaitingStatus.WAITING,
        session__status__exact=SessionStatus.FULL,
    )
    if not url:
        return []
    waiting = waiting_in_full_sessions(request.user).count()
    return [
        AttentionItem(
            label=ngettext(
                "person on the waiting list of a full session", "people on the waiting list of a full session", waiting
            ),
            url=url,
            count=waiting,
            order=60,
        )
    ]


def _item(activity: Activity) -> TaggedItem:
    next_meeting = activity.next_meeting  # type: ignore[attr-defined]
    when = (
        gettext("next meeting %(date)s") % {"date": date_format(next_meeting, "j F Y")}
        if next_meeting
        else gettext("no dates planned yet")
    )
    return TaggedItem(
        title=activity.title,
        url=reverse("activities:detail", args=[activity.slug]),
        meta=f"{activity.get_kind_display()} · {when}",
    )


def principle_sections(request, principle) -> list[PrincipleSection]:
    """The published activities tagged with `principle`, in the catalogue's order: those with a
    coming meeting first, soonest first."""
    rows = with_next_meeting(Activity.objects.published().filter(principles=principle)).order_by(
        F("next_meeting").asc(nulls_last=True), "title_nl", "pk"
    )
    return [
        tagged_section(
            rows,
            key="activities",
            title=gettext("Professional development"),
            item=_item,
            empty_text=gettext("No professional-development activity is tagged with this principle yet."),
            see_all_url=f"{reverse('activities:list')}?{urlencode({'principle': principle.slug})}",
            see_all_label=gettext("All activities with this principle"),
        )
    ]


def principle_counts(request) -> list[PrincipleCounts]:
    published = Activity.principles.through.objects.filter(activity__published=True)
    return [
        PrincipleCounts(
            "activities",
            counts_by_principle(published, "activity_id"),
            lambda n: ngettext("%(count)d activity", "%(count)d activities", n) % {"count": n},
        )
    ]
