"""Intake's header link and dashboard cards: "My applications" for applicants and the intake card
for staff who see all applications. ("Your data", once intake's, is the account's own page now:
iclon.accounts, built on the registry of personal data; intake's applications-only download at
/applications/my-data/ keeps working.)"""

from django.urls import NoReverseMatch, reverse
from django.utils.formats import date_format
from django.utils.http import urlencode
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from iclon.core.navigation import AttentionItem, DashboardCard, NavItem
from programmes.intake.models import ApplicationStatus, DocumentKind
from programmes.intake.selectors import (
    AWAITING_DECISION,
    REQUEST_OVERDUE_DAYS,
    intake_attention_counts,
    own_applications,
    own_draft_documents,
    sees_all_applications,
)
from programmes.intake.services.applications import required_document_kinds

# The header's "My applications" and "My placement" follow the applicant's applications: a change
# of one retires the applicant's cached links (iclon/core/usercache.py).
USER_CACHE_SOURCES = [("programmes.Application", "applicant_id")]


def _admin_url(name: str) -> str | None:
    try:
        return reverse(name)
    except NoReverseMatch:  # the admin is not mounted (a configuration without it)
        return None


def navigation(request) -> list[NavItem]:
    items = []
    if own_applications(request):
        items.append(NavItem(_("My applications"), reverse("intake:application-list"), "/applications/"))
    if sees_all_applications(request.user):
        dashboard = _admin_url("admin:programmes_application_dashboard")
        if dashboard:
            items.append(NavItem(_("Intake"), dashboard, "/admin/programmes/application/", tool=True))
    return items


def applications_changelist(**filters: str) -> str:
    """The admin's applications list, filtered (the dashboard's counts link here)."""
    url = reverse("admin:programmes_application_changelist")
    return f"{url}?{urlencode(filters)}" if filters else url


def attention_items(request) -> list[AttentionItem]:
    """Intake staff: the applications waiting for a decision and those with an overdue request
    for information (one query). An applicant: their next steps, from the applications the
    request has loaded already (an open question from ICLON, a draft to finish before its
    deadline, the documents a draft still lacks: one query, only when there is a draft)."""
    items = _next_steps(own_applications(request))
    if sees_all_applications(request.user) and _admin_url("admin:programmes_application_changelist"):
        counts = intake_attention_counts(user=request.user)
        waiting, overdue = counts["awaiting_decision"], counts["overdue_requests"]
        items += [
            AttentionItem(
                label=ngettext("application waiting for a decision", "applications waiting for a decision", waiting),
                url=applications_changelist(status__in=",".join(AWAITING_DECISION)),
                count=waiting,
                order=10,
            ),
            AttentionItem(
                label=ngettext(
                    "application with a request for information unanswered for more than %(days)d days",
                    "applications with a request for information unanswered for more than %(days)d days",
                    overdue,
                )
                % {"days": REQUEST_OVERDUE_DAYS},
                url=applications_changelist(open_requests="overdue"),
                count=overdue,
                order=11,
            ),
        ]
    return items


def _next_steps(applications) -> list[AttentionItem]:
    steps = []
    documents = own_draft_documents(applications)
    labels = dict(DocumentKind.choices)
    for application in applications:
        detail = reverse("intake:application-detail", kwargs={"pk": application.pk})
        route = application.pathway.name
        if getattr(application, "open_requests", 0):
            steps.append(
                AttentionItem(
                    label=ngettext(
                        "ICLON asked you a question about your application for %(route)s: answer it.",
                        "ICLON asked you %(count)d questions about your application for %(route)s: answer them.",
                        application.open_requests,
                    )
                    % {"route": route, "count": application.open_requests},
                    url=detail,
                    order=1,
                )
            )
        if application.status != ApplicationStatus.DRAFT:
            continue
        start = application.start_moment
        if not start.is_open_on():
            continue  # past its deadline: nothing left to finish (the card lists the draft)
        deadline = start.application_deadline
        steps.append(
            AttentionItem(
                label=gettext("Finish your application for %(route)s and submit it.") % {"route": route},
                url=detail,
                order=2,
                note=gettext("Deadline: %(date)s") % {"date": date_format(deadline, "j F Y")} if deadline else "",
            )
        )
        present = documents.get(application.pk, set())
        missing = [str(labels[kind]) for kind in required_document_kinds(application) if kind not in present]
        if missing:
            steps.append(
                AttentionItem(
                    label=ngettext(
                        "Upload the document your application for %(route)s still needs.",
                        "Upload the %(count)d documents your application for %(route)s still needs.",
                        len(missing),
                    )
                    % {"route": route, "count": len(missing)},
                    url=reverse("intake:application-step", kwargs={"pk": application.pk, "step": "documents"}),
                    order=3,
                    note=", ".join(missing),
                )
            )
    return steps


def dashboard_cards(request) -> list[DashboardCard]:
    cards = []
    applications = own_applications(request)
    if applications:
        links = [
            (
                gettext("%(route)s (%(status)s)")
                % {"route": application.pathway.name, "status": application.get_status_display().lower()},
                reverse("intake:application-detail", kwargs={"pk": application.pk}),
            )
            for application in applications[:3]
        ]
        links.append((gettext("All my applications"), reverse("intake:application-list")))
        cards.append(
            DashboardCard(
                title=gettext("My applications"),
                text=gettext(
                    "Follow your applications, answer ICLON's questions and finish a draft before the deadline."
                ),
                links=links,
            )
        )
    if sees_all_applications(request.user):
        changelist = _admin_url("admin:programmes_application_changelist")
        if changelist:
            links = [(gettext("Applications"), changelist)]
            dashboard = _admin_url("admin:programmes_application_dashboard")
            if dashboard:
                links.insert(0, (gettext("Intake dashboard"), dashboard))
            links.append((gettext("Assigned to me"), applications_changelist(assigned="me")))
            cards.append(
                DashboardCard(
                    title=gettext("Intake"),
                    text=gettext("Applications for the routes into teaching: review, assess and decide."),
                    links=links,
                    kind="staff",
                )
            )
    return cards
