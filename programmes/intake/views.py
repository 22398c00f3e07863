"""The applicant's pages: start an application, the steps of the draft, the review and submit,
"My applications", one application (timeline, requests for information, decision, withdraw) and
the document download.

Every page loads the application through programmes.intake.selectors (a foreign id is a 404),
and every change goes through programmes.intake.services.applications; a PortalError becomes a form error or
a message. Staff who may view applications see these pages read-only (they work in the admin).
"""

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext
from django.views.decorators.http import require_POST

from iclon.core.errors import Conflict, PortalError
from iclon.core.forms import add_portal_error
from iclon.core.personalpages import personal_page
from programmes.catalogue.models import Pathway, SchoolSubject, StartMoment, deadline_today
from programmes.intake import forms, selectors
from programmes.intake.models import DECIDED_STATUSES, OPEN_STATUSES, ApplicationStatus, DocumentKind
from programmes.intake.responses import document_response
from programmes.intake.services import applications as services

S = ApplicationStatus
LIST_PAGE_SIZE = 50

# The badge of each status (design-system modifiers).
STATUS_BADGES = {
    S.DRAFT: "badge--neutral",
    S.SUBMITTED: "badge--info",
    S.IN_REVIEW: "badge--info",
    S.APTITUDE_ASSESSMENT: "badge--info",
    S.ADMITTED: "badge--success",
    S.ADMITTED_WITH_CONDITIONS: "badge--success",
    S.ENROLLED: "badge--success",
    S.REJECTED: "badge--danger",
    S.WITHDRAWN: "badge--neutral",
}


def _with_badge(application):
    application.badge = STATUS_BADGES.get(application.status, "")
    return application


def _is_owner(user, application) -> bool:
    return services.is_applicant(user, application)


# --- starting an application ------------------------------------------------------------------


def _start_pathway(slug: str) -> Pathway:
    starts = StartMoment.objects.filter(starts_on__gte=deadline_today()).order_by("starts_on")
    pathway = (
        Pathway.objects.published()
        .select_related("qualification", "programme")
        .prefetch_related(
            Prefetch("subjects", queryset=SchoolSubject.objects.order_by("order", "name_nl")),
            Prefetch("start_moments", queryset=starts, to_attr="upcoming_starts"),
        )
        .filter(slug=slug)
        .first()
    )
    if pathway is None:
        raise Http404
    return pathway


def _existing_application(user, pathway, start_moment):
    return (
        selectors.application_list_for_user(user=user)
        .filter(applicant=user, pathway=pathway, start_moment=start_moment, status__in=OPEN_STATUSES)
        .first()
    )


def _to_existing(request, application):
    messages.info(
        request,
        _("You already have an application for this route and start (%(reference)s); here it is.")
        % {"reference": application.reference},
    )
    return redirect("intake:application-detail", pk=application.pk)


def application_start(request, slug):
    """Start an application for a route: the start moment and subject come from the link (the
    pathway page or the route finder); the page asks for what is missing."""
    pathway = _start_pathway(slug)
    today = deadline_today()
    open_starts = [start for start in pathway.upcoming_starts if start.is_open_on(today)]
    subjects = list(pathway.subjects.all())
    start_id = request.GET.get("start", "")
    chosen_start = next((start for start in open_starts if str(start.pk) == start_id), None)
    chosen_subject = next((subject for subject in subjects if subject.slug == request.GET.get("subject")), None)
    start_closed = bool(start_id) and chosen_start is None

    user = request.user
    if not user.is_authenticated:
        if request.method == "POST":
            return redirect_to_login(request.get_full_path())
        return render(
            request,
            "programmes/intake/start.html",
            {
                "pathway": pathway,
                "open_starts": open_starts,
                "chosen_start": chosen_start,
                "chosen_subject": chosen_subject,
                "start_closed": start_closed,
                "next_url": request.get_full_path(),
            },
        )

    if request.method == "GET" and chosen_start is not None:
        existing = _existing_application(user, pathway, chosen_start)
        if existing is not None:
            return _to_existing(request, existing)

    initial = {"start_moment": chosen_start.pk if chosen_start else None}
    if chosen_subject is not None:
        initial["subject"] = chosen_subject.slug
    if len(open_starts) == 1:
        initial["start_moment"] = open_starts[0].pk
    form = forms.ApplicationStartForm(
        request.POST if request.method == "POST" else None,
        initial=initial,
        open_starts=open_starts,
        subjects=subjects,
    )
    if request.method == "POST" and form.is_valid():
        start_moment = form.cleaned_data["start_moment"]
        subject = form.cleaned_data.get("subject") or (subjects[0] if len(subjects) == 1 else None)
        try:
            application = services.application_start(
                applicant=user, pathway=pathway, start_moment=start_moment, subject=subject
            )
        except Conflict:
            existing = _existing_application(user, pathway, start_moment)
            if existing is None:
                raise
            return _to_existing(request, existing)
        except PortalError as error:
            add_portal_error(form, error)
        else:
            messages.success(
                request,
                _(
                    "Your application %(reference)s has started. Every step is saved as a draft; "
                    "you can come back any time before the deadline."
                )
                % {"reference": application.reference},
            )
            return redirect("intake:application-step", pk=application.pk, step=STEPS[0].name)
    return render(
        request,
        "programmes/intake/start.html",
        {
            "pathway": pathway,
            "form": form,
            "open_starts": open_starts,
            "subjects": subjects,
            "chosen_start": chosen_start,
            "chosen_subject": chosen_subject,
            "start_closed": start_closed,
        },
    )


