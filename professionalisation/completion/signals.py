"""What the completion slice tells the slices after it (professionalisation/credentials/ issues and
revokes microcredentials on these). Sent by the completion services after their transaction commits.

- `completion_recorded(sender=Completion, completion=...)`: a registration met its activity's rule
  (again, if an earlier completion had been withdrawn).
- `completion_withdrawn(sender=Completion, completion=..., reason=...)`: corrected attendance or a
  failed assignment no longer meets the rule, or staff withdrew it.
"""

from django.dispatch import Signal

completion_recorded = Signal()
completion_withdrawn = Signal()
