"""What the activities slice tells the slices after it. Sent by the services after their
transaction commits.

- `meeting_cancelled(sender=Meeting, meeting=...)`: staff cancelled one meeting of a session that
  goes on (services/sessions.py `meeting_cancel`); the completion slice evaluates its
  participants' completion rule again, since the meeting no longer counts.
"""

from django.dispatch import Signal

meeting_cancelled = Signal()