# --- the steps of the draft -------------------------------------------------------------------


@dataclass(frozen=True)
class Step:
    name: str
    title: str | Promise


STEPS = [
    Step("personal", gettext_lazy("Personal details")),
    Step("education", gettext_lazy("Prior education")),
    Step("employment", gettext_lazy("Employment")),
    Step("language", gettext_lazy("Language")),
    Step("motivation", gettext_lazy("Motivation")),
    Step("documents", gettext_lazy("Documents")),
    Step("review", gettext_lazy("Review and submit")),
]
STEP_NAMES = [step.name for step in STEPS]
FORM_STEPS = {
    "personal": forms.PersonalDetailsForm,
    "employment": forms.EmploymentForm,
    "language": forms.LanguageForm,
    "motivation": forms.MotivationForm,
}


def _step_complete(application, name: str) -> bool:
    """Whether a step holds what submitting needs (for the progress indicator's ticks)."""
    pathway = application.pathway
    if name == "personal":
        return bool(
            application.first_name
            and application.last_name
            and application.date_of_birth
            and application.postcode
            and application.city
        )
    if name == "education":
        return bool(application.degrees.all())
    if name == "employment":
        if pathway.requires_teaching_job:
            return application.employed_as_teacher and bool(
                application.employing_school_id or application.employer_name
            )
        return True
    if name == "language":
        dutch = bool(application.dutch_proficiency) or not pathway.dutch_proficiency_required
        return dutch and (bool(application.english_proficiency_notes) or not pathway.requires_english)
    if name == "motivation":
        return len(application.motivation.strip()) >= forms.MOTIVATION_MIN
    if name == "documents":
        present = {document.kind for document in application.documents.all()}
        return all(kind in present for kind in services.required_document_kinds(application))
    return application.status != S.DRAFT


def _progress(application, current: str | None) -> list[dict]:
    return [
        {
            "number": number,
            "name": step.name,
            "title": step.title,
            "complete": _step_complete(application, step.name),
            "current": step.name == current,
        }
        for number, step in enumerate(STEPS, start=1)
    ]


def _neighbours(name: str) -> tuple[str | None, str | None]:
    index = STEP_NAMES.index(name)
    previous = STEP_NAMES[index - 1] if index > 0 else None
    following = STEP_NAMES[index + 1] if index + 1 < len(STEP_NAMES) else None
    return previous, following


def _required_documents(application) -> list[dict]:
    labels = dict(DocumentKind.choices)
    present = {document.kind for document in application.documents.all()}
    return [
        {"kind": kind, "label": labels[kind], "present": kind in present}
        for kind in services.required_document_kinds(application)
    ]


