"""Meet the Professor for a teacher without an account (services/visit_public.py): the public form
(with the suggestions of its school field and the page that says to check the mailbox), the page
behind the e-mail's link that verifies the address (a GET shows, only a POST confirms: mail
scanners open links), and the secret school page of a request made that way, where the teacher
confirms, withdraws and evaluates the visit and downloads its .ics. Also the visits' list, which
shows anonymous visitors what Meet the Professor is and where to ask.

No page here needs a login; the token in the address is the key, the services check it."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from iclon.core.errors import PortalError
from iclon.core.forms import add_portal_error
from professionalisation.activities.calendar import CONTENT_TYPE
from professionalisation.outreach.models.visits import EvaluationSide, VisitStatus
from professionalisation.outreach.services import visit_public as services
from professionalisation.outreach.services import visits as visit_services
from professionalisation.outreach.views import visits as visit_views

TEMPLATES = "professionalisation/outreach/visits"
#: The honeypot: a field people do not see (and so leave empty) and form-filling robots fill in.
HONEYPOT = "website"


class VisitAskForm(visit_views.VisitRequestForm):
    """The school's form (views/visits.py), with the teacher's name and address, and the school
    typed (its code or name) instead of chosen from the schools the visitor belongs to."""

    school = forms.CharField(
        label=gettext_lazy("school"),
        max_length=250,
        help_text=gettext_lazy(
            "Type the school's name (and town) or its vestigingscode, e.g. 02EA03, and choose it from the suggestions."
        ),
    )
    field_order = ["contact_name", "contact_email", "school"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, schools=None, **kwargs)
        self.fields["contact_name"].label = _("your name")
        self.fields["contact_name"].error_messages["required"] = _("Enter your name.")
        self.fields["contact_email"].label = _("your e-mail address")
        self.fields["contact_email"].error_messages["required"] = _("Enter your e-mail address.")
        self.fields["school"].error_messages["required"] = _(
            "Type the school's name or vestigingscode and choose it from the suggestions."
        )
        self.fields["contact_email"].help_text = _("We send you a link to confirm your request.")
        self.fields["school"].widget.attrs.update(
            {
                "list": "visit-school-options",
                "autocomplete": "off",
                "hx-get": reverse("outreach:visit-ask-schools"),
                "hx-trigger": "input changed delay:300ms",
                "hx-target": "#visit-school-options",
                "hx-swap": "innerHTML",
                "hx-sync": "this:replace",
            }
        )


def _client_address(request) -> str:
    return request.META.get("REMOTE_ADDR", "")


@never_cache
def visit_ask(request):
    """The public form: a valid post stores the submission and mails the teacher the link."""
    user = request.user
    initial = {"contact_name": user.full_name, "contact_email": user.email} if user.is_authenticated else {}
    form = VisitAskForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        if request.POST.get(HONEYPOT):
            # A robot: it is told what a person is told, and nothing is stored or sent.
            return HttpResponseRedirect(reverse("outreach:visit-ask-sent"))
        if form.is_valid():
            data = form.cleaned_data
            days = [data[name] for name in ("date_1", "date_2", "date_3") if data.get(name)]
            try:
                school = services.school_resolve(data["school"])
                services.visit_submission_create(
                    school=school,
                    contact_name=data["contact_name"],
                    contact_email=data["contact_email"],
                    group_label=data["group_label"],
                    pupils=data["pupils"],
                    wishes=data["wishes"],
                    location=data["location"],
                    accessibility_notes=data["accessibility_notes"],
                    preferred_dates=days,
                    language=translation.get_language() or "nl",
                    client_address=_client_address(request),
                )
            except PortalError as error:
                if error.field == "preferred_dates":
                    error.field = "date_1"
                add_portal_error(form, error)
                status = error.status_code
            else:
                return HttpResponseRedirect(reverse("outreach:visit-ask-sent"))
        status = status if status != 200 else 400
    context = {"form": form, "honeypot": HONEYPOT}
    return render(request, f"{TEMPLATES}/visit_ask.html", context, status=status)


@require_GET
def visit_ask_schools(request):
    """The suggestions of the form's school field (the options of its <datalist>)."""
    schools = services.school_options(request.GET.get("school", ""))
    options = [services.school_label(school) for school in schools]
    return render(request, f"{TEMPLATES}/visit_ask_schools.html", {"options": options})


def visit_ask_sent(request):
    return render(request, f"{TEMPLATES}/visit_ask_sent.html")


