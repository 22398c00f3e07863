from django import forms
from django.contrib import admin, messages
from django.contrib.admin.widgets import AutocompleteSelectMultiple
from django.core.exceptions import PermissionDenied
from django.forms.models import construct_instance
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from iclon.core.admin import AtomicFormsAdminMixin, ServiceFormAdminMixin, ServiceInlineMixin
from iclon.core.errors import PortalError
from iclon.core.forms import ServiceModelForm
from partnerships import selectors
from partnerships.forms import DuoImportForm
from partnerships.models import (
    Agreement,
    Alliance,
    EducationRegion,
    Faculty,
    Institution,
    MunicipalityRegion,
    School,
    SchoolBoard,
    SchoolInvitation,
    SchoolMembership,
    TrainingSchoolPartnership,
)
from partnerships.municipalities import municipality_key
from partnerships.services.duo_import import DuoImportRefused, import_duo_file
from partnerships.services.invitations import invitation_create, invitation_resend
from partnerships.services.memberships import membership_create, membership_delete, membership_update
from partnerships.services.partnerships import partnership_save


class TenantScopedAdminMixin:
    """Changelists of school-owned models go through the model's selector, like every other view."""

    def selector(self, *, user):
        raise NotImplementedError  # the resource's `<resource>_list_for_user`

    def get_queryset(self, request):
        qs = self.selector(user=request.user)
        ordering = self.get_ordering(request)
        return qs.order_by(*ordering) if ordering else qs


class MunicipalityRegionInline(admin.TabularInline):
    model = MunicipalityRegion
    extra = 0
    fields = ["municipality_code", "municipality_name"]


@admin.register(EducationRegion)
class EducationRegionAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "website"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [MunicipalityRegionInline]


@admin.register(MunicipalityRegion)
class MunicipalityRegionAdmin(admin.ModelAdmin):
    list_display = ["municipality_name", "municipality_code", "region"]
    list_filter = ["region"]
    search_fields = ["municipality_name", "municipality_code"]
    list_select_related = ["region"]
    autocomplete_fields = ["region"]

    def get_search_results(self, request, queryset, search_term):
        # "Den Haag" also finds DUO's "S GRAVENHAGE": the name is compared by its key too.
        results, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        key = municipality_key(search_term)
        if key:
            results = results | queryset.filter(municipality_key=key)
        return results, may_have_duplicates