@login_required
def application_step(request, pk, step):
    application = _with_badge(selectors.application_get_for_user(user=request.user, pk=pk))
    if step not in STEP_NAMES:
        raise Http404
    owner = _is_owner(request.user, application)
    editable = owner and application.status == S.DRAFT
    if request.method == "POST":
        if not owner:
            raise PermissionDenied
        if not editable:
            messages.error(request, _("A submitted application can no longer be changed."))
            return redirect("intake:application-detail", pk=application.pk)

    previous, following = _neighbours(step)
    context = {
        "application": application,
        "step": step,
        "step_title": STEPS[STEP_NAMES.index(step)].title,
        "step_number": STEP_NAMES.index(step) + 1,
        "step_count": len(STEPS),
        "progress": _progress(application, step),
        "previous_step": previous,
        "next_step": following,
        "editable": editable,
        "owner": owner,
    }
    handler = {"education": _education_step, "documents": _documents_step, "review": _review_step}.get(step, _form_step)
    response = handler(request, application, step, context)
    if response is not None:
        return response
    return render(request, "programmes/intake/step.html", context)


def _after_save(request, application, step, context):
    target = context["previous_step"] if request.POST.get("go") == "back" else context["next_step"]
    return redirect("intake:application-step", pk=application.pk, step=target or step)


def _form_step(request, application, step, context):
    form_class = FORM_STEPS[step]
    if not context["editable"]:
        return None
    if request.method == "POST" and step == "employment" and request.POST.get("action") == "search":
        # The school search (without JavaScript): show the matches, keep what was typed, save nothing.
        form = form_class(
            initial=request.POST.dict(), application=application, school_query=request.POST.get("school_query", "")
        )
        form.searched = True
    elif request.method == "POST":
        form = form_class(request.POST, application=application)
        if form.is_valid():
            try:
                services.application_update(application=application, actor=request.user, **form.draft_fields())
            except PortalError as error:
                add_portal_error(form, error)
            else:
                return _after_save(request, application, step, context)
    else:
        form = form_class(application=application)
    context["form"] = form
    return None


def _education_step(request, application, step, context):
    degree_fields = forms.degree_field_choices() if context["editable"] else []
    form = forms.DegreeForm(degree_fields=degree_fields)
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "add":
            form = forms.DegreeForm(request.POST, degree_fields=degree_fields)
            if form.is_valid():
                try:
                    services.degree_add(application=application, actor=request.user, **form.degree_fields_for_service())
                except PortalError as error:
                    add_portal_error(form, error)
                else:
                    messages.success(request, _("The degree has been added."))
                    return redirect("intake:application-step", pk=application.pk, step=step)
        elif action == "remove":
            degree = next((d for d in application.degrees.all() if str(d.pk) == request.POST.get("degree")), None)
            if degree is None:
                raise Http404
            try:
                services.degree_remove(degree=degree, actor=request.user)
            except PortalError as error:
                messages.error(request, str(error.message))
            else:
                messages.success(request, _("The degree has been removed."))
            return redirect("intake:application-step", pk=application.pk, step=step)
        else:
            return _after_save(request, application, step, context)
    context.update(degree_form=form, degrees=application.degrees.all())
    return None


def _upload(request, application, form) -> bool:
    """Store the uploaded document through the service; False (with the error on the form) if refused."""
    if not form.is_valid():
        return False
    try:
        document = services.document_add(
            application=application,
            kind=form.cleaned_data["kind"],
            upload=form.cleaned_data["file"],
            actor=request.user,
        )
    except PortalError as error:
        add_portal_error(form, error)
        return False
    messages.success(
        request,
        _("%(kind)s uploaded: %(name)s.") % {"kind": document.get_kind_display(), "name": document.original_name},
    )
    return True


def _documents_step(request, application, step, context):
    from django.conf import settings

    max_bytes = settings.APPLICATION_DOCUMENT_MAX_BYTES
    form = forms.DocumentForm(max_bytes=max_bytes)
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "upload":
            form = forms.DocumentForm(request.POST, request.FILES, max_bytes=max_bytes)
            if _upload(request, application, form):
                return redirect("intake:application-step", pk=application.pk, step=step)
        elif action == "remove":
            document = next((d for d in application.documents.all() if str(d.pk) == request.POST.get("document")), None)
            if document is None:
                raise Http404
            try:
                services.document_remove(document=document, actor=request.user)
            except PortalError as error:
                messages.error(request, str(error.message))
            else:
                messages.success(request, _("The document has been removed."))
            return redirect("intake:application-step", pk=application.pk, step=step)
        else:
            return _after_save(request, application, step, context)
    context.update(
        document_form=form,
        documents=application.documents.all(),
        required_documents=_required_documents(application),
    )
    return None


