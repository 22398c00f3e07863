"""Orientation on the teaching profession plugs into the catalogue (programmes/catalogue/hooks.py),
which knows nothing of it: the route finder's answers (page and API) get the coming orientation
activities and materials that suit the person's subject and sector, and a pathway's page the coming
orientation activities for its subjects.

The pathway's page is cached for anonymous visitors; the signals below retire it when an
orientation activity, its sessions (their status turns full or open as places go and come), meetings
or subjects change (materials are shown only with the finder's answers, which are never cached).
Signals rather than calls in services, for the reason cache.py gives: this is
infrastructure, and activities change through the admin's forms, inlines and actions too.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models.signals import m2m_changed, post_delete, post_save

from iclon.core.navigation import PageSection
from professionalisation.activities.models import Activity, Meeting, Session
from professionalisation.outreach.api.orientation import OrientationActivitySerializer, OrientationMaterialSerializer
from professionalisation.outreach.models.orientation import ORIENTATION_KINDS
from professionalisation.outreach.selectors import orientation as selectors
from programmes.catalogue import hooks

FINDER_TEMPLATE = "professionalisation/outreach/orientation/_finder.html"
PATHWAY_TEMPLATE = "professionalisation/outreach/orientation/_pathway.html"


@dataclass(frozen=True)
class OrientationOnCatalogue:
    """The catalogue's extension (hooks.CatalogueExtension) of orientation on the teaching profession."""

    def finder_extras(self, *, question, result) -> list[hooks.FinderExtra]:
        subject_ids = [question.subject.pk] if question.subject is not None else None
        coming = selectors.coming_orientation(subject_ids=subject_ids, sector=question.sector)
        materials = list(selectors.orientation_materials(subject_ids=subject_ids, sector=question.sector))
        section = PageSection(
            FINDER_TEMPLATE,
            {"orientation": coming, "orientation_materials": materials, "no_route_fits": not result.fits},
        )
        return [
            hooks.FinderExtra("orientation_activities", coming, section),
            hooks.FinderExtra("orientation_materials", materials),
        ]

    def finder_api_fields(self) -> dict:
        return {
            "orientation_activities": OrientationActivitySerializer(
                many=True,
                read_only=True,
                help_text="Coming orientation activities on the teaching profession (taster days, a day as a "
                "teacher, information evenings) that suit the subject and sector, soonest first.",
            ),
            "orientation_materials": OrientationMaterialSerializer(
                many=True, read_only=True, help_text="Orientation materials (links) that suit the subject and sector."
            ),
        }

    def pathway_sections(self, *, pathway) -> list[PageSection]:
        subject_ids = [subject.pk for subject in pathway.subjects.all()] or None
        coming = selectors.coming_orientation(subject_ids=subject_ids, sector=pathway.sector)
        if not coming:
            return []
        return [PageSection(PATHWAY_TEMPLATE, {"orientation": coming, "pathway": pathway})]


def _activity_changed(*, instance: Activity, **kwargs) -> None:
    # Every change of an activity: its kind may just have stopped being an orientation kind.
    hooks.pages_changed()


def _session_changed(*, instance: Session, **kwargs) -> None:
    if instance.activity.kind in ORIENTATION_KINDS:
        hooks.pages_changed()


def _meeting_changed(*, instance: Meeting, **kwargs) -> None:
    if instance.session.activity.kind in ORIENTATION_KINDS:
        hooks.pages_changed()


def _deleted(**kwargs) -> None:
    # The rows above may be gone already (a cascade): retire the pages whatever was deleted.
    hooks.pages_changed()


def _subjects_changed(*, action: str, **kwargs) -> None:
    if action.startswith("post_"):
        hooks.pages_changed()


def connect() -> None:
    hooks.register(OrientationOnCatalogue())
    uid = "outreach-orientation-pages"
    post_save.connect(_activity_changed, sender=Activity, dispatch_uid=f"{uid}-activity")
    post_save.connect(_session_changed, sender=Session, dispatch_uid=f"{uid}-session")
    post_save.connect(_meeting_changed, sender=Meeting, dispatch_uid=f"{uid}-meeting")
    for model in (Activity, Session, Meeting):
        post_delete.connect(_deleted, sender=model, dispatch_uid=f"{uid}-delete-{model._meta.model_name}")
    m2m_changed.connect(_subjects_changed, sender=Activity.subjects.through, dispatch_uid=f"{uid}-subjects")
