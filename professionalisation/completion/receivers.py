"""The completion rule follows the meetings (professionalisation/activities/signals.py): when one
meeting of a session is cancelled it no longer counts, so the rule is evaluated again for every
confirmed registration of the session (someone who attended every other meeting may complete
now). Sent after the cancellation's transaction commits; each evaluation is a transaction of its
own, under the registration's lock."""

from professionalisation.activities.models import Meeting, Registration, RegistrationStatus
from professionalisation.activities.signals import meeting_cancelled
from professionalisation.completion.services import completion_evaluate


def _meeting_cancelled(sender, meeting: Meeting, **kwargs) -> None:
    registrations = Registration.objects.filter(
        session_id=meeting.session_id, status=RegistrationStatus.CONFIRMED
    ).select_related("session__activity", "participant")
    for registration in registrations:
        completion_evaluate(registration=registration)


def connect() -> None:
    meeting_cancelled.connect(_meeting_cancelled, dispatch_uid="completion.meeting_cancelled")
