"""The catalogue's header link (for everybody), the participant's page among the account pages,
and the published activities on a teaching-learning principle's page of the knowledge base."""

from django.db.models import F
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.http import urlencode
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from iclon.core.navigation import DashboardCard, NavItem
from professionalisation.activities.models import Activity
from professionalisation.activities.selectors import schools_registering_for, with_next_meeting
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
