"""What the dashboard shows partner-school users and staff about partnerships."""

from django.urls import reverse
from django.utils.translation import gettext as _

from iclon.core.navigation import DashboardCard
from partnerships.selectors import memberships_of_user


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
            if user.has_perm(perm):
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
