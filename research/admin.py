"""The admin of research: each slice registers its own model admins (the admin modules of
research/knowledge, research/people, research/projects, research/publications and
research/questions, research/coordination). `register_tagged_inline` stays importable from here for the apps that tag
with principles."""

from research.coordination import admin as coordination_admin  # noqa: F401
from research.knowledge import admin as knowledge_admin  # noqa: F401
from research.knowledge.admin import register_tagged_inline  # noqa: F401
from research.people import admin as people_admin  # noqa: F401
from research.projects import admin as projects_admin  # noqa: F401
from research.publications import admin as publications_admin  # noqa: F401
from research.questions import admin as questions_admin  # noqa: F401
