"""The fixed registry of webhook event types: what a subscription may ask for.

A domain app publishes one of these (iclon.webhooks.services.publish); a new event type is added
here first, with its label, so that subscriptions, the admin and the API schema know it."""

from django.utils.translation import gettext_lazy as _

APPLICATION_SUBMITTED = "application.submitted"
APPLICATION_DECIDED = "application.decided"
PLACEMENT_CONFIRMED = "placement.confirmed"
PLACEMENT_CANCELLED = "placement.cancelled"
# Sent only by "send a test event" (admin and API), to the one subscription; never subscribed to.
TEST = "webhook.test"

EVENT_TYPES = {
    APPLICATION_SUBMITTED: _("An application was submitted"),
    APPLICATION_DECIDED: _("An application was decided (admitted, admitted with conditions or rejected)"),
    PLACEMENT_CONFIRMED: _("A school confirmed a placement"),
    PLACEMENT_CANCELLED: _("A placement was cancelled"),
}


def event_type_choices() -> list[tuple[str, str]]:
    return list(EVENT_TYPES.items())
