"""The public verifier's form: paste a credential or upload its file."""

from django import forms
from django.utils.translation import gettext_lazy as _

from professionalisation.credentials.openbadges import MAX_LENGTH


class VerifyForm(forms.Form):
    credential = forms.CharField(
        label=_("Credential"),
        required=False,
        max_length=MAX_LENGTH,
        # One of the two fields is needed: neither is marked "(optional)" (includes/form_field.html).
        widget=forms.Textarea(attrs={"rows": 6, "spellcheck": "false", "autocomplete": "off", "data_one_of": "1"}),
        help_text=_("Paste the credential: the text of the .jwt file, or its JSON."),
    )
    file = forms.FileField(
        label=_("Or choose the credential's file"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"data_one_of": "1"}),
        help_text=_("A .jwt or .json file of at most 200 kB."),
    )

    def clean(self):
        data = super().clean()
        upload = data.get("file")
        if upload is not None:
            if upload.size > MAX_LENGTH:
                raise forms.ValidationError(_("The file is too large to be a credential."))
            data["value"] = upload.read()
        elif data.get("credential"):
            data["value"] = data["credential"]
        else:
            raise forms.ValidationError(_("Paste a credential or choose a file."))
        return data
