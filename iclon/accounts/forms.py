from django import forms
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from iclon.accounts.models import Language, User


class SignupForm(forms.Form):
    """Extra fields on allauth's sign-up form (allauth calls `signup` after saving the user)."""

    full_name = forms.CharField(
        label=_("Full name"), max_length=200, widget=forms.TextInput(attrs={"autocomplete": "name"})
    )
    language = forms.ChoiceField(label=_("Preferred language"), choices=Language.choices)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].initial = translation.get_language() or Language.DUTCH

    def signup(self, request, user):
        """allauth requires this hook. The fields are already set by AccountAdapter.save_user
        before the user's first save, so there is nothing left to store here."""


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["full_name", "language"]
        widgets = {"full_name": forms.TextInput(attrs={"autocomplete": "name"})}


class ApiTokenForm(forms.Form):
    EXPIRY_CHOICES = [("30", _("30 days")), ("90", _("90 days")), ("365", _("one year")), ("", _("never"))]

    name = forms.CharField(
        label=_("Name"),
        max_length=100,
        help_text=_("What the token is for, e.g. 'nightly export of our trainees'."),
    )
    expires_days = forms.TypedChoiceField(
        label=_("Expires after"),
        choices=EXPIRY_CHOICES,
        coerce=int,
        empty_value=None,
        required=False,
        initial="90",
    )


class ErasureRequestForm(forms.Form):
    """The person's request to delete their account: confirmed with their password."""

    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text=_("To confirm that it is you who asks."),
    )
    reason = forms.CharField(
        label=_("Why"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
