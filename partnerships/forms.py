from django import forms
from django.utils.translation import gettext_lazy as _


class AcceptInvitationForm(forms.Form):
    """Choose a password for the account that an invitation creates."""

    password1 = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("At least 10 characters; not only digits and not a common password."),
    )
    password2 = forms.CharField(
        label=_("Password (again)"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("password1") and cleaned.get("password1") != cleaned.get("password2"):
            self.add_error("password2", _("The two passwords are not the same."))
        return cleaned


class DuoImportForm(forms.Form):
    file = forms.FileField(
        label=_("DUO file 'alle vestigingen VO'"),
        help_text=_("The CSV file as DUO publishes it (semicolon-separated, Latin-1 or UTF-8)."),
    )
