"""Admin of learning circles and development paths, in the admin pattern of iclon/core/admin.py.

- Circles, their members, meetings, practice questions and products are written by
  professionalisation/circles/services.py: each add or change form is a ServiceModelForm whose
  save is the service (a refusal is an error on the form, nothing saved), the circle's inlines
  (members, meetings) too. A membership is never edited: it is ended (its end date, or the action
  "End the memberships today"). Questions move along through actions (`practice_question_set_status`).
- Development paths are the catalogue's entries, saved as they are with their steps (as activities
  are); steps move up or down through actions (`path_step_move`).
- Completed modules of the teacher education are recorded through `prior_module_record`.
"""

from professionalisation.circles.admin import circles, paths  # noqa: F401