def _review_step(request, application, step, context):
    if request.method == "POST":
        try:
            services.application_submit(application=application, actor=request.user)
        except PortalError as error:
            messages.error(request, str(error.message))
            return redirect("intake:application-step", pk=application.pk, step=step)
        messages.success(
            request,
            _("Thank you: your application %(reference)s has been submitted. You can follow it on this page.")
            % {"reference": application.reference},
        )
        return redirect("intake:application-detail", pk=application.pk)
    context.update(
        missing=services.application_missing(application) if application.status == S.DRAFT else [],
        deadline_open=application.start_moment.is_open_on(deadline_today()),
        required_documents=_required_documents(application),
    )
    return None


# --- My applications and one application ------------------------------------------------------


@personal_page
@login_required
def application_list(request):
    """The signed-in user's own applications (staff handle everybody's in the admin)."""
    applications = selectors.application_list_for_user(user=request.user).filter(applicant=request.user)
    page = _first_page_without_count(applications, request.GET.get("page")) or Paginator(
        applications, LIST_PAGE_SIZE
    ).get_page(request.GET.get("page"))
    today = deadline_today()
    for application in page.object_list:
        _with_badge(application)
        application.deadline_open = application.start_moment.is_open_on(today)
    return render(
        request,
        "programmes/intake/application_list.html",
        {"page": page, "applications": page.object_list, "admin_url": _admin_changelist_url(request.user)},
    )


def _first_page_without_count(applications, number):
    """The first page when it is the only one (nearly every applicant: a few applications), read
    with one query instead of a COUNT and a SELECT; None when there is more (the Paginator counts)."""
    if number not in (None, "", "1"):
        return None
    rows = list(applications[: LIST_PAGE_SIZE + 1])
    if len(rows) > LIST_PAGE_SIZE:
        return None
    return Paginator(rows, LIST_PAGE_SIZE).get_page(1)


def _admin_changelist_url(user) -> str | None:
    if not selectors.sees_all_applications(user):
        return None
    try:
        return reverse("admin:programmes_application_changelist")
    except NoReverseMatch:
        return None


def _url_or_none(name: str, *args) -> str | None:
    # Some pages (the decision letter, the admin) are built by others and may not exist yet.
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return None


def _actor_label(transition, application, viewer_is_owner: bool) -> str:
    if transition.actor_id is not None and transition.actor_id == application.applicant_id:
        # "door jou" (by you): the object form, not the "jij" of "you" elsewhere.
        return pgettext("by whom", "you") if viewer_is_owner else _("the applicant")
    if transition.to_status in DECIDED_STATUSES:
        return _("ICLON's admission committee")
    return _("ICLON intake")


def _timeline(application, viewer_is_owner: bool) -> list[dict]:
    entries = [{"title": _("Application started"), "at": application.created_at, "by": None, "reason": ""}]
    visible_reasons = (*DECIDED_STATUSES, S.WITHDRAWN)
    for transition in application.transitions.all():
        show_reason = not viewer_is_owner or transition.to_status in visible_reasons
        entries.append(
            {
                "title": S(transition.to_status).label,
                "status": transition.to_status,
                "at": transition.created_at,
                "by": _actor_label(transition, application, viewer_is_owner),
                "reason": transition.reason if show_reason else "",
            }
        )
    return entries


def _detail_context(request, application, *, answer_forms=None, upload_form=None) -> dict:
    from django.conf import settings

    owner = _is_owner(request.user, application)
    requests_ = list(application.information_requests.all())
    open_requests = [item for item in requests_ if item.is_open]
    answer_forms = answer_forms or {}
    for item in open_requests:
        item.form = answer_forms.get(item.pk) or forms.AnswerForm(prefix=f"request-{item.pk}")
    can_upload = owner and application.status != S.DRAFT and bool(open_requests)
    if can_upload and upload_form is None:
        upload_form = forms.DocumentForm(max_bytes=settings.APPLICATION_DOCUMENT_MAX_BYTES)
    draft = application.status == S.DRAFT
    next_step = None
    if draft and owner:
        next_step = next((step.name for step in STEPS if not _step_complete(application, step.name)), "review")
    return {
        "application": _with_badge(application),
        "owner": owner,
        "timeline": _timeline(application, owner),
        "open_requests": open_requests,
        "answered_requests": [item for item in requests_ if not item.is_open],
        "upload_form": upload_form if can_upload else None,
        "documents": application.documents.all(),
        "degrees": application.degrees.all(),
        "decided": application.status in DECIDED_STATUSES or application.status == S.ENROLLED,
        "conditions": application.conditions.all(),
        "exemptions": application.exemptions.all(),
        "letter_url": _url_or_none("intake:application-letter", application.pk)
        if application.status in DECIDED_STATUSES or application.status == S.ENROLLED
        else None,
        "admin_url": _url_or_none("admin:programmes_application_change", application.pk)
        if selectors.sees_all_applications(request.user)
        else None,
        "can_withdraw": owner and S.WITHDRAWN in services.allowed_transitions(application, request.user),
        "progress": _progress(application, None) if draft else None,
        "next_step": next_step,
        "missing": services.application_missing(application) if draft and owner else [],
        "deadline_open": application.start_moment.is_open_on(deadline_today()),
    }


