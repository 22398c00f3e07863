"""The one exception family that services raise.

Views turn a PortalError into a form error or a message, the API into a 400/409 response; the
message is already translated, so every edge can show it as it is.
"""

from django.utils.translation import gettext_lazy as _


class PortalError(Exception):
    """A rule of the domain refused the change. Nothing was written."""

    default_message = _("The request could not be carried out.")
    status_code = 400

    def __init__(self, message=None, *, field=None):
        self.message = message or self.default_message
        self.field = field
        super().__init__(str(self.message))


def full_clean_or_raise(instance, *, exclude=()) -> None:
    """Run the model's validation; its first error becomes a PortalError on that field. Scopes are
    off: constraint checks query the table, and services are trusted code."""
    from django.core.exceptions import ValidationError
    from django_scopes import scopes_disabled

    try:
        # scope: constraint checks query the whole table, whichever scope the request set.
        with scopes_disabled():
            instance.full_clean(exclude=list(exclude))
    except ValidationError as error:
        field, messages = next(iter(error.message_dict.items()))
        raise PortalError(" ".join(messages), field=None if field == "__all__" else field) from error


class NotAllowed(PortalError):
    default_message = _("You are not allowed to do this.")
    status_code = 403


class Conflict(PortalError):
    default_message = _("This conflicts with the current state.")
    status_code = 409
