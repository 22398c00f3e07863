from django.utils.translation import gettext_lazy as _

from iclon.core.slices import DomainAppConfig


class ResearchConfig(DomainAppConfig):
    """Samen onderzoeken: the knowledge base of teaching-learning principles, ICLON's researchers,
    their research projects and publications, and the research questions that schools bring in.

    One app (one app label, one migrations folder) in slices, each depending only on the ones
    before it (see iclon/core/slices.py and docs/architecture.md): `knowledge` (the twelve
    principles), `people` (researchers), `projects` (research projects, their members and
    outputs), `publications` (publications, their import, export and citation), `questions`
    (schools' practice questions: review, matching, answer, rating) and `coordination` (faculty
    staff's requests for support with higher-education research, and the team's queue)."""

    name = "research"
    verbose_name = _("Research")
    slices = ("knowledge", "people", "projects", "publications", "questions", "coordination")
