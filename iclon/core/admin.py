"""Mixins of admins whose saves go through services (no models of iclon.core are registered).

The pattern: the form calls the service in `clean()` (iclon/core/forms.py `ServiceModelForm`), so
a refusal is a form error; the admin's own `save_model` and `save_related` write nothing, and the
service's history rows are the audit trail (the admin writes no second `LogEntry`).
"""

from django.core.exceptions import PermissionDenied
from django.db import router, transaction

# Set on the request once the admin went on to save: every form of the page was valid.
_SAVED = "_iclon_admin_saved"


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


class ServiceFormAdminMixin(AtomicFormsAdminMixin):
    """The admin of a model whose form (a ServiceModelForm, also for `list_editable`) saves
    through a service."""

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        return type(form.__name__, (form,), {"actor": request.user})

    def get_changelist_form(self, request, **kwargs):
        kwargs.setdefault("form", self.form)
        form = super().get_changelist_form(request, **kwargs)
        return type(form.__name__, (form,), {"actor": request.user})

    def save_model(self, request, obj, form, change):
        # Saved by the service in the form's clean(); never obj.save() here.
        pass

    def save_related(self, request, form, formsets, change):
        # The service set the row's many-to-many relations itself: only the inlines are saved.
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)
        setattr(request, _SAVED, True)

    # The service's history rows record who changed what: no second record in the LogEntry table.
    def log_addition(self, request, obj, message):
        return None

    def log_change(self, request, obj, message):
        return None


class ReadOnlyHistoryMixin:
    """The history (django-simple-history) is for reading: reverting would write rows behind the
    services' back."""

    def revert_disabled(self, request, obj=None):
        return True

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method == "POST":
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)
