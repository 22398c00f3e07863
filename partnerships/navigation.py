"""The header link and dashboard cards of partnerships: "My school" for partner-school users."""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from iclon.accounts.roles import staff_may
from iclon.core.navigation import DashboardCard, HomeFigure, NavItem
from iclon.core.tenancy import visible_school_ids
from iclon.core.usercache import ALL_USERS
from partnerships.selectors import memberships_of_user, partnership_counts

# What a user's visible schools are made of (partnerships/tenancy.py): a membership retires its
# user's cached links and menu (iclon/core/usercache.py); a school or partnership (its lead school,
# its coordinators) everybody's.
USER_CACHE_SOURCES = [
    ("partnerships.SchoolMembership", "user_id"),
    ("partnerships.School", ALL_USERS),
    ("partnerships.TrainingSchoolPartnership", ALL_USERS),
]


def navigation(request) -> list[NavItem]:
    user = request.user
    if not user.is_authenticated or user.is_staff or not visible_school_ids(user):
        return []
    return [NavItem(gettext_lazy("My school"), reverse("partnerships:school-list"), "/schools/")]


def dashboard_cards(request) -> list[DashboardCard]:
    user = request.user
    cards = []
    for membership in memberships_of_user(user=user):
        school = membership.school
        cards.append(
            DashboardCard(
                title=school.name,
                text=_("You are %(role)s of this school. See your school, your colleagues and your partnership.")
                % {"role": membership.get_role_display().lower()},
                links=[
                    (_("Open the school page"), reverse("partnerships:school-detail", kwargs={"code": school.code}))
                ],
                kind="school",
            )
        )
    if user.is_staff:
        links = []
        for perm, label, url in (
            ("partnerships.view_school", _("Schools"), "admin:partnerships_school_changelist"),
            (
                "partnerships.view_trainingschoolpartnership",
                _("Training-school partnerships"),
                "admin:partnerships_trainingschoolpartnership_changelist",
            ),
            ("partnerships.add_schoolinvitation", _("Invite a school user"), "admin:partnerships_schoolinvitation_add"),
            ("partnerships.add_school", _("Import schools from DUO"), "admin:partnerships_school_import_duo"),
        ):
            if staff_may(user, perm):
                links.append((label, reverse(url)))
        if links:
            cards.append(
                DashboardCard(
                    title=_("Partnerships"),
                    text=_("Schools, boards, regions and the training-school partnerships ICLON works with."),
                    links=links,
                    kind="staff",
                )
            )
    return cards


def home_figures(request) -> list[HomeFigure]:
    """The training-school partnerships and their schools, counted (none kept yet: no figure)."""
    counts = partnership_counts()
    if not counts["partnerships"]:
        return []
    label = ngettext(
        "training-school partnerships, with %(schools)d school",
        "training-school partnerships, with %(schools)d schools",
        counts["schools"],
    ) % {"schools": counts["schools"]}
    return [HomeFigure("partnerships", counts["partnerships"], label)]
