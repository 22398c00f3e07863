"""Admin of professional development: activities, sessions, meetings, registrations and the
waiting list.

Places change only through professionalisation/activities/services/, in the admin pattern of
iclon/core/admin.py:

- A session's capacity is changed by `session_capacity_change`, called by the session form (a
  ServiceModelForm) while it validates: a capacity below the places taken or offered is an error
  on the field with the input kept, and more places go to the waiting list at once. The session's
  other fields (its name, deadlines, ONZ places) are plain data that no service owns yet; they
  are saved as they are, in the same transaction, so a refused capacity leaves them unchanged
  too. Its meetings (the inline, and their own pages) are added, changed and removed by
  services/sessions.py: a change is told to the session's people, and a meeting of a session
  with people is not removed.
- Registrations and waiting-list entries are never added or edited by hand. Staff register
  someone with the add form of Registration, whose save is `registration_create` (the one way
  into a session, so the capacity, the queue, the duplicate check and the confirmation e-mail are
  those of every other edge); when the session is full the person goes on the waiting list (or,
  unticked, the form says the session is full). Choosing that form over a page of our own keeps
  the admin's autocomplete widgets, permissions and error display for free.
- Status changes are actions that call one service per selected row, each in its own
  transaction (one refusal does not undo the others) and report what was refused: cancel
  registrations (`registration_cancel`), cancel sessions (`session_cancel`, with a reason),
  promote from the waiting list (`waiting_list_promote`, with a reason) and take people off it
  (`waiting_list_leave`), remove meetings (`meeting_delete`) and renew calendar feeds
  (`calendar_feed_renew`). Each first shows a confirmation page with its form, as Django's delete
  does (`ActionPageMixin.confirmed_action`, template admin/professionalisation/action_confirm.html).
- Calendar feeds are read-only and never show their secret token.

The changelists run a fixed number of queries whatever their length: relations come with
`list_select_related`, and a session's places (taken, held by an offer, left, waiting) are
annotated as subqueries, one query per page rather than several per row.
"""

from professionalisation.activities.admin import (  # noqa: F401
    activities,
    calendar,
    invitations,
    registrations,
    sessions,
)