@login_required
def application_detail(request, pk):
    application = selectors.application_get_for_user(user=request.user, pk=pk)
    return render(request, "programmes/intake/application_detail.html", _detail_context(request, application))


@login_required
@require_POST
def request_answer(request, pk, request_pk):
    application = selectors.application_get_for_user(user=request.user, pk=pk)
    if not _is_owner(request.user, application):
        raise PermissionDenied
    item = next((r for r in application.information_requests.all() if r.pk == request_pk), None)
    if item is None:
        raise Http404
    if not item.is_open:
        messages.info(request, _("This question has been answered already."))
        return redirect("intake:application-detail", pk=application.pk)
    form = forms.AnswerForm(request.POST, prefix=f"request-{item.pk}")
    if form.is_valid():
        try:
            services.information_request_answer(request=item, answer=form.cleaned_data["answer"], actor=request.user)
        except PortalError as error:
            add_portal_error(form, error)
        else:
            messages.success(request, _("Thank you: your answer has been sent to ICLON."))
            return redirect("intake:application-detail", pk=application.pk)
    context = _detail_context(request, application, answer_forms={item.pk: form})
    # The form sits on its request in a list: the title's "Error:" is told (iclon/core/templatetags/form_errors.py).
    context["form_has_errors"] = True
    return render(request, "programmes/intake/application_detail.html", context, status=400)


@login_required
@require_POST
def document_upload(request, pk):
    """An applicant adds a document to a submitted application while a request for information is open."""
    from django.conf import settings

    application = selectors.application_get_for_user(user=request.user, pk=pk)
    if not _is_owner(request.user, application):
        raise PermissionDenied
    if application.status == S.DRAFT:
        return redirect("intake:application-step", pk=application.pk, step="documents")
    form = forms.DocumentForm(request.POST, request.FILES, max_bytes=settings.APPLICATION_DOCUMENT_MAX_BYTES)
    if _upload(request, application, form):
        return redirect("intake:application-detail", pk=application.pk)
    context = _detail_context(request, application, upload_form=form)
    if context["upload_form"] is None:
        # No request is open (any more): the service refused; say so instead of a hidden form.
        refusals = [message for field_messages in form.errors.values() for message in field_messages]
        messages.error(request, refusals[0] if refusals else _("The document could not be added."))
        return redirect("intake:application-detail", pk=application.pk)
    return render(request, "programmes/intake/application_detail.html", context, status=400)


@login_required
def application_withdraw(request, pk):
    application = _with_badge(selectors.application_get_for_user(user=request.user, pk=pk))
    if not _is_owner(request.user, application):
        raise PermissionDenied
    if S.WITHDRAWN not in services.allowed_transitions(application, request.user):
        messages.error(request, _("This application can no longer be withdrawn."))
        return redirect("intake:application-detail", pk=application.pk)
    form = forms.WithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.application_withdraw(
                application=application, actor=request.user, reason=form.cleaned_data["reason"]
            )
        except PortalError as error:
            messages.error(request, str(error.message))
        else:
            messages.success(
                request, _("Your application %(reference)s has been withdrawn.") % {"reference": application.reference}
            )
        return redirect("intake:application-detail", pk=application.pk)
    return render(request, "programmes/intake/withdraw.html", {"application": application, "form": form})


# --- documents --------------------------------------------------------------------------------


@login_required
def document_download(request, pk, document_pk):
    """Stream a document to its applicant, or to staff who may view applications (the admin links
    here too). Never a public URL: the file is read through the storage API after the check."""
    document = selectors.document_get_for_user(user=request.user, application_pk=pk, pk=document_pk)
    return document_response(document)
