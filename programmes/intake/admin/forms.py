"""The intake admin's export, changelist filters and forms.

The change page's forms are ServiceModelForms (iclon/core/forms.py): each calls its intake
service while it validates, so a refusal is an error on that form, at the field it names, with
what was typed kept; the page is then saved whole or not at all (iclon/core/admin.py)."""

from __future__ import annotations

import datetime
import re

from django import forms
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from import_export import fields, resources

from iclon.core.errors import PortalError
from iclon.core.forms import ServiceModelForm
from programmes.intake import dashboard, selectors
from programmes.intake.admin.common import intake_staff, person
from programmes.intake.models import AdmissionCondition, Application, AptitudeAssessment, ChecklistCheck, ChecklistItem
from programmes.intake.services.applications import (
    application_assign,
    aptitude_assessment_save,
    checklist_set,
    condition_add,
    condition_set_status,
    exemption_grant,
    exemption_revoke,
    information_request_create,
    note_add,
)

# --- Export (django-import-export) -----------------------------------------------------------


class ApplicationResource(resources.ModelResource):
    """What an export of applications holds: the pipeline's facts, no personal data.

    Names, e-mail addresses, dates of birth, addresses, phone numbers and motivations are left out
    on purpose. An export leaves the portal (a file on a laptop, in a mailbox) where neither the
    permission checks nor the anonymisation after the retention period reach it, while the
    numbers intake needs (per route, subject, start, status, officer) do without them; the
    reference finds the person in the admin when someone needs to. The assigned officer is a
    colleague's name, which staff see anyway."""

    reference = fields.Field(attribute="reference", column_name=_("reference"))
    status = fields.Field(attribute="status", column_name=_("status"))
    pathway = fields.Field(column_name=_("pathway"))
    subject = fields.Field(column_name=_("school subject"))
    start = fields.Field(column_name=_("start"))
    submitted_at = fields.Field(column_name=_("submitted at"))
    decided_at = fields.Field(column_name=_("decided at"))
    assigned_to = fields.Field(column_name=_("assigned to"))

    class Meta:
        model = Application
        fields = ("reference", "status", "pathway", "subject", "start", "submitted_at", "decided_at", "assigned_to")
        export_order = fields

    def dehydrate_status(self, application):
        return str(application.get_status_display())

    def dehydrate_pathway(self, application):
        return application.pathway.name

    def dehydrate_subject(self, application):
        return application.subject.name if application.subject_id else ""

    def dehydrate_start(self, application):
        return application.start_moment.starts_on.isoformat()

    @staticmethod
    def _moment(value):
        # Local time as text: spreadsheets keep no time zones (openpyxl refuses aware datetimes).
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""

    def dehydrate_submitted_at(self, application):
        return self._moment(application.submitted_at)

    def dehydrate_decided_at(self, application):
        return self._moment(application.decided_at)

    def dehydrate_assigned_to(self, application):
        return person(application.assigned_to) if application.assigned_to_id else ""


# --- Changelist filters ----------------------------------------------------------------------


class AssignedToFilter(admin.SimpleListFilter):
    title = _("assigned to")
    parameter_name = "assigned"

    def lookups(self, request, model_admin):
        return [
            ("me", _("Assigned to me")),
            ("none", _("Unassigned")),
            *((str(user.pk), person(user)) for user in intake_staff()),
        ]

    def queryset(self, request, queryset):
        value = self.value()
        if value == "me":
            return queryset.filter(assigned_to=request.user)
        if value == "none":
            return queryset.filter(assigned_to__isnull=True)
        if value and value.isdigit():
            return queryset.filter(assigned_to_id=int(value))
        return queryset


class StartFilter(admin.SimpleListFilter):
    """By start date (a round of starts across routes): a handful of choices, not one per
    start moment of every route."""

    title = _("start")
    parameter_name = "start"

    def lookups(self, request, model_admin):
        return [(day.isoformat(), date_format(day)) for day in dashboard.start_rounds()]

    def queryset(self, request, queryset):
        value = self.value()
        if value and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            return queryset.filter(start_moment__starts_on=value)
        return queryset


class OpenRequestFilter(admin.SimpleListFilter):
    title = _("open requests for information")
    parameter_name = "open_requests"

    def lookups(self, request, model_admin):
        return [
            ("yes", _("Waiting for an answer")),
            (
                "overdue",
                _("Waiting for more than %(days)d days") % {"days": selectors.REQUEST_OVERDUE_DAYS},
            ),
            ("no", _("None open")),
        ]

    def queryset(self, request, queryset):
        if self.value() == "overdue":
            return queryset.filter(selectors.has_overdue_request())
        if self.value() == "yes":
            return queryset.filter(open_request_count__gt=0)
        if self.value() == "no":
            return queryset.filter(open_request_count=0)
        return queryset


# --- Forms -----------------------------------------------------------------------------------


