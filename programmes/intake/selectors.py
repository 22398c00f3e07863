"""Who sees which application, document and information request: the one place the rule is written.

Built on the portal's tenancy rule (partnerships.tenancy.visible_rows): an applicant sees their
own applications and what belongs to them; staff who hold the model's view permission (intake
officers, programme coordinators, administrators) see all; everybody else, schools included, sees
none. Pages, the API and the document download all read through these functions, so a foreign id
is a 404 everywhere.
"""

import datetime

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404, HttpRequest
from django.utils import timezone

from iclon.accounts.models import User
from iclon.accounts.roles import staff_may
from partnerships.tenancy import visible_rows
from programmes.intake.models import (
    Application,
    ApplicationDocument,
    ApplicationStatus,
    ApplicationTransition,
    InformationRequest,
)

VIEW = "programmes.view_application"

#: Applications that wait for intake's decision (the dashboard's "waiting for a decision").
AWAITING_DECISION = (ApplicationStatus.SUBMITTED, ApplicationStatus.IN_REVIEW, ApplicationStatus.APTITUDE_ASSESSMENT)
#: A request for information is overdue when the applicant has not answered it in this many days.
REQUEST_OVERDUE_DAYS = 14

Viewer = User | AnonymousUser | None


def sees_all_applications(user: Viewer) -> bool:
    return staff_may(user, VIEW)


def _own(user: Viewer, path: str) -> Q | None:
    return Q(**{path: user}) if user is not None and user.is_authenticated else None


def application_list_for_user(*, user: Viewer, plain: bool = False) -> QuerySet[Application]:
    """The applications `user` may see, with what a list shows already loaded (`plain=True`: the
    rows alone, for aggregates such as the intake dashboard's)."""
    applications = visible_rows(Application.objects.all(), user=user, perm=VIEW, own=_own(user, "applicant"))
    if plain:
        return applications
    queryset = applications.select_related(
        "pathway", "pathway__qualification", "subject", "start_moment", "applicant", "assigned_to"
    ).annotate(
        # A correlated subquery, not Count(): an aggregate would GROUP BY every column of the whole
        # table before a page can be cut (13 s at 100,000 applications; this is 30 ms).
        open_requests=Coalesce(
            Subquery(
                InformationRequest.objects.filter(application=OuterRef("pk"), answered_at__isnull=True)
                .order_by()
                .values("application")
                .annotate(n=Count("pk"))
                .values("n")[:1]
            ),
            0,
        )
    )
    return queryset.order_by("-created_at")


def document_list_for_user(*, user: Viewer) -> QuerySet[ApplicationDocument]:
    """The documents `user` may see: staff with the view permission all, the applicant their own."""
    return visible_rows(
        ApplicationDocument.objects.all(),
        user=user,
        perm="programmes.view_applicationdocument",
        own=_own(user, "application__applicant"),
    )


def information_request_list_for_user(*, user: Viewer) -> QuerySet[InformationRequest]:
    """The information requests `user` may see: staff with the view permission all, the applicant
    those about their own applications."""
    return visible_rows(
        InformationRequest.objects.all(),
        user=user,
        perm="programmes.view_informationrequest",
        own=_own(user, "application__applicant"),
    )


def application_get_for_user(*, user: Viewer, pk: int | str) -> Application:
    """One application with its timeline, documents, degrees and requests; 404 outside the rule."""
    queryset = application_list_for_user(user=user).prefetch_related(
        "degrees__field",
        Prefetch("documents", queryset=document_list_for_user(user=user).order_by("kind", "created_at")),
        Prefetch("transitions", queryset=ApplicationTransition.objects.select_related("actor")),
        Prefetch("information_requests", queryset=information_request_list_for_user(user=user).order_by("created_at")),
        "conditions__deficiency_course",
        "exemptions__module",
        "pathway__subjects",
    )
    try:
        return queryset.get(pk=pk)
    except (Application.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def document_get_for_user(*, user: Viewer, application_pk: int | str, pk: int | str) -> ApplicationDocument:
    """A document of an application `user` may see; 404 otherwise."""
    applications = application_list_for_user(user=user).filter(pk=application_pk)
    try:
        return document_list_for_user(user=user).select_related("application").get(pk=pk, application__in=applications)
    except (ApplicationDocument.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def own_applications(request: HttpRequest) -> list[Application]:
    """The signed-in user's latest applications (at most 4), read once per request for the header
    links and the dashboard cards of intake and placements."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return []
    # `_own_applications` is this function's per-request cache, not an attribute HttpRequest declares.
    if not hasattr(request, "_own_applications"):
        request._own_applications = list(application_list_for_user(user=user).filter(applicant=user)[:4])  # type: ignore[attr-defined]
    return request._own_applications  # type: ignore[attr-defined]


def has_overdue_request(now: datetime.datetime | None = None) -> Exists:
    """An application with a request for information unanswered for more than REQUEST_OVERDUE_DAYS
    (for a filter: the dashboard's count and the admin changelist's "overdue" choice)."""
    cutoff = (now or timezone.now()) - datetime.timedelta(days=REQUEST_OVERDUE_DAYS)
    return Exists(
        InformationRequest.objects.filter(application=OuterRef("pk"), answered_at__isnull=True, created_at__lt=cutoff)
    )


def intake_attention_counts(*, user: Viewer) -> dict[str, int]:
    """What waits for intake staff, among the applications `user` sees, in one query: the
    applications waiting for a decision and those with an overdue request for information."""
    return application_list_for_user(user=user, plain=True).aggregate(
        awaiting_decision=Count("pk", filter=Q(status__in=AWAITING_DECISION)),
        overdue_requests=Count("pk", filter=Q(has_overdue_request())),
    )


def own_draft_documents(applications: list[Application]) -> dict[int, set[str]]:
    """{application id: kinds of documents uploaded} for the drafts among `applications` (the
    applicant's own, from `own_applications`): one query, none without a draft."""
    drafts = [application.pk for application in applications if application.status == ApplicationStatus.DRAFT]
    present: dict[int, set[str]] = {pk: set() for pk in drafts}
    if drafts:
        for application_id, kind in ApplicationDocument.objects.filter(application_id__in=drafts).values_list(
            "application_id", "kind"
        ):
            present[application_id].add(kind)
    return present
