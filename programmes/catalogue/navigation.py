"""The catalogue's header link: the routes into teaching, for everybody; and the modules of the
published pathways on a teaching-learning principle's page of the knowledge base."""

from django.urls import reverse
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from iclon.core.navigation import NavItem
from programmes.catalogue.models import Module
from research.knowledge.sections import (
    PrincipleCounts,
    PrincipleSection,
    TaggedItem,
    counts_by_principle,
    tagged_section,
)


def navigation(request) -> list[NavItem]:
    return [NavItem(_("Routes into teaching"), reverse("programmes:catalogue"), "/routes/")]


def _item(module: Module) -> TaggedItem:
    return TaggedItem(
        title=module.name,
        # The module's row in the pathway's structure.
        url=reverse("programmes:pathway-detail", args=[module.pathway.slug]) + "#structure-title",
        meta=f"{module.pathway.name} · {module.ec} EC",
    )


def principle_sections(request, principle) -> list[PrincipleSection]:
    """The modules of published pathways tagged with `principle`, by pathway. The catalogue has no
    list of modules to narrow, so the section has no "see all" link: the page says how many more."""
    rows = (
        Module.objects.filter(principles=principle, pathway__is_published=True)
        .select_related("pathway")
        .order_by("pathway__order", "pathway__name_nl", "order", "pk")
    )
    return [
        tagged_section(
            rows,
            key="modules",
            title=gettext("Modules of the teacher education"),
            item=_item,
            empty_text=gettext("No module of the teacher education is tagged with this principle yet."),
        )
    ]


def principle_counts(request) -> list[PrincipleCounts]:
    public = Module.principles.through.objects.filter(module__pathway__is_published=True)
    return [
        PrincipleCounts(
            "modules",
            counts_by_principle(public, "module_id"),
            lambda n: ngettext("%(count)d module", "%(count)d modules", n) % {"count": n},
        )
    ]
