"""Password validators with the portal's own wording, and the portal catalogue's copies of a few
third-party msgids.

Django's validators speak formally in Dutch ("Uw wachtwoord …"), the portal says "je". The
subclasses below change only the texts: the checks themselves are Django's. AUTH_PASSWORD_VALIDATORS
in iclon/settings.py points at them.
"""

from django.contrib.auth import password_validation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, ngettext


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    def get_error_message(self):
        return ngettext(
            "This password is too short. It must contain at least %(min_length)d character.",
            "This password is too short. It must contain at least %(min_length)d characters.",
            self.min_length,
        ) % {"min_length": self.min_length}

    def get_help_text(self):
        return ngettext(
            "Your password must contain at least %(min_length)d character.",
            "Your password must contain at least %(min_length)d characters.",
            self.min_length,
        ) % {"min_length": self.min_length}


class CommonPasswordValidator(password_validation.CommonPasswordValidator):
    def get_error_message(self):
        return _("This password is too common. Choose one that is harder to guess.")

    def get_help_text(self):
        return _("Your password cannot be a commonly used password.")


class NumericPasswordValidator(password_validation.NumericPasswordValidator):
    def get_error_message(self):
        return _("This password consists of digits only.")

    def get_help_text(self):
        return _("Your password cannot consist of digits only.")


class UserAttributeSimilarityValidator(password_validation.UserAttributeSimilarityValidator):
    # The settings compare the password with the user's e-mail address and full name.
    def get_error_message(self):
        # Django fills in verbose_name: the field's name in the current language, e.g. "e-mail address".
        return _("This password is too similar to your %(verbose_name)s.")

    def get_help_text(self):
        return _("Your password cannot be too similar to your name or e-mail address.")


# Not used by any code: this tuple only puts these msgids into the portal's own catalogue
# (locale/), because `make messages` extracts from the project's source only and drops what it
# does not find there (--no-obsolete). They are texts of django-allauth's Python code that users
# see on the two-factor and re-authentication pages (form labels, error messages, buttons). The
# portal's catalogue comes first (LOCALE_PATHS), so its translation wins over allauth's, and the
# Dutch wording matches the rest of the portal ("je", "tweestapsverificatie", "inloggen"). The
# English msgids must stay exactly as allauth writes them, or they no longer match.
ALLAUTH_MSGIDS = (
    # allauth/mfa/base/forms.py, allauth/mfa/totp/forms.py
    gettext_noop("Code"),
    gettext_noop("Authenticator code"),
    # allauth/mfa/adapter.py: DefaultMFAAdapter.error_messages
    gettext_noop("Incorrect code."),
    gettext_noop("You cannot add an email address to an account protected by two-factor authentication."),
    gettext_noop("You cannot deactivate two-factor authentication."),
    gettext_noop("You cannot generate recovery codes without having two-factor authentication enabled."),
    gettext_noop("You cannot activate two-factor authentication until you have verified your email address."),
    # allauth/mfa/models.py: Authenticator.Type (the admin shows them)
    gettext_noop("Recovery codes"),
    gettext_noop("TOTP Authenticator"),
    # allauth/account/adapter.py: rate limits of the code forms, and the re-authentication choices
    gettext_noop("Too many failed login attempts. Try again later."),
    gettext_noop("Be patient, you are sending too many requests."),
    gettext_noop("Use your password"),
    gettext_noop("Use authenticator app or code"),
    # allauth/templates/account/base_reauthenticate.html and reauthenticate.html: the page that
    # asks for the password or a code again before two-factor settings change.
    gettext_noop("Confirm Access"),
    gettext_noop("Please reauthenticate to safeguard your account."),
    gettext_noop("Enter your password:"),
)