class FacultyInline(admin.TabularInline):
    model = Faculty
    extra = 0
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Institution)
class InstitutionAdmin(admin.ModelAdmin):
    list_display = ["name", "short_name", "kind", "trains_teachers", "city"]
    list_filter = ["kind", "trains_teachers"]
    search_fields = ["name", "short_name", "city"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [FacultyInline]


@admin.register(Faculty)
class FacultyAdmin(admin.ModelAdmin):
    list_display = ["name", "institution"]
    list_filter = ["institution"]
    search_fields = ["name", "institution__name"]
    list_select_related = ["institution"]
    autocomplete_fields = ["institution"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Alliance)
class AllianceAdmin(admin.ModelAdmin):
    list_display = ["name", "institution_count"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["institutions", "regions"]

    def get_queryset(self, request):
        from django.db.models import Count

        return super().get_queryset(request).annotate(_institution_count=Count("institutions"))

    @admin.display(description=_("member institutes"), ordering="_institution_count")
    def institution_count(self, obj):
        return obj._institution_count


@admin.register(SchoolBoard)
class SchoolBoardAdmin(admin.ModelAdmin):
    list_display = ["__str__", "number", "city", "school_count"]
    search_fields = ["number", "name", "city"]

    def get_queryset(self, request):
        from django.db.models import Count

        return super().get_queryset(request).annotate(_school_count=Count("schools"))

    @admin.display(description=_("schools"), ordering="_school_count")
    def school_count(self, obj):
        return obj._school_count


# --- School memberships: saved by partnerships/services/memberships.py, on their own change page
# and in the rows on a school's page alike ---------------------------------------------------------

MEMBERSHIP_PERIOD = ["role", "active_from", "active_until"]


class SchoolMembershipForm(ServiceModelForm):
    class Meta:
        model = SchoolMembership
        fields = ["user", "school", *MEMBERSHIP_PERIOD]

    def call_service(self, data):
        membership = self.instance
        if membership.pk is None:
            return membership_create(
                user=data["user"],
                # In a school's rows the school is the page's (set by the inline formset).
                school=data["school"] if "school" in self.fields else membership.school,
                role=data["role"],
                active_from=data.get("active_from"),
                active_until=data.get("active_until"),
                actor=self.actor,
            )
        for name in ("user", "school"):
            if name in self.changed_data:
                raise PortalError(
                    gettext("A membership cannot move to another person or school; remove it and add a new one."),
                    field=name,
                )
        changes = {name: data.get(name) for name in MEMBERSHIP_PERIOD if name in self.changed_data}
        return membership_update(membership=membership, actor=self.actor, **changes)

    def delete_service(self, instance):
        membership_delete(membership=instance, actor=self.actor)


class SchoolMembershipInline(ServiceInlineMixin, admin.TabularInline):
    """The rows on a school's page: each row's form calls the service; removing a row too."""

    model = SchoolMembership
    form = SchoolMembershipForm
    extra = 0
    fields = ["user", *MEMBERSHIP_PERIOD]
    autocomplete_fields = ["user"]

    def get_queryset(self, request):
        return selectors.membership_list_for_user(user=request.user).select_related("user", "school")


class FilledValuesListFilter(admin.AllValuesFieldListFilter):
    """The values a text field holds, leaving out the blank one: Django lists "" as a link without
    text, which a screen reader announces as nothing (axe's link-name)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.lookup_choices = [value for value in self.lookup_choices if value != ""]


@admin.register(School)
class SchoolAdmin(AtomicFormsAdminMixin, SimpleHistoryAdmin):
    list_display = ["name", "code_display", "municipality", "region", "board", "partnership", "onz_member"]
    list_filter = [
        "region",
        "offers_vo",
        "offers_po",
        "offers_mbo",
        "onz_member",
        "partnership",
        ("denomination", FilledValuesListFilter),
    ]
    search_fields = ["name", "brin_code", "city", "municipality", "postcode"]
    list_select_related = ["region", "board", "partnership"]
    autocomplete_fields = ["board", "region", "partnership"]
    inlines = [SchoolMembershipInline]
    change_list_template = "admin/partnerships/school/change_list.html"
    fieldsets = (
        (None, {"fields": ("name", ("brin_code", "branch_number"), "is_active")}),
        (_("Education"), {"fields": (("offers_po", "offers_vo", "offers_mbo"), "education_structure", "denomination")}),
        (
            _("Address"),
            {
                "fields": (
                    ("street", "house_number"),
                    ("postcode", "city"),
                    ("municipality", "municipality_code"),
                    "province",
                )
            },
        ),
        (_("Contact"), {"fields": ("phone", "website")}),
        (_("Partnerships"), {"fields": ("board", "region", "partnership", "onz_member")}),
    )

    @admin.display(description=_("code"), ordering="brin_code")
    def code_display(self, obj):
        return obj.code

    def get_inlines(self, request, obj):
        # A membership needs a saved school (its service runs while the rows validate): people are
        # added once the school exists.
        return self.inlines if obj is not None else []

    def save_model(self, request, obj, form, change):
        # A page saved for its membership rows alone leaves the school (and its history) as it is.
        if not change or form.has_changed():
            super().save_model(request, obj, form, change)

    def construct_change_message(self, request, form, formsets, add=False):
        # Memberships keep their own history, written by their service; the school's log entry
        # records the school's fields only.
        formsets = [formset for formset in formsets if formset.model is not SchoolMembership]
        return super().construct_change_message(request, form, formsets, add)

    def log_change(self, request, obj, message):
        if message:
            return super().log_change(request, obj, message)
        return None

    def get_search_results(self, request, queryset, search_term):
        # A full vestigingscode (18BR00) finds its branch.
        term = search_term.strip().upper()
        if len(term) == 6 and term[4:].isdigit():
            return queryset.filter(brin_code=term[:4], branch_number=term[4:]), False
        return super().get_search_results(request, queryset, search_term)

    def get_urls(self):
        return [
            path(
                "import-duo/",
                self.admin_site.admin_view(self.import_duo_view),
                name="partnerships_school_import_duo",
            ),
            *super().get_urls(),
        ]

    def import_duo_view(self, request):
        if not (self.has_add_permission(request) and self.has_change_permission(request)):
            raise PermissionDenied
        form = DuoImportForm(request.POST or None, request.FILES or None)
        report = None
        if request.method == "POST" and form.is_valid():
            try:
                report = import_duo_file(form.cleaned_data["file"], actor=request.user)
            except DuoImportRefused as error:
                form.add_error("file", str(error.message))
            else:
                messages.success(request, report.summary())
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Import schools from DUO"),
            "form": form,
            "report": report,
        }
        return TemplateResponse(request, "admin/partnerships/school/import_duo.html", context)


class PartnershipForm(ServiceModelForm):
    """A partnership with its coordinators and member schools, saved by partnership_save."""

    member_schools = forms.ModelMultipleChoiceField(
        label=_("member schools"),
        queryset=School.objects.all(),
        required=False,
        widget=AutocompleteSelectMultiple(TrainingSchoolPartnership._meta.get_field("lead_school"), admin.site),
        help_text=_("Schools that belong to this partnership. A school belongs to one partnership at most."),
    )

    class Meta:
        model = TrainingSchoolPartnership
        fields = [
            "name",
            "slug",
            "lead_school",
            "region",
            "accredited_until",
            "coordinators",
            "description",
            "website",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and "member_schools" in self.fields:
            self.fields["member_schools"].initial = list(self.instance.member_schools.values_list("pk", flat=True))

    def call_service(self, data):
        partnership = construct_instance(self, self.instance, fields=self._meta.fields)
        return partnership_save(
            partnership=partnership,
            coordinators=data.get("coordinators", partnership.coordinators.all() if partnership.pk else []),
            member_schools=data.get("member_schools", partnership.member_schools.all() if partnership.pk else []),
            actor=self.actor,
        )


@admin.register(TrainingSchoolPartnership)
class TrainingSchoolPartnershipAdmin(ServiceFormAdminMixin, SimpleHistoryAdmin):
    form = PartnershipForm
    list_display = ["name", "lead_school", "region", "accredited_until", "member_count"]
    list_filter = ["region", "accredited_until"]
    search_fields = ["name", "lead_school__name"]
    list_select_related = ["lead_school", "region"]
    autocomplete_fields = ["lead_school", "region", "coordinators"]
    prepopulated_fields = {"slug": ["name"]}
    fieldsets = (
        (None, {"fields": ("name", "slug", "lead_school", "member_schools", "region", "accredited_until")}),
        (_("People"), {"fields": ("coordinators",)}),
        (_("About"), {"fields": ("description", "website")}),
    )

    def get_queryset(self, request):
        from django.db.models import Count

        return super().get_queryset(request).annotate(_member_count=Count("member_schools"))

    @admin.display(description=_("member schools"), ordering="_member_count")
    def member_count(self, obj):
        return obj._member_count

    @admin.display(description=_("member schools"))
    def member_schools(self, obj):
        # Shown instead of the form field to staff who may only view partnerships.
        return ", ".join(school.name for school in obj.member_schools.order_by("name")) if obj else ""


@admin.register(SchoolMembership)
class SchoolMembershipAdmin(ServiceFormAdminMixin, TenantScopedAdminMixin, SimpleHistoryAdmin):
    selector = staticmethod(selectors.membership_list_for_user)
    form = SchoolMembershipForm
    list_display = ["user", "school", "role", "active_from", "active_until"]
    list_filter = ["role", "school__region", "school__partnership"]
    search_fields = ["user__email", "user__full_name", "school__name", "school__brin_code"]
    list_select_related = ["user", "school"]
    autocomplete_fields = ["user", "school"]
    date_hierarchy = "active_from"

    def get_readonly_fields(self, request, obj=None):
        # A membership is one person's role at one school: to move it, remove it and add a new one.
        return ["user", "school"] if obj is not None else []

    def delete_model(self, request, obj):
        membership_delete(membership=obj, actor=request.user)

    def delete_queryset(self, request, queryset):
        for membership in queryset.select_related("user"):
            membership_delete(membership=membership, actor=request.user)


class InvitationAddForm(ServiceModelForm):
    """A new invitation, made (and sent) by invitation_create."""

    class Meta:
        model = SchoolInvitation
        fields = ["email", "full_name", "language", "school", "role"]

    def call_service(self, data):
        invitation, _token = invitation_create(
            school=data["school"],
            email=data["email"],
            full_name=data.get("full_name") or "",
            role=data["role"],
            language=data.get("language") or "nl",
            actor=self.actor,
        )
        return invitation


@admin.register(SchoolInvitation)
class SchoolInvitationAdmin(ServiceFormAdminMixin, TenantScopedAdminMixin, admin.ModelAdmin):
    """Invitations are made by invitation_create (the add form) and sent again by
    invitation_resend; the invitation row (who invited whom, when) is their record."""

    selector = staticmethod(selectors.invitation_list_for_user)
    list_display = ["email", "full_name", "school", "role", "status_display", "expires_at", "invited_by"]
    list_filter = ["role", "accepted_at", "school__partnership"]
    search_fields = ["email", "full_name", "school__name", "school__brin_code"]
    list_select_related = ["school", "invited_by"]
    autocomplete_fields = ["school"]
    actions = ["resend"]
    readonly_fields = [
        "email",
        "full_name",
        "language",
        "school",
        "role",
        "expires_at",
        "invited_by",
        "accepted_at",
        "accepted_by",
    ]

    def get_form(self, request, obj=None, **kwargs):
        if obj is None:
            kwargs["form"] = InvitationAddForm
        return super().get_form(request, obj, **kwargs)

    def get_readonly_fields(self, request, obj=None):
        return self.readonly_fields if obj is not None else []

    def has_change_permission(self, request, obj=None):
        # An invitation is never edited: staff resend it or invite again.
        return False if obj is not None else super().has_change_permission(request, obj)

    @admin.display(description=_("status"))
    def status_display(self, obj):
        return obj.status

    def response_add(self, request, obj, post_url_continue=None):
        messages.success(request, _("The invitation has been sent to %(email)s.") % {"email": obj.email})
        return super().response_add(request, obj, post_url_continue)

    @admin.action(description=_("Send the selected invitations again (with a new link)"))
    def resend(self, request, queryset):
        sent = 0
        for invitation in queryset:
            try:
                invitation_resend(invitation=invitation, actor=request.user)
            except PortalError as error:
                messages.warning(request, f"{invitation.email}: {error.message}")
            else:
                sent += 1
        if sent:
            messages.success(
                request,
                ngettext("%(count)d invitation sent again.", "%(count)d invitations sent again.", sent)
                % {"count": sent},
            )


@admin.register(Agreement)
class AgreementAdmin(admin.ModelAdmin):
    list_display = ["title", "partnership", "starts_on", "ends_on", "signed_on", "has_document"]
    list_filter = ["partnership", "starts_on"]
    search_fields = ["title", "partnership__name", "boards__name", "institutions__name"]
    list_select_related = ["partnership"]
    autocomplete_fields = ["partnership", "boards", "institutions"]
    date_hierarchy = "starts_on"

    @admin.display(description=_("document"), boolean=True)
    def has_document(self, obj):
        return bool(obj.document)
