"""Admin of intake: applications with their pipeline, the route checklists, the status history.

Nothing here writes an application's rows itself, nor decides what may be done: the intake
services do both. The status changes only through the buttons on the change page, which post to
`transition_view` and call `application_transition`; the buttons shown are the state machine's
answer for the signed-in user (`transition_options`). The assignment, the checklist, notes,
requests for information, the aptitude assessment, exemptions and conditions are saved in the
admin pattern of iclon/core/admin.py: each form calls its service while it validates, a refusal
is an error on that form with the input kept, and the page is saved whole or not at all. The
services' records (transition rows, history rows) are the audit trail: no LogEntry.

The changelist runs a fixed number of queries whatever the number of applications: the list's
relations come with `list_select_related`, the open requests are one subquery, the filters'
choices are a query each, and `show_full_result_count = False` spares a second count of the
whole table (100,000 rows) on every filtered page. The search (admin/search.py) reads the
matching accounts first, so that PostgreSQL's trigram indexes answer it: one query more per word.
"""

from __future__ import annotations

import re

from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db.models import Count, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.http import Http404, HttpResponse, HttpResponseNotAllowed, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from import_export.admin import ExportActionMixin
from import_export.formats.base_formats import CSV, XLSX
from import_export.forms import ExportForm
from simple_history.admin import SimpleHistoryAdmin

from iclon.core.admin import ServiceFormAdminMixin
from iclon.core.errors import PortalError
from programmes.intake import dashboard, letters
from programmes.intake.admin.common import intake_staff, move_buttons, person
from programmes.intake.admin.forms import (
    ApplicationForm,
    ApplicationResource,
    AssignedToFilter,
    AssignForm,
    DashboardFilterForm,
    InformationRequestActionForm,
    OpenRequestFilter,
    StartFilter,
)
from programmes.intake.admin.inlines import (
    AptitudeAssessmentInline,
    ConditionInline,
    DocumentInline,
    ExemptionInline,
    InformationRequestInline,
    InternalNoteInline,
    PriorDegreeInline,
    TransitionInline,
)
from programmes.intake.admin.search import indexed_search
from programmes.intake.models import Application, ChecklistCheck, ChecklistItem, InformationRequest
from programmes.intake.services.applications import (
    application_assign,
    application_transition,
    information_request_create,
    is_intake_staff,
    transition_options,
)

# --- The application admin -------------------------------------------------------------------

PERSONAL_FIELDSETS = (
    (
        _("Personal details"),
        {"fields": ["first_name", "last_name", "date_of_birth", "phone", "street", "postcode", "city", "country"]},
    ),
    (
        _("Employment as a teacher"),
        {"fields": ["employed_as_teacher", "employing_school", "employer_name", "employment_hours"]},
    ),
    (_("Languages"), {"fields": ["dutch_proficiency", "english_proficiency_notes"]}),
    (_("Motivation"), {"fields": ["motivation"]}),
)