@never_cache
def visit_verify(request, token):
    """The e-mail's link: a GET shows the request and a button, the POST makes the request."""
    try:
        submission = services.visit_submission_for_token(token)
    except PortalError as error:
        return render(
            request,
            f"{TEMPLATES}/visit_verify.html",
            {"error": error.message, "form_has_errors": True},
            status=error.status_code,
        )
    if request.method == "POST":
        try:
            _visit, school_token = services.visit_submission_verify(token=token)
        except PortalError as error:
            context = {"error": error.message, "form_has_errors": True, "submission": submission}
            return render(request, f"{TEMPLATES}/visit_verify.html", context, status=error.status_code)
        messages.success(
            request,
            _(
                "Thank you: your request has been sent. We have e-mailed you the link to this page; a coordinator "
                "looks for a researcher and lets you know."
            ),
        )
        return HttpResponseRedirect(reverse("outreach:visit-school", kwargs={"token": school_token}))
    return render(request, f"{TEMPLATES}/visit_verify.html", {"submission": submission})


# --- the secret school page -------------------------------------------------------------------------


def _not_valid(request):
    return render(request, f"{TEMPLATES}/visit_school.html", {"visit": None}, status=404)


def _school_page(request, visit, token, *, status=200, **forms_):
    done = {evaluation.side for evaluation in visit.evaluations.all()}
    context = {
        "visit": visit,
        "token": token,
        "may_confirm": visit.status == VisitStatus.ACCEPTED,
        "withdraw_form": forms_.get("withdraw_form")
        or (visit_views.ReasonForm() if visit.status in visit_services.WITHDRAWABLE else None),
        "evaluation_form": forms_.get("evaluation_form")
        or (
            visit_views.EvaluationForm(side=EvaluationSide.SCHOOL)
            if visit.status == VisitStatus.HELD and EvaluationSide.SCHOOL not in done
            else None
        ),
        "has_calendar": visit.starts_at is not None
        and visit.status in (VisitStatus.CONFIRMED, VisitStatus.HELD, VisitStatus.EVALUATED),
    }
    return render(request, f"{TEMPLATES}/visit_school.html", context, status=status)


@never_cache
@require_GET
def visit_school(request, token):
    """The page of a request made through the public form, for whoever holds its link."""
    visit = services.visit_for_school_token(token)
    if visit is None:
        return _not_valid(request)
    return _school_page(request, visit, token)


@never_cache
@require_POST
def visit_school_move(request, token, move):
    """The posts of the school page: confirm, withdraw, evaluate (the services check the token)."""
    visit = services.visit_for_school_token(token)
    if visit is None:
        return _not_valid(request)
    actor = request.user
    done = reverse("outreach:visit-school", kwargs={"token": token})
    try:
        if move == "confirm":
            visit_services.visit_confirm(visit=visit, actor=actor, school_token=token)
            messages.success(request, _("The visit is confirmed."))
            return HttpResponseRedirect(done)
        if move == "withdraw":
            form = visit_views.ReasonForm(request.POST)
            if not form.is_valid():
                return _school_page(request, visit, token, status=400, withdraw_form=form)
            visit_services.visit_withdraw(
                visit=visit, actor=actor, reason=form.cleaned_data["reason"], school_token=token
            )
            messages.success(request, _("The request has been withdrawn."))
            return HttpResponseRedirect(done)
        if move == "evaluate":
            form = visit_views.EvaluationForm(request.POST, side=EvaluationSide.SCHOOL)
            if not form.is_valid():
                return _school_page(request, visit, token, status=400, evaluation_form=form)
            try:
                visit_services.visit_evaluate(
                    visit=visit,
                    side=EvaluationSide.SCHOOL,
                    actor=actor,
                    text=form.cleaned_data["text"],
                    rating=form.cleaned_data.get("rating"),
                    school_token=token,
                )
            except PortalError as error:
                add_portal_error(form, error)
                return _school_page(request, visit, token, status=error.status_code, evaluation_form=form)
            messages.success(request, _("Thank you for your evaluation."))
            return HttpResponseRedirect(done)
    except PortalError as error:
        messages.error(request, str(error.message))
        return _school_page(request, services.visit_for_school_token(token) or visit, token, status=error.status_code)
    raise Http404


@never_cache
@require_GET
def visit_school_calendar(request, token):
    """The .ics of the confirmed visit, for whoever holds the school link."""
    visit = services.visit_for_school_token(token)
    if visit is None or visit.starts_at is None:
        raise Http404
    if visit.status not in (VisitStatus.CONFIRMED, VisitStatus.HELD, VisitStatus.EVALUATED, VisitStatus.WITHDRAWN):
        raise Http404
    response = HttpResponse(visit_views.visit_calendar_bytes(visit), content_type=CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="visit-{visit.pk}.ics"'
    return response


# --- the list, for anonymous visitors -----------------------------------------------------------------


def visit_list(request):
    """The visits' list (views/visits.py) for those signed in; what Meet the Professor is, with the
    public form and the login, for everybody else."""
    if request.user.is_authenticated:
        return visit_views.visit_list(request)
    return render(request, f"{TEMPLATES}/visit_intro.html")
