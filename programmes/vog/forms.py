"""The trainee's upload of a certificate of conduct, and staff's refusal with a reason."""

from django import forms
from django.utils.translation import gettext_lazy as _


class VogUploadForm(forms.Form):
    issued_on = forms.DateField(
        label=_("Date on the certificate"),
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={
            "required": _("Enter the date on the certificate."),
            "invalid": _("Enter the date as day, month and year."),
        },
    )
    file = forms.FileField(
        label=_("The certificate (PDF, JPEG or PNG)"),
        error_messages={
            "required": _("Choose the file of your certificate (PDF, JPEG or PNG)."),
            "empty": _("The file is empty."),
        },
    )


class VogRejectForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is it not accepted?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=1000,
        error_messages={"required": _("Say why, so the trainee knows what to upload instead.")},
    )
