"""Meet the Professor's pages: the visitor's visits (a school's requests, a researcher's visits,
every request for coordinators), the request form of a school, a request's page with the forms of
the moves the visitor may make (the researcher answers; the school confirms, evaluates or withdraws;
the coordinator sees the suggestions and marks it held), the researcher's answer page behind the
e-mail's secret link, and the visit's iCalendar invitation (.ics); the coordinators' figures (with
their CSV) and a researcher's own page (profile, cap and unavailable periods).

A valid post calls the service and redirects with a message; a refused one shows the page again
with the service's message. Who may do what is the service's rule."""

from __future__ import annotations

import csv
import datetime
import io

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from icalendar import Calendar, Event, Timezone

from iclon.core.errors import PortalError
from iclon.core.forms import add_portal_error
from partnerships.models import EducationRegion, School
from partnerships.selectors import active_memberships
from professionalisation.activities.calendar import CONTENT_TYPE, PRODID, UID_DOMAIN
from professionalisation.outreach.models.visits import (
    MAX_PUPILS,
    VISIT_ZONE,
    EvaluationSide,
    VisitLocation,
    VisitRequest,
    VisitStatus,
)
from professionalisation.outreach.permissions.visits import (
    acts_for_school,
    can_view_visit_figures,
    is_the_researcher,
    is_visit_coordinator,
    manages_researchers,
)
from professionalisation.outreach.selectors import visits as selectors
from professionalisation.outreach.services import visits as services

# --- forms ------------------------------------------------------------------------------------------


