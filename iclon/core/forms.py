"""Forms whose save is a service call, and the one helper that turns a service's refusal into a
form error.

A `ServiceModelForm` calls its service while it validates (in `clean()`), so a refusal becomes an
error on the form with the input kept and nothing saved; the admin (iclon/core/admin.py) then
has nothing left to write.
"""

from django import forms
from django.db import models

from iclon.core.errors import PortalError


def add_portal_error(form: forms.BaseForm, error: PortalError) -> None:
    """Show a service's refusal on `form`: on the field it names when the form has that field,
    else as an error of the whole form."""
    field = error.field if error.field in form.fields else None
    form.add_error(field, str(error.message))


class ServiceModelForm(forms.ModelForm):
    """A model form whose save is a service call, made while the form validates.

    Subclasses define `call_service(data)`, which returns the saved row, and, for the rows of an
    inline that can be removed, `delete_service(instance)` (called by ServiceInlineFormSet). `actor`
    is set by the admin (ServiceFormAdminMixin, ServiceInlineMixin). The service is not called for
    a row that is unchanged or that an inline formset is about to delete."""

    actor = None

    def call_service(self, data: dict) -> models.Model:  # pragma: no cover - each form defines it
        raise NotImplementedError

    def delete_service(self, instance: models.Model) -> None:  # pragma: no cover - removable rows define it
        raise NotImplementedError

    def needs_service(self) -> bool:
        if self.cleaned_data.get("DELETE"):
            return False
        return self.instance.pk is None or self.has_changed()

    def clean(self):
        data = super().clean()
        if self.errors or not self.needs_service():
            return data
        try:
            self.instance = self.call_service(data)
        except PortalError as error:
            add_portal_error(self, error)
        return data

    def _post_clean(self):
        # The service validated and saved the row; the model form's own construction and
        # validation would only repeat it (and could overwrite what the service normalised).
        pass
