"""The admin of publications: publications with their authors inline, every save a service call
(services.py); the changelist has the upload page "Import publications" (importing.py) and the
suspected duplicates of imports have their review list with the actions "merge" and "keep both"."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from simple_history.admin import SimpleHistoryAdmin

from iclon.core.admin import ServiceFormAdminMixin, ServiceInlineMixin
from iclon.core.errors import PortalError
from iclon.core.forms import ServiceModelForm
from research.projects.admin import adopt
from research.publications import services
from research.publications.exporting import apa
from research.publications.importing import FORMAT_HELP, FORMATS, ImportRefused, import_publications
from research.publications.models import DuplicateSuspicion, Publication, PublicationAuthor, SuspicionStatus
from research.publications.permissions import manages_publications

# --- authors ----------------------------------------------------------------------------------------


class AuthorInlineForm(ServiceModelForm):
    class Meta:
        model = PublicationAuthor
        fields = ["position", "name", "orcid", "researcher"]

    def call_service(self, data):
        author = self.instance
        author.position = data.get("position")
        author.name = data.get("name") or ""
        author.orcid = data.get("orcid") or ""
        author.researcher = data.get("researcher")
        return services.author_save(author=author, actor=self.actor)

    def delete_service(self, instance):
        services.author_remove(author=instance, actor=self.actor)


class AuthorInline(ServiceInlineMixin, admin.TabularInline):
    model = PublicationAuthor
    form = AuthorInlineForm
    extra = 0
    autocomplete_fields = ["researcher"]


# --- publications -----------------------------------------------------------------------------------

RELATIONS = ("projects", "principles")


class PublicationForm(ServiceModelForm):
    class Meta:
        model = Publication
        fields = [*services.PUBLICATION_FIELDS, *RELATIONS]
        widgets = {"principles": forms.CheckboxSelectMultiple}

    def call_service(self, data):
        values = {name: data.get(name) for name in services.PUBLICATION_FIELDS}
        for name in services.FILLABLE:
            values[name] = values[name] or ""
        if self.instance.pk is None:
            relations = {name: data.get(name) or [] for name in RELATIONS}
            publication = services.publication_create(actor=self.actor, **relations, **values)
            return adopt(self.instance, publication)
        changes = {name: values[name] for name in self.changed_data if name in values}
        relations = {name: data.get(name) for name in RELATIONS if name in self.changed_data}
        return services.publication_update(publication=self.instance, actor=self.actor, **relations, **changes)


class PublicationImportForm(forms.Form):
    file = forms.FileField(label=_("File"), help_text=FORMAT_HELP)
    format = forms.ChoiceField(
        label=_("Format"),
        required=False,
        choices=[
            ("", _("Recognise it")),
            *[(name, label) for name, label in zip(FORMATS, ("BibTeX", "RIS", "CSL-JSON"), strict=True)],
        ],
    )


@admin.register(Publication)
class PublicationAdmin(ServiceFormAdminMixin, SimpleHistoryAdmin):
    form = PublicationForm
    inlines = [AuthorInline]
    change_list_template = "admin/research/publication/change_list.html"
    list_display = ["title", "year", "type", "category", "doi", "open_access", "published"]
    list_filter = ["published", "category", "type", "open_access", "year", "principles"]
    search_fields = ["title", "doi", "venue", "authors__name"]
    readonly_fields = ["apa_display"]
    autocomplete_fields = ["projects"]
    actions = ["publish_action", "unpublish_action"]
    list_per_page = 50

    def has_delete_permission(self, request, obj=None):
        return False  # a publication stays on the record; unpublish it to take it off the pages

    @admin.display(description=_("APA 7 citation"))
    def apa_display(self, obj):
        return apa(obj) if obj.pk else "—"

    def get_urls(self):
        return [
            path("import/", self.admin_site.admin_view(self.import_view), name="research_publication_import"),
            *super().get_urls(),
        ]

    def import_view(self, request):
        if not (self.has_add_permission(request) and manages_publications(request.user)):
            raise PermissionDenied
        form = PublicationImportForm(request.POST or None, request.FILES or None)
        report = None
        if request.method == "POST" and form.is_valid():
            try:
                report = import_publications(
                    form.cleaned_data["file"], actor=request.user, format=form.cleaned_data["format"] or None
                )
            except ImportRefused as error:
                form.add_error("file", str(error.message))
            except PortalError as error:
                form.add_error(None, str(error.message))
            else:
                messages.success(request, report.summary())
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Import publications"),
            "form": form,
            "report": report,
        }
        return TemplateResponse(request, "admin/research/publication/import.html", context)

    def _each(self, request, queryset, published):
        done = 0
        for publication in queryset:
            try:
                services.publication_update(publication=publication, actor=request.user, published=published)
            except PortalError as error:
                self.message_user(request, f"{publication}: {error.message}", messages.ERROR)
            else:
                done += 1
        return done

    @admin.action(description=_("Publish the selected publications"), permissions=["change"])
    def publish_action(self, request, queryset):
        done = self._each(request, queryset, True)
        self.message_user(
            request,
            ngettext("%(n)d publication is published.", "%(n)d publications are published.", done) % {"n": done},
        )

    @admin.action(description=_("Take the selected publications off the public pages"), permissions=["change"])
    def unpublish_action(self, request, queryset):
        done = self._each(request, queryset, False)
        self.message_user(
            request,
            ngettext("%(n)d publication is unpublished.", "%(n)d publications are unpublished.", done) % {"n": done},
        )


@admin.register(PublicationAuthor)
class PublicationAuthorAdmin(admin.ModelAdmin):
    """Read-only list of authors, for search across publications (they are edited inline)."""

    list_display = ["name", "position", "publication", "researcher", "orcid"]
    search_fields = ["name", "orcid", "publication__title", "researcher__full_name"]
    list_select_related = ["publication", "researcher"]
    list_filter = [("researcher", admin.EmptyFieldListFilter)]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(DuplicateSuspicion)
class DuplicateSuspicionAdmin(admin.ModelAdmin):
    """The review list of suspected duplicates: merge the entry into the existing publication, or
    keep both (the entry becomes a publication of its own)."""

    list_display = ["__str__", "publication", "source", "status", "created_at", "resolved_by"]
    list_filter = ["status"]
    search_fields = ["publication__title", "source"]
    list_select_related = ["publication", "resolved_by"]
    readonly_fields = ["publication", "entry_display", "source", "status", "resolved_by", "resolved_at", "kept_as"]
    fields = readonly_fields
    actions = ["merge_action", "keep_both_action"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("imported entry"))
    def entry_display(self, obj):
        data = services.PublicationData.from_json(obj.entry)
        authors = "; ".join(name for name, _orcid in data.authors)
        return (
            f"{authors} ({data.year}). {data.title}. {data.venue} {('https://doi.org/' + data.doi) if data.doi else ''}"
        )

    def _each(self, request, queryset, call, done_message):
        done = 0
        for suspicion in queryset.filter(status=SuspicionStatus.OPEN):
            try:
                call(suspicion)
            except PortalError as error:
                self.message_user(request, f"{suspicion}: {error.message}", messages.ERROR)
            else:
                done += 1
        if done:
            self.message_user(request, done_message(done), messages.SUCCESS)

    @admin.action(description=_("Merge: the entry is the existing publication"), permissions=["change"])
    def merge_action(self, request, queryset):
        self._each(
            request,
            queryset,
            lambda suspicion: services.suspicion_merge(suspicion=suspicion, actor=request.user),
            lambda n: ngettext("%(n)d entry merged.", "%(n)d entries merged.", n) % {"n": n},
        )

    @admin.action(description=_("Keep both: the entry is another publication"), permissions=["change"])
    def keep_both_action(self, request, queryset):
        self._each(
            request,
            queryset,
            lambda suspicion: services.suspicion_keep_both(suspicion=suspicion, actor=request.user),
            lambda n: (
                ngettext("%(n)d entry kept as a publication.", "%(n)d entries kept as publications.", n) % {"n": n}
            ),
        )
