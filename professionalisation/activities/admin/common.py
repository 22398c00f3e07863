"""What the admin's modules share: the places of sessions counted in their list's query, links and dates,
and the actions' confirmation page with its forms and the loop that calls a service per row."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.db import models
from django.db.models import OuterRef, Subquery
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.http import urlencode
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from iclon.core.errors import PortalError
from professionalisation.activities.models import (
    Meeting,
    Session,
)
from professionalisation.activities.selectors import places_of as places_of  # the admin's modules read it here
from professionalisation.activities.selectors import with_places
from professionalisation.activities.services import REASON_LENGTH

ACTION_TEMPLATE = "admin/professionalisation/action_confirm.html"
#: Rows named on a confirmation page or in a message; the rest are counted.
SHOWN_ROWS = 50
SHOWN_REFUSALS = 20


def sessions_with_places(sessions: models.QuerySet) -> models.QuerySet:
    """`sessions` with their places counted in the same query (selectors.with_places; read them
    with `places_of`) and the date of their first meeting."""
    first_meeting = Meeting.objects.filter(session=OuterRef("pk")).order_by("date", "starts_at", "pk")
    return with_places(sessions).annotate(first_meeting=Subquery(first_meeting.values("date")[:1]))


def changelist_url(model: type[models.Model], **filters) -> str:
    url = reverse(f"admin:professionalisation_{model._meta.model_name}_changelist")
    return f"{url}?{urlencode(filters)}" if filters else url


def change_url(row: models.Model) -> str:
    return reverse(f"admin:professionalisation_{row._meta.model_name}_change", args=[row.pk])


def format_moment(value) -> str:
    return date_format(timezone.localtime(value), "j M Y H:i") if value else "–"


def format_day(value) -> str:
    return date_format(value, "j M Y") if value else "–"


def has_people(*, registrations: models.QuerySet, waiting: models.QuerySet) -> bool:
    return registrations.exists() or waiting.exists()


# --- The actions' confirmation page ------------------------------------------------------------


class ConfirmForm(forms.Form):
    """An action without input: the page only asks to confirm."""


class CancelRegistrationsForm(forms.Form):
    reason = forms.CharField(
        label=_("reason"),
        max_length=REASON_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Optional; kept with each registration."),
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("reason"),
        max_length=REASON_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Give a reason.")},
    )


class CancelSessionsForm(ReasonForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].help_text = _("Everyone registered or waiting receives it by e-mail.")


class CancelMeetingsForm(ReasonForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].help_text = _(
            "Everyone registered for the session, or offered a place in it, receives it by e-mail."
        )


class PromoteForm(ReasonForm):
    session = forms.ModelChoiceField(
        label=_("session"),
        queryset=Session.objects.none(),
        required=False,
        help_text=_("For people waiting for any session of the activity: the session to offer a place in."),
    )

    def __init__(self, *args, sessions: models.QuerySet | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].help_text = _("Kept with the offer and in its history.")
        if sessions is None:
            del self.fields["session"]
        else:
            self.fields["session"].queryset = sessions


class ActionPageMixin:
    """Actions that first show a page with a form (a reason, a confirmation), as Django's delete
    action does, and then call a service for each selected row."""

    def action_page(self, request, queryset, *, form, title, explanation, submit_label, describe):
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": title,
            "form": form,
            "media": self.media + form.media,
            "rows": [describe(row) for row in queryset[:SHOWN_ROWS]],
            "count": queryset.count(),
            "explanation": explanation,
            "submit_label": submit_label,
            "selected": request.POST.getlist(ACTION_CHECKBOX_NAME),
            "select_across": request.POST.get("select_across", "0"),
            "action": request.POST.get("action", ""),
            "action_checkbox_name": ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, ACTION_TEMPLATE, context)

    def confirmed_action(
        self,
        request,
        queryset,
        *,
        form_class,
        call,
        title,
        explanation,
        submit_label,
        describe,
        done_message,
        label=None,
        form_kwargs=None,
    ):
        """The whole of an action with a confirmation page: the first post (from the changelist)
        shows the page with an unbound `form_class`; the page's post, once its form is valid,
        calls `call(row, cleaned_data)` for each selected row (see `run_each`) and returns to the
        changelist. `describe` names a row on the page, `label` (default: `describe`) in the
        refusals reported."""
        form = form_class(request.POST if action_confirmed(request) else None, **(form_kwargs or {}))
        if form.is_bound and form.is_valid():
            data = form.cleaned_data
            self.run_each(
                request,
                queryset,
                lambda row: call(row, data),
                describe=label or describe,
                done_message=done_message,
            )
            return None
        return self.action_page(
            request,
            queryset,
            form=form,
            title=title,
            explanation=explanation,
            submit_label=submit_label,
            describe=describe,
        )

    def run_each(self, request, queryset, call, *, describe, done_message) -> None:
        """Call the service for each row, each in its own transaction (the service's), and report
        what was done and what was refused, with the service's reason."""
        done, refused = 0, []
        for row in queryset.order_by("pk"):
            try:
                call(row)
            except PortalError as error:
                refused.append(f"{describe(row)}: {error.message}")
            else:
                done += 1
        if done:
            self.message_user(request, done_message(done), messages.SUCCESS)
        if refused:
            shown = "; ".join(refused[:SHOWN_REFUSALS])
            if len(refused) > SHOWN_REFUSALS:
                shown += " " + gettext("(and %(count)d more)") % {"count": len(refused) - SHOWN_REFUSALS}
            self.message_user(request, gettext("Not changed: %(rows)s") % {"rows": shown}, messages.ERROR)


def action_confirmed(request) -> bool:
    """Whether the confirmation page was sent (the first post comes from the changelist)."""
    return "apply" in request.POST