@admin.register(Application)
class ApplicationAdmin(ServiceFormAdminMixin, ExportActionMixin, SimpleHistoryAdmin):
    form = ApplicationForm
    change_form_template = "admin/programmes/application/change_form.html"
    change_list_template = "admin/programmes/application/change_list.html"
    # Our changelist template links to the export itself (import-export's template would hide
    # every other object tool when adding is off, as it is here).
    import_export_change_list_template = None
    show_change_form_export = False
    resource_classes = [ApplicationResource]
    export_formats = [CSV, XLSX]
    export_form_class = ExportForm

    # Six narrow columns that fit a laptop screen next to the filters (1366 px): who and which
    # route, the status, the officer, the day of submission and the open requests. The rest of
    # the application is on its change page.
    list_display = [
        "reference_display",
        "applicant_and_route",
        "status",
        "assigned_name",
        "submitted_on",
        "open_requests",
    ]
    list_display_links = ["reference_display"]
    list_filter = [
        "status",
        "pathway",
        "subject",
        StartFilter,
        AssignedToFilter,
        OpenRequestFilter,
        ("submitted_at", admin.DateFieldListFilter),
    ]
    list_select_related = ["pathway", "subject", "start_moment", "assigned_to"]
    search_fields = ["first_name", "last_name", "applicant__email", "applicant__full_name"]
    search_help_text = _("Search by reference (ICL-000123), name or e-mail address.")
    ordering = ["-created_at", "-pk"]
    list_per_page = 50
    # Counting the whole table again on every filtered page is what makes a changelist slow at
    # 100,000 rows; the filtered count is enough.
    show_full_result_count = False
    # No date_hierarchy: it needs a DISTINCT over the dates of every filtered row on each page
    # load; the "submitted at" filter gives the same navigation without a query.
    actions = ["assign_action", "request_information_action"]

    # -- permissions: applications are made by applicants and removed by anonymisation --------

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_review_permission(self, request):
        return is_intake_staff(request.user)

    def has_export_permission(self, request):
        # import-export's default lets any staff member export; exporting is viewing.
        return self.has_view_permission(request)

    # -- the list -------------------------------------------------------------------------------

    def get_queryset(self, request):
        # Staff reach this admin only with the view permission, which is the selector's rule for
        # seeing every application (programmes.intake.selectors.sees_all_applications).
        open_requests = (
            InformationRequest.objects.filter(application=OuterRef("pk"), answered_at__isnull=True)
            .order_by()
            .values("application")
            .annotate(n=Count("pk"))
            .values("n")
        )
        return (
            super()
            .get_queryset(request)
            .annotate(open_request_count=Coalesce(Subquery(open_requests, output_field=IntegerField()), Value(0)))
        )

    def get_search_results(self, request, queryset, search_term):
        match = re.fullmatch(r"\s*(?:ICL-?)?0*(\d{1,9})\s*", search_term, flags=re.IGNORECASE)
        if match:
            return queryset.filter(pk=int(match.group(1))), False
        # Each table searched on its own, so that the trigram indexes answer (admin/search.py).
        return indexed_search(queryset, self.get_search_fields(request), search_term), False

    @admin.display(description=_("reference"), ordering="pk")
    def reference_display(self, application):
        return application.reference

    @admin.display(description=_("applicant and route"), ordering="last_name")
    def applicant_and_route(self, application):
        name = gettext("(anonymised)") if application.anonymised_at else application.full_name or "–"
        route = [application.pathway.name]
        if application.subject_id:
            route.append(application.subject.name)
        # The date format of the active language (DATE_FORMAT), as everywhere in the admin.
        route.append(gettext("start %(date)s") % {"date": date_format(application.start_moment.starts_on)})
        return format_html('{}<span class="iclon-cell-detail">{}</span>', name, " · ".join(route))

    @admin.display(description=_("submitted"), ordering="submitted_at")
    def submitted_on(self, application):
        if application.submitted_at is None:
            return "–"
        return date_format(timezone.localtime(application.submitted_at))

    @admin.display(description=_("assigned to"), ordering="assigned_to__full_name")
    def assigned_name(self, application):
        return person(application.assigned_to) if application.assigned_to_id else "–"

    @admin.display(description=_("open requests"), ordering="open_request_count")
    def open_requests(self, application):
        return application.open_request_count

    # -- the change page ------------------------------------------------------------------------

    def get_fieldsets(self, request, obj=None):
        main = [
            "reference_display",
            "status",
            "applicant_display",
            "pathway",
            "subject",
            "start_moment",
            "assigned_to",
            "submitted_at",
        ]
        fieldsets = [(None, {"fields": main})]
        if obj is not None and obj.anonymised_at:
            fieldsets.append((_("Personal details"), {"fields": ["anonymised_note"]}))
        else:
            fieldsets += list(PERSONAL_FIELDSETS)
        fieldsets += [
            (_("Checklist of the route"), {"fields": ["checklist"]}),
            (_("Decision"), {"fields": ["decided_at", "decided_by", "decision_explanation", "letter_links"]}),
            (_("Dates"), {"fields": ["created_at", "enrolled_at", "withdrawn_at", "anonymised_at"]}),
        ]
        return fieldsets

    def get_readonly_fields(self, request, obj=None):
        # Everything but the assignment and the checklist: the applicant's data changes only
        # through the applicant's own pages, the status only through the buttons.
        editable = {"assigned_to", "checklist"} if is_intake_staff(request.user) else set()
        names = []
        for _name, options in self.get_fieldsets(request, obj):
            names += [name for name in options["fields"] if name not in editable]
        return names

    def get_inlines(self, request, obj):
        if obj is None:
            return []
        inlines = [DocumentInline, PriorDegreeInline, InformationRequestInline]
        if obj.pathway.requires_aptitude_assessment:
            inlines.append(AptitudeAssessmentInline)
        inlines += [ExemptionInline, ConditionInline, InternalNoteInline, TransitionInline]
        return inlines

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "assigned_to":
            kwargs["queryset"] = intake_staff()
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    @admin.display(description=_("applicant"))
    def applicant_display(self, application):
        if application.applicant_id is None:
            return "–"
        return f"{application.applicant.full_name} <{application.applicant.email}>"

    @admin.display(description=_("personal details"))
    def anonymised_note(self, application):
        return gettext("Anonymised on %(date)s: the personal details and documents have been removed.") % {
            "date": date_format(timezone.localtime(application.anonymised_at))
        }

    @admin.display(description=_("checklist"))
    def checklist(self, application):
        items = list(ChecklistItem.objects.filter(pathway_id=application.pathway_id))
        done = set(ChecklistCheck.objects.filter(application=application).values_list("item_id", flat=True))
        if not items:
            return gettext("This route has no checklist.")
        return format_html_join(
            "",
            "<div>{} {}</div>",
            ((gettext("Done:") if item.pk in done else gettext("To do:"), item.label) for item in items),
        )

    @admin.display(description=_("decision letter"))
    def letter_links(self, application):
        if not letters.has_letter(application):
            return gettext("Once the application is decided.")
        return format_html(
            '<a href="{}">{}</a> · <a href="{}">{}</a>',
            reverse("admin:programmes_application_letter", args=[application.pk]),
            gettext("Letter (HTML)"),
            reverse("admin:programmes_application_letter_pdf", args=[application.pk]),
            gettext("Letter (PDF)"),
        )

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = dict(extra_context or {})
        application = self.get_object(request, unquote(object_id))
        if application is not None:
            extra_context.setdefault("moves", move_buttons(transition_options(application, request.user)))
            extra_context["has_letter"] = letters.has_letter(application)
            extra_context["transition_url"] = reverse("admin:programmes_application_transition", args=[application.pk])
        return super().change_view(request, object_id, form_url, extra_context)

    # -- extra pages ----------------------------------------------------------------------------

    def get_urls(self):
        view = self.admin_site.admin_view
        # Before the default URLs: their "<path:object_id>/" pattern would match these too.
        return [
            path("dashboard/", view(self.dashboard_view), name="programmes_application_dashboard"),
            path(
                "<path:object_id>/transition/",
                view(self.transition_view),
                name="programmes_application_transition",
            ),
            path("<path:object_id>/letter/", view(self.letter_view), name="programmes_application_letter"),
            path("<path:object_id>/letter.pdf", view(self.letter_pdf_view), name="programmes_application_letter_pdf"),
            *super().get_urls(),
        ]

    def _get_viewable(self, request, object_id) -> Application:
        if not self.has_view_permission(request):
            raise PermissionDenied
        application = self.get_object(request, unquote(object_id))
        if application is None:
            raise Http404(gettext("This application does not exist."))
        return application

    def transition_view(self, request, object_id):
        """POST from a button: make the move through application_transition."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        application = self._get_viewable(request, object_id)
        to_status = request.POST.get("to_status", "")
        reason = request.POST.get("reason", "")
        try:
            application = application_transition(
                application=application, to_status=to_status, actor=request.user, reason=reason
            )
        except PortalError as error:
            self.message_user(
                request,
                gettext("The status was not changed: %(reason)s") % {"reason": error.message},
                messages.ERROR,
            )
            # Show the page again with what was typed, rather than a redirect that loses it.
            request.method = "GET"
            moves = move_buttons(transition_options(application, request.user))
            for button in moves["buttons"]:
                if button["to_status"] == to_status:
                    button.update(error=error.message, value=reason)
            response = self.change_view(request, object_id, extra_context={"moves": moves})
            response.status_code = 400
            return response
        # The transition row written by the service is the record of the move (no LogEntry).
        self.message_user(
            request,
            gettext("%(reference)s is now “%(status)s”.")
            % {"reference": application.reference, "status": application.get_status_display()},
            messages.SUCCESS,
        )
        return HttpResponseRedirect(reverse("admin:programmes_application_change", args=[application.pk]))

    def letter_view(self, request, object_id):
        application = self._get_viewable(request, object_id)
        if not letters.has_letter(application):
            raise Http404(gettext("This application has no decision yet."))
        return HttpResponse(letters.render_decision_letter(application, request=request))

    def letter_pdf_view(self, request, object_id):
        application = self._get_viewable(request, object_id)
        if not letters.has_letter(application):
            raise Http404(gettext("This application has no decision yet."))
        return letters.pdf_response(application)

    def dashboard_view(self, request):
        if not self.has_view_permission(request):
            raise PermissionDenied
        form = DashboardFilterForm(request.GET or None)
        start_moment = starts_on = None
        if form.is_bound and form.is_valid():
            start_moment = form.cleaned_data.get("start_moment")
            starts_on = form.cleaned_data.get("starts_on") or None
        data = dashboard.intake_dashboard(user=request.user, start_moment=start_moment, starts_on=starts_on)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": gettext("Intake dashboard"),
            "form": form,
            "filtered": bool(start_moment or starts_on),
            "changelist_url": reverse("admin:programmes_application_changelist"),
            **data,
        }
        return TemplateResponse(request, "admin/programmes/application/dashboard.html", context)

    # -- bulk actions ---------------------------------------------------------------------------

    def _action_page(self, request, queryset, template, form, title):
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": title,
            "form": form,
            "applications": queryset[:50],
            "count": queryset.count(),
            "selected": request.POST.getlist(ACTION_CHECKBOX_NAME),
            "select_across": request.POST.get("select_across", "0"),
            "action": request.POST.get("action", ""),
            "action_checkbox_name": ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, template, context)

    @admin.action(description=_("Assign to an intake officer"), permissions=["review"])
    def assign_action(self, request, queryset):
        form = AssignForm(request.POST if "apply" in request.POST else None)
        if form.is_bound and form.is_valid():
            assignee = form.cleaned_data["assignee"]
            done, refused = self._each(
                request,
                queryset,
                lambda application: application_assign(application=application, assignee=assignee, actor=request.user),
            )
            if done:
                message = (
                    ngettext(
                        "%(count)d application assigned to %(who)s.",
                        "%(count)d applications assigned to %(who)s.",
                        done,
                    )
                    if assignee
                    else ngettext("%(count)d application unassigned.", "%(count)d applications unassigned.", done)
                )
                self.message_user(request, message % {"count": done, "who": person(assignee)}, messages.SUCCESS)
            self._report_refusals(request, refused)
            return None
        return self._action_page(
            request,
            queryset,
            "admin/programmes/application/action_assign.html",
            form,
            gettext("Assign applications to an intake officer"),
        )

    @admin.action(description=_("Request information from the applicants"), permissions=["review"])
    def request_information_action(self, request, queryset):
        form = InformationRequestActionForm(request.POST if "apply" in request.POST else None)
        if form.is_bound and form.is_valid():
            question = form.cleaned_data["question"]
            done, refused = self._each(
                request,
                queryset,
                lambda application: information_request_create(
                    application=application, question=question, actor=request.user
                ),
            )
            if done:
                self.message_user(
                    request,
                    ngettext(
                        "The question was sent to %(count)d applicant.",
                        "The question was sent to %(count)d applicants.",
                        done,
                    )
                    % {"count": done},
                    messages.SUCCESS,
                )
            self._report_refusals(request, refused)
            return None
        return self._action_page(
            request,
            queryset,
            "admin/programmes/application/action_request_information.html",
            form,
            gettext("Request information from the applicants"),
        )

    @staticmethod
    def _each(request, queryset, call) -> tuple[int, list[tuple[Application, str]]]:
        """Call the service for each application, each in its own transaction: one refusal does
        not undo the others."""
        done, refused = 0, []
        for application in queryset.order_by("pk"):
            try:
                call(application)
            except PortalError as error:
                refused.append((application, str(error.message)))
            else:
                done += 1
        return done, refused

    def _report_refusals(self, request, refused):
        if not refused:
            return
        shown = "; ".join(f"{application.reference}: {reason}" for application, reason in refused[:20])
        more = len(refused) - 20
        if more > 0:
            shown += " " + gettext("(and %(count)d more)") % {"count": more}
        self.message_user(
            request,
            ngettext(
                "%(count)d application was skipped: %(reasons)s",
                "%(count)d applications were skipped: %(reasons)s",
                len(refused),
            )
            % {"count": len(refused), "reasons": shown},
            messages.WARNING,
        )
