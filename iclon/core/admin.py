"""The admin's side of "changes go through the services" (no models of iclon.core are registered).

The pattern, the same in every app:

- A form whose save is a service call (iclon/core/forms.py `ServiceModelForm`) calls the service in
  `clean()`, so a refusal is an error on that form (or on the field it names) with the input kept.
- `ServiceFormAdminMixin` gives the form its actor and writes nothing itself (`save_model` and
  `save_related` only let the inlines' formsets finish); `ServiceInlineMixin` does the same for the
  rows of an inline, whose removal is a service call too.
- `AtomicFormsAdminMixin`: a page is saved whole or not at all; when one form of it (the object,
  an inline row, a row of an editable changelist) is refused, what the others' services wrote is
  rolled back and the page is shown again with the errors.
- `ServiceHistoryAdmin`: the services write the audit trail (history rows, transition records);
  the admin writes no second record of the same change (a `LogEntry`) and never rewrites the
  history (`ReadOnlyHistoryMixin`).
"""

import copy

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import router, transaction
from django.forms.models import BaseInlineFormSet

from iclon.core.errors import PortalError

# Set on the request once the admin went on to save: every form of the page was valid.
_SAVED = "_iclon_admin_saved"


class ReadOnlyHistoryMixin:
    """The history (django-simple-history) is for reading: reverting would write rows behind the
    services' back."""

    def revert_disabled(self, request, obj=None):
        return True

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method == "POST":
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)


class ServiceHistoryAdmin(ReadOnlyHistoryMixin):
    """The admin of a model whose changes the services make and record: the service's history
    rows (and records such as an application's status transitions) are the one audit trail, so
    the admin logs no `LogEntry` of its own for an addition, change or deletion."""

    def log_addition(self, request, obj, message):
        return None

    def log_change(self, request, obj, message):
        return None

    def log_deletion(self, request, obj, object_repr):
        return None

    def log_deletions(self, request, queryset):
        return None


class AtomicFormsAdminMixin:
    """Services write while the forms validate. When one form of the page (the object, an inline
    row, a row of an editable changelist) is refused, the admin shows the page again with the
    errors: what the valid forms' services wrote is rolled back, so a page is saved whole or not
    at all."""

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        with transaction.atomic(using=router.db_for_write(self.model)):
            response = super().changeform_view(request, object_id, form_url, extra_context)
            if request.method == "POST" and not getattr(request, _SAVED, False):
                transaction.set_rollback(True)
        return response

    def changelist_view(self, request, extra_context=None):
        with transaction.atomic(using=router.db_for_write(self.model)):
            response = super().changelist_view(request, extra_context)
            if request.method == "POST" and "_save" in request.POST and not getattr(request, _SAVED, False):
                transaction.set_rollback(True)
        return response

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        setattr(request, _SAVED, True)


def with_actor(form_class, actor):
    """`form_class` with the signed-in user as the actor of its service calls."""
    return type(form_class.__name__, (form_class,), {"actor": actor})


class ServiceFormAdminMixin(ServiceHistoryAdmin, AtomicFormsAdminMixin):
    """The admin of a model whose form (a ServiceModelForm, also for `list_editable`) saves
    through a service."""

    def get_form(self, request, obj=None, change=False, **kwargs):
        return with_actor(super().get_form(request, obj, change=change, **kwargs), request.user)

    def get_changelist_form(self, request, **kwargs):
        kwargs.setdefault("form", self.form)
        return with_actor(super().get_changelist_form(request, **kwargs), request.user)

    def save_model(self, request, obj, form, change):
        # Saved by the service in the form's clean(); never obj.save() here.
        pass

    def save_related(self, request, form, formsets, change):
        # The service set the row's many-to-many relations itself: only the inlines are saved.
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)
        setattr(request, _SAVED, True)


class ServiceInlineFormSet(BaseInlineFormSet):
    """The rows of an inline whose forms are ServiceModelForms: each row's service ran while it
    validated, and a row ticked for removal is removed by its form's `delete_service` while the
    formset validates, so a refused removal is an error above the rows. Saving writes nothing."""

    actor = None

    def clean(self):
        super().clean()
        refusals = []
        for form in self.initial_forms:
            if not (self.can_delete and self._should_delete_form(form)) or form.instance.pk is None:
                continue
            try:
                # A copy: the row stays on the page as it was, should another row be refused.
                form.delete_service(copy.copy(form.instance))
            except PortalError as error:
                refusals.append(str(error.message))
        if refusals:
            raise ValidationError(refusals)

    def save_new(self, form, commit=True):
        return form.instance  # created by the service while the form validated

    def save_existing(self, form, obj, commit=True):
        return form.instance  # changed by the service while the form validated

    def delete_existing(self, obj, commit=True):
        pass  # removed by the service while the formset validated


class ServiceInlineMixin:
    """An inline whose rows are saved (and removed) by services: the forms get the actor."""

    formset = ServiceInlineFormSet

    def get_formset(self, request, obj=None, **kwargs):
        kwargs["form"] = with_actor(kwargs.get("form", self.form), request.user)
        return with_actor(super().get_formset(request, obj, **kwargs), request.user)