class VisitRequestForm(forms.Form):
    school = forms.ModelChoiceField(
        label=gettext_lazy("school"),
        queryset=School.objects.none(),
        error_messages={"required": gettext_lazy("Choose the school the pupils are from.")},
    )
    contact_name = forms.CharField(
        label=gettext_lazy("contact person"),
        max_length=200,
        error_messages={"required": gettext_lazy("Enter the name of the person we can contact about the visit.")},
    )
    contact_email = forms.EmailField(
        label=gettext_lazy("contact e-mail address"),
        error_messages={"required": gettext_lazy("Enter the e-mail address we can reach the contact person at.")},
    )
    group_label = forms.CharField(
        label=gettext_lazy("group or year"),
        max_length=100,
        help_text=gettext_lazy("E.g. group 7 or havo 4."),
        error_messages={"required": gettext_lazy("Enter the group or year of the pupils, e.g. group 7 or havo 4.")},
    )
    pupils = forms.IntegerField(
        label=gettext_lazy("number of pupils"),
        min_value=1,
        max_value=MAX_PUPILS,
        error_messages={"required": gettext_lazy("Enter how many pupils will come.")},
    )
    wishes = forms.CharField(
        label=gettext_lazy("topic or discipline wishes"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": gettext_lazy("Describe the topic or discipline the pupils would like to see.")},
    )
    location = forms.ChoiceField(label=gettext_lazy("where"), choices=VisitLocation.choices)
    accessibility_notes = forms.CharField(
        label=gettext_lazy("accessibility notes"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    date_1 = forms.DateField(
        label=gettext_lazy("preferred date"),
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"required": gettext_lazy("Enter at least one date that suits the group.")},
    )
    date_2 = forms.DateField(
        label=gettext_lazy("another preferred date"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_3 = forms.DateField(
        label=gettext_lazy("another preferred date"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, schools, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school"].queryset = schools


class AnswerForm(forms.Form):
    accept = forms.TypedChoiceField(
        label=gettext_lazy("your answer"),
        choices=[("1", gettext_lazy("I accept")), ("0", gettext_lazy("I decline"))],
        coerce=lambda value: value == "1",
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=gettext_lazy("reason (when you decline)"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class ProposeForm(forms.Form):
    """The coordinator's proposal on the request's page: one of the suggested researchers (best
    first, each with the reasons of the suggestion), a day and the times."""

    researcher = forms.TypedChoiceField(label=gettext_lazy("researcher"), coerce=int, widget=forms.RadioSelect)
    date = forms.DateField(label=gettext_lazy("date"), widget=forms.DateInput(attrs={"type": "date"}))
    starts_at = forms.TimeField(
        label=gettext_lazy("start time"), initial=datetime.time(10), widget=forms.TimeInput(attrs={"type": "time"})
    )
    ends_at = forms.TimeField(
        label=gettext_lazy("end time"), initial=datetime.time(11, 30), widget=forms.TimeInput(attrs={"type": "time"})
    )

    def __init__(self, *args, suggestions, **kwargs):
        super().__init__(*args, **kwargs)
        self.suggestions = {suggestion.researcher.pk: suggestion for suggestion in suggestions}
        self.fields["researcher"].choices = [
            (pk, f"{suggestion.researcher} ({suggestion.researcher.discipline})")
            for pk, suggestion in self.suggestions.items()
        ]
        if suggestions and not self.is_bound:
            best = suggestions[0]
            self.initial.setdefault("researcher", best.researcher.pk)
            if best.free_dates:
                self.initial.setdefault("date", best.free_dates[0])

    def options(self) -> list:
        """(radio, suggestion) pairs, best first, for the page to show each choice with its reasons."""
        return list(zip(self["researcher"], self.suggestions.values(), strict=True))

    def clean(self):
        data = super().clean()
        starts, ends = data.get("starts_at"), data.get("ends_at")
        if starts is not None and ends is not None and ends <= starts:
            self.add_error("ends_at", _("The visit must end after it starts."))
        return data


class ReasonForm(forms.Form):
    reason = forms.CharField(label=gettext_lazy("reason"), widget=forms.Textarea(attrs={"rows": 2}))


class EvaluationForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=gettext_lazy("rating"),
        choices=[(str(n), str(n)) for n in range(1, 6)],
        coerce=int,
        required=False,
        widget=forms.RadioSelect,
    )
    text = forms.CharField(label=gettext_lazy("evaluation"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, side, **kwargs):
        super().__init__(*args, **kwargs)
        self.side = side
        if side == EvaluationSide.RESEARCHER:
            del self.fields["rating"]
            self.fields["text"].label = _("short report")
        else:
            self.fields["text"].label = _("the pupils' reaction")


# --- pages ------------------------------------------------------------------------------------------


def _requesting_schools(user):
    if is_visit_coordinator(user):
        return School.objects.filter(is_active=True).order_by("name")
    ids = active_memberships(user=user).values("school_id")
    return School.objects.filter(pk__in=ids, is_active=True).order_by("name")


@login_required
def visit_list(request):
    visits = selectors.visit_list_for_user(request.user).order_by("-created_at", "-pk")
    status = request.GET.get("status")
    if status in VisitStatus.values:
        visits = visits.filter(status=status)
    context = {
        "visits": visits[:200],
        "statuses": VisitStatus.choices,
        "status": status,
        "may_request": _requesting_schools(request.user).exists(),
        "coordinator": is_visit_coordinator(request.user),
        "may_see_figures": can_view_visit_figures(request.user),
        "in_pool": selectors.in_pool(request.user),
    }
    return render(request, "professionalisation/outreach/visits/visit_list.html", context)


@login_required
def visit_request(request):
    schools = _requesting_schools(request.user)
    if not schools.exists():
        raise Http404
    user = request.user
    form = VisitRequestForm(
        request.POST or None,
        schools=schools,
        initial={"contact_name": user.full_name, "contact_email": user.email, "school": schools.first()},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        days = [data[name] for name in ("date_1", "date_2", "date_3") if data.get(name)]
        try:
            visit = services.visit_request_create(
                actor=user,
                school=data["school"],
                contact_name=data["contact_name"],
                contact_email=data["contact_email"],
                group_label=data["group_label"],
                pupils=data["pupils"],
                wishes=data["wishes"],
                location=data["location"],
                accessibility_notes=data["accessibility_notes"],
                preferred_dates=days,
                language=user.language,
            )
        except PortalError as error:
            if error.field == "preferred_dates":
                error.field = "date_1"
            add_portal_error(form, error)
        else:
            messages.success(request, _("Your request has been sent. We will let you know who can come."))
            return HttpResponseRedirect(reverse("outreach:visit-detail", kwargs={"pk": visit.pk}))
    status = 400 if form.errors else 200
    return render(request, "professionalisation/outreach/visits/visit_request.html", {"form": form}, status=status)


def _detail(request, visit, *, status=200, **forms_):
    user = request.user
    school_side = acts_for_school(user, visit.school_id)
    researcher_side = is_the_researcher(user, visit)
    done = {evaluation.side for evaluation in visit.evaluations.all()}
    held = visit.status == VisitStatus.HELD
    suggestions = (
        selectors.researcher_suggestions(visit)
        if manages_researchers(user) and visit.status in (VisitStatus.REQUESTED, VisitStatus.DECLINED)
        else None
    )
    context = {
        "visit": visit,
        "school_side": school_side,
        "researcher_side": researcher_side,
        "coordinator": is_visit_coordinator(user),
        "answer_form": forms_.get("answer_form")
        or (AnswerForm() if researcher_side and visit.status == VisitStatus.PROPOSED else None),
        "may_confirm": school_side and visit.status == VisitStatus.ACCEPTED,
        "withdraw_form": forms_.get("withdraw_form")
        or (
            ReasonForm()
            if (school_side or is_visit_coordinator(user)) and visit.status in services.WITHDRAWABLE
            else None
        ),
        "school_evaluation_form": forms_.get("school_evaluation_form")
        or (EvaluationForm(side="school") if school_side and held and "school" not in done else None),
        "researcher_evaluation_form": forms_.get("researcher_evaluation_form")
        or (EvaluationForm(side="researcher") if researcher_side and held and "researcher" not in done else None),
        "may_mark_held": is_visit_coordinator(user)
        and visit.status == VisitStatus.CONFIRMED
        and visit.starts_at is not None
        and visit.starts_at <= timezone.now(),
        "suggestions": suggestions,
        "propose_form": forms_.get("propose_form")
        or (ProposeForm(suggestions=suggestions) if suggestions and is_visit_coordinator(user) else None),
        "has_calendar": visit.status in (VisitStatus.CONFIRMED, VisitStatus.HELD, VisitStatus.EVALUATED),
    }
    return render(request, "professionalisation/outreach/visits/visit_detail.html", context, status=status)


@login_required
def visit_detail(request, pk):
    return _detail(request, selectors.visit_get_for_user(user=request.user, pk=pk))


def _done(request, visit, message):
    messages.success(request, message)
    return HttpResponseRedirect(reverse("outreach:visit-detail", kwargs={"pk": visit.pk}))


@login_required
@require_POST
def visit_move(request, pk, move):
    """The posts of a request's page: answer, confirm, withdraw, evaluate, held."""
    visit = selectors.visit_get_for_user(user=request.user, pk=pk)
    user = request.user
    try:
        if move == "answer":
            form = AnswerForm(request.POST)
            if not form.is_valid():
                return _detail(request, visit, status=400, answer_form=form)
            try:
                services.visit_researcher_answer(
                    visit=visit, accept=form.cleaned_data["accept"], reason=form.cleaned_data["reason"], actor=user
                )
            except PortalError as error:
                add_portal_error(form, error)
                return _detail(request, visit, status=error.status_code, answer_form=form)
            if not form.cleaned_data["accept"]:
                messages.success(request, _("Thank you for letting us know."))
                return HttpResponseRedirect(reverse("outreach:visit-list"))
            return _done(request, visit, _("Thank you: the school is asked to confirm."))
        if move == "propose":
            if not is_visit_coordinator(user):
                raise Http404
            form = ProposeForm(request.POST, suggestions=selectors.researcher_suggestions(visit))
            if not form.is_valid():
                return _detail(request, visit, status=400, propose_form=form)
            data = form.cleaned_data
            try:
                services.visit_propose(
                    visit=visit,
                    researcher=form.suggestions[data["researcher"]].researcher,
                    starts_at=datetime.datetime.combine(data["date"], data["starts_at"], tzinfo=VISIT_ZONE),
                    ends_at=datetime.datetime.combine(data["date"], data["ends_at"], tzinfo=VISIT_ZONE),
                    actor=user,
                )
            except PortalError as error:
                if visit.status not in (VisitStatus.REQUESTED, VisitStatus.DECLINED):
                    raise  # the page no longer shows the form: the refusal becomes the page's message
                add_portal_error(form, error)
                return _detail(request, visit, status=error.status_code, propose_form=form)
            return _done(request, visit, _("The researcher has been asked."))
        if move == "confirm":
            services.visit_confirm(visit=visit, actor=user)
            return _done(request, visit, _("The visit is confirmed."))
        if move == "held":
            services.visit_mark_held(visit=visit, actor=user)
            return _done(request, visit, _("The visit is marked as held."))
        if move == "withdraw":
            form = ReasonForm(request.POST)
            if not form.is_valid():
                return _detail(request, visit, status=400, withdraw_form=form)
            services.visit_withdraw(visit=visit, actor=user, reason=form.cleaned_data["reason"])
            return _done(request, visit, _("The request has been withdrawn."))
        if move in ("evaluate-school", "evaluate-researcher"):
            side = move.removeprefix("evaluate-")
            form = EvaluationForm(request.POST, side=side)
            key = f"{side}_evaluation_form"
            if not form.is_valid():
                return _detail(request, visit, status=400, **{key: form})
            try:
                services.visit_evaluate(
                    visit=visit,
                    side=side,
                    actor=user,
                    text=form.cleaned_data["text"],
                    rating=form.cleaned_data.get("rating"),
                )
            except PortalError as error:
                add_portal_error(form, error)
                return _detail(request, visit, status=error.status_code, **{key: form})
            return _done(request, visit, _("Thank you for your evaluation."))
    except PortalError as error:
        messages.error(request, str(error.message))
        return _detail(request, selectors.visit_get_for_user(user=user, pk=pk), status=error.status_code)
    raise Http404


def visit_answer(request, token):
    """The researcher's answer page behind the e-mail's secret link (no login needed)."""
    visit = services.visit_for_token(token)
    if visit is None:
        return render(request, "professionalisation/outreach/visits/visit_answer.html", {"visit": None}, status=404)
    form = AnswerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.visit_researcher_answer(
                visit=visit,
                accept=form.cleaned_data["accept"],
                reason=form.cleaned_data["reason"],
                token=token,
                actor=request.user,
            )
        except PortalError as error:
            add_portal_error(form, error)
        else:
            return render(request, "professionalisation/outreach/visits/visit_answer.html", {"answered": True})
    status = 400 if form.errors else 200
    context = {"visit": visit, "form": form}
    return render(request, "professionalisation/outreach/visits/visit_answer.html", context, status=status)


# --- the calendar invitation ------------------------------------------------------------------------


def visit_calendar_bytes(visit: VisitRequest) -> bytes:
    """A VCALENDAR (METHOD:PUBLISH) with the visit's one VEVENT, in Europe/Amsterdam."""
    assert visit.starts_at is not None and visit.ends_at is not None
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    year = visit.starts_at.astimezone(VISIT_ZONE).year
    calendar.add_component(
        Timezone.from_tzid(
            str(VISIT_ZONE), first_date=datetime.date(year, 1, 1), last_date=datetime.date(year + 1, 1, 1)
        )
    )
    event = Event()
    event.add("uid", f"visit-{visit.pk}@{UID_DOMAIN}")
    event.add("dtstamp", timezone.now())
    event.add("dtstart", visit.starts_at.astimezone(VISIT_ZONE))
    event.add("dtend", visit.ends_at.astimezone(VISIT_ZONE))
    event.add("summary", _("Meet the Professor: %(school)s") % {"school": visit.school.name})
    where = visit.school.name if visit.location == VisitLocation.AT_SCHOOL else _("Leiden University")
    if visit.location == VisitLocation.AT_SCHOOL and visit.school.city:
        where = f"{where}, {visit.school.street} {visit.school.house_number}, {visit.school.city}".replace(" ,", ",")
    event.add("location", where)
    event.add("description", f"{visit.group_label} ({visit.pupils}) – {visit.researcher}\n{visit.wishes}")
    event.add("status", "CANCELLED" if visit.status == VisitStatus.WITHDRAWN else "CONFIRMED")
    calendar.add_component(event)
    return calendar.to_ical()


@login_required
def visit_calendar(request, pk):
    """The .ics of a confirmed visit, for the school, the researcher and coordinators."""
    visit = selectors.visit_get_for_user(user=request.user, pk=pk)
    if visit.status not in (VisitStatus.CONFIRMED, VisitStatus.HELD, VisitStatus.EVALUATED, VisitStatus.WITHDRAWN):
        raise Http404
    if visit.starts_at is None:
        raise Http404
    response = HttpResponse(visit_calendar_bytes(visit), content_type=CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="visit-{visit.pk}.ics"'
    return response


# --- figures for staff -------------------------------------------------------------------------------


def _figures_access(request):
    """None when the viewer may see the figures; the login redirect for anonymous visitors; 403 for
    everybody else."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not can_view_visit_figures(request.user):
        raise PermissionDenied
    return None


def visit_figures(request):
    """Coordinators: requests per education region, schools reached for the first time and visits
    per faculty, for a calendar year (`?year=2027`, default this year)."""
    refused = _figures_access(request)
    if refused is not None:
        return refused
    year = selectors.figures_year(request.GET.get("year"))
    figures = selectors.visit_figures(year=year)
    context = {
        "year": year,
        "figures": figures,
        "years": range(timezone.localdate().year + 1, selectors.FIRST_FIGURES_YEAR - 1, -1),
        "region_bars": [(row.label, row.requests) for row in figures.regions],
        "faculty_bars": [(row.label, row.visits) for row in figures.faculties],
    }
    return render(request, "professionalisation/outreach/visits/visit_figures.html", context)


def _cell(value: object) -> str:
    """A text cell that a spreadsheet will not run as a formula."""
    text = str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def visit_figures_csv(request):
    """The same figures as the page, as one CSV (a section per table, separated by an empty line)."""
    refused = _figures_access(request)
    if refused is not None:
        return refused
    year = selectors.figures_year(request.GET.get("year"))
    figures = selectors.visit_figures(year=year)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([_("Requests per education region"), year])
    writer.writerow([_("Education region"), _("Requests"), _("In progress"), _("Held"), _("Withdrawn")])
    for row in figures.regions:
        writer.writerow([_cell(row.label), row.requests, row.in_progress, row.held, row.withdrawn])
    writer.writerow([])
    writer.writerow([_("Visits held per faculty"), year])
    writer.writerow([_("Faculty"), _("Visits"), _("Pupils")])
    for faculty in figures.faculties:
        writer.writerow([_cell(faculty.label), faculty.visits, faculty.pupils])
    writer.writerow([])
    writer.writerow([_("Schools reached for the first time"), year])
    writer.writerow([_("School"), _("Town"), _("Education region"), _("First visit")])
    for school in figures.first_schools:
        writer.writerow([_cell(school.name), _cell(school.city), _cell(school.region), school.first_visit.isoformat()])
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="meet-the-professor-{year}.csv"'
    return response


# --- the researcher's own page -------------------------------------------------------------------------


class UnavailabilityForm(forms.Form):
    starts_on = forms.DateField(label=gettext_lazy("from"), widget=forms.DateInput(attrs={"type": "date"}))
    ends_on = forms.DateField(
        label=gettext_lazy("until"),
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=gettext_lazy("Both days included."),
    )
    note = forms.CharField(label=gettext_lazy("note"), max_length=200, required=False)


class ResearcherSelfForm(forms.Form):
    topics = forms.CharField(
        label=gettext_lazy("topics"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=gettext_lazy("Comma-separated, e.g. climate, dinosaurs, law."),
    )
    languages = forms.CharField(
        label=gettext_lazy("languages"),
        max_length=50,
        help_text=gettext_lazy("Comma-separated language codes, e.g. nl, en."),
    )
    regions = forms.ModelMultipleChoiceField(
        label=gettext_lazy("regions they travel to"),
        queryset=EducationRegion.objects.order_by("name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    max_visits_per_year = forms.IntegerField(label=gettext_lazy("visits a year at most"), min_value=1, max_value=50)


def _researcher_or_404(user):
    researcher = selectors.researcher_for_user(user)
    if researcher is None:
        raise Http404
    return researcher


def _researcher_page(request, researcher, *, status=200, period_form=None, profile_form=None):
    today = timezone.localdate()
    periods = list(researcher.unavailabilities.order_by("starts_on", "pk"))
    context = {
        "researcher": researcher,
        "periods": periods,
        "today": today,
        "period_form": period_form or UnavailabilityForm(),
        "profile_form": profile_form
        or ResearcherSelfForm(
            initial={
                "topics": researcher.topics,
                "languages": researcher.languages,
                "regions": [region.pk for region in researcher.regions.all()],
                "max_visits_per_year": researcher.max_visits_per_year,
            }
        ),
    }
    return render(request, "professionalisation/outreach/visits/researcher_me.html", context, status=status)


@login_required
def researcher_me(request):
    """A researcher of the pool: their profile, their visits this year against their cap and their
    unavailable periods; they add a period and change their topics, languages, regions and cap
    (services.unavailability_add, services.researcher_update). Http404 for anybody not in the pool."""
    researcher = _researcher_or_404(request.user)
    if request.method != "POST":
        return _researcher_page(request, researcher)
    if request.POST.get("form") == "profile":
        form = ResearcherSelfForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.researcher_update(
                    researcher=researcher,
                    actor=request.user,
                    regions=data["regions"],
                    topics=data["topics"],
                    languages=data["languages"],
                    max_visits_per_year=data["max_visits_per_year"],
                )
            except PortalError as error:
                add_portal_error(form, error)
            else:
                messages.success(request, _("Your profile has been saved."))
                return HttpResponseRedirect(reverse("outreach:researcher-me"))
        return _researcher_page(request, researcher, status=400, profile_form=form)
    form = UnavailabilityForm(request.POST)
    if form.is_valid():
        try:
            services.unavailability_add(researcher=researcher, actor=request.user, **form.cleaned_data)
        except PortalError as error:
            add_portal_error(form, error)
        else:
            messages.success(request, _("The period has been added."))
            return HttpResponseRedirect(reverse("outreach:researcher-me"))
    return _researcher_page(request, researcher, status=400, period_form=form)


@login_required
@require_POST
def researcher_period_remove(request, pk):
    """Remove one of the researcher's own periods (services.unavailability_remove)."""
    researcher = _researcher_or_404(request.user)
    period = get_object_or_404(researcher.unavailabilities.select_related("researcher"), pk=pk)
    try:
        services.unavailability_remove(period=period, actor=request.user)
    except PortalError as error:
        messages.error(request, str(error.message))
        return _researcher_page(request, researcher, status=error.status_code)
    messages.success(request, _("The period has been removed."))
    return HttpResponseRedirect(reverse("outreach:researcher-me"))
