"""Admin of the research app: the twelve teaching-learning principles.

The principles are reference data (loaded by a migration); staff of the research group may
reword them. What is tagged with a principle belongs to the apps that tag (programmes tags
modules; professionalisation will tag activities). Those apps contribute a read-only inline with
`register_tagged_inline`, so that this app knows none of them (dependencies point from the
specific to the general, STYLE.md §1).
"""

from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from research.knowledge.models import TeachingLearningPrinciple

_TAGGED_INLINES: list[type[admin.options.InlineModelAdmin]] = []


def register_tagged_inline(inline: type[admin.options.InlineModelAdmin]) -> type[admin.options.InlineModelAdmin]:
    """Show `inline` (of what another app tags with a principle) on the principle's page."""
    if inline not in _TAGGED_INLINES:
        _TAGGED_INLINES.append(inline)
    return inline


@admin.register(TeachingLearningPrinciple)
class TeachingLearningPrincipleAdmin(admin.ModelAdmin):
    list_display = ["name_nl", "name_en", "slug", "order", "tag_count"]
    search_fields = ["name_nl", "name_en", "slug", "statement_nl", "statement_en"]
    ordering = ["order", "name_nl"]
    list_per_page = 50
    fields = ["name_nl", "name_en", "slug", "statement_nl", "statement_en", "order"]
    prepopulated_fields = {"slug": ["name_nl"]}

    def get_queryset(self, request):
        # How often each principle is used, over every relation other apps tag with (modules,
        # later activities and projects), counted in the changelist's one query.
        relations = [rel.get_accessor_name() for rel in self.model._meta.related_objects if rel.many_to_many]
        return (
            super()
            .get_queryset(request)
            .annotate(**{f"_tagged_{name}": Count(name, distinct=True) for name in relations})
        )

    @admin.display(description=_("times tagged"))
    def tag_count(self, obj):
        return sum(value for name, value in vars(obj).items() if name.startswith("_tagged_"))

    def get_inlines(self, request, obj):
        return [*super().get_inlines(request, obj), *(_TAGGED_INLINES if obj is not None else [])]