class ApplicationForm(ServiceModelForm):
    """The change form: the assignment (application_assign) and the route's checklist
    (checklist_set, per item ticked or unticked); the rest is read-only."""

    checklist = forms.MultipleChoiceField(
        label=_("checklist"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Tick what has been checked. The items are set per route under “Checklist items”."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.checklist_items = {}
        if self.instance.pk and "checklist" in self.fields:
            items = list(ChecklistItem.objects.filter(pathway_id=self.instance.pathway_id))
            checks = {
                check.item_id: check
                for check in ChecklistCheck.objects.filter(application=self.instance).select_related("done_by")
            }
            self.checklist_items = {str(item.pk): item for item in items}
            self.fields["checklist"].choices = [
                (str(item.pk), checklist_label(item, checks.get(item.pk))) for item in items
            ]
            self.fields["checklist"].initial = [str(pk) for pk in checks]
            if not items:
                self.fields["checklist"].help_text = gettext(
                    "This route has no checklist yet; programme coordinators set it up under “Checklist items”."
                )

    def call_service(self, data):
        application = self.instance
        if "assigned_to" in self.changed_data:
            application = application_assign(application=application, assignee=data["assigned_to"], actor=self.actor)
        if "checklist" in self.changed_data:
            wanted = set(data["checklist"])
            before = set(self.fields["checklist"].initial or [])
            for pk in sorted(wanted ^ before):
                try:
                    checklist_set(
                        application=application, item=self.checklist_items[pk], done=pk in wanted, actor=self.actor
                    )
                except PortalError as error:
                    raise PortalError(error.message, field=error.field or "checklist") from error
        return application


def checklist_label(item: ChecklistItem, check: ChecklistCheck | None) -> str:
    if check is None:
        return item.label
    return gettext("%(item)s (ticked by %(who)s on %(date)s)") % {
        "item": item.label,
        "who": person(check.done_by),
        "date": date_format(timezone.localtime(check.created_at)),
    }


class AssignForm(forms.Form):
    assignee = forms.ModelChoiceField(
        label=_("Intake officer"),
        queryset=get_user_model().objects.none(),
        required=False,
        empty_label=_("Nobody (unassign)"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = intake_staff()
        self.fields["assignee"].label_from_instance = person


class InformationRequestActionForm(forms.Form):
    question = forms.CharField(
        label=_("Question to the applicants"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Each applicant gets this question by e-mail and answers it in the portal."),
        error_messages={"required": _("Write the question.")},
    )


# --- The rows of the change page's inlines: each row is one service call ---------------------------
# A new row's application is the page's (the inline formset's foreign key field, in `data`).


class NoteForm(ServiceModelForm):
    def call_service(self, data):
        return note_add(application=data["application"], text=data["text"], actor=self.actor)


class InformationRequestForm(ServiceModelForm):
    def call_service(self, data):
        return information_request_create(application=data["application"], question=data["question"], actor=self.actor)


class ExemptionForm(ServiceModelForm):
    """Granted with exemption_grant; an existing one is only revoked (the delete box)."""

    def call_service(self, data):
        if self.instance.pk is not None:
            return self.instance
        return exemption_grant(
            application=data["application"],
            module=data["module"],
            ec=data["ec"],
            reason=data.get("reason") or "",
            actor=self.actor,
        )

    def delete_service(self, instance):
        exemption_revoke(exemption=instance, actor=self.actor)


class ConditionForm(ServiceModelForm):
    """A new condition is filled in whole (condition_add); of an existing one only the status
    changes (condition_set_status)."""

    LOCKED = ("kind", "deficiency_course", "description", "due_on")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            for name in self.LOCKED:
                if name in self.fields:
                    self.fields[name].disabled = True

    def call_service(self, data):
        condition = self.instance
        status = data.get("status") or AdmissionCondition.Status.OPEN
        if condition.pk is None:
            condition = condition_add(
                application=data["application"],
                kind=data["kind"],
                actor=self.actor,
                deficiency_course=data.get("deficiency_course"),
                description=data.get("description") or "",
                due_on=data.get("due_on"),
            )
            if status == AdmissionCondition.Status.OPEN:
                return condition
        elif "status" not in self.changed_data:
            return condition
        return condition_set_status(condition=condition, status=status, actor=self.actor)


class AssessmentForm(ServiceModelForm):
    """Planned and recorded with aptitude_assessment_save."""

    def call_service(self, data):
        return aptitude_assessment_save(
            application=data["application"],
            actor=self.actor,
            scheduled_at=data.get("scheduled_at"),
            assessors=data.get("assessors"),
            outcome=data.get("outcome") or AptitudeAssessment.Outcome.PENDING,
            advice=data.get("advice") or "",
        )


class DashboardFilterForm(forms.Form):
    """The dashboard's filter: one start moment of a route, or one start date (round). The
    choices are loaded once, with their routes; a choice is validated against them, no query."""

    start_moment = forms.TypedChoiceField(
        label=_("Start moment"),
        required=False,
        coerce=int,
        empty_value=None,
        error_messages={"invalid_choice": _("Choose one of the start moments in the list.")},
    )
    starts_on = forms.ChoiceField(
        label=_("Start date (round)"),
        required=False,
        error_messages={"invalid_choice": _("Choose one of the start dates in the list.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.moments = {moment.pk: moment for moment in dashboard.start_moments_with_applications()}
        self.fields["start_moment"].choices = [("", gettext("All"))] + [
            (pk, f"{moment.pathway.name} – {date_format(moment.starts_on)}") for pk, moment in self.moments.items()
        ]
        self.fields["starts_on"].choices = [("", gettext("All"))] + [
            (day.isoformat(), date_format(day)) for day in dashboard.start_rounds()
        ]

    def clean_start_moment(self):
        pk = self.cleaned_data.get("start_moment")
        return self.moments.get(pk) if pk else None

    def clean_starts_on(self):
        value = self.cleaned_data.get("starts_on")
        return datetime.date.fromisoformat(value) if value else None
