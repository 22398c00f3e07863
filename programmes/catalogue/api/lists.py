"""The pathway list of the API, read as plain rows: the columns the list shows and nothing else.

`PathwayListSerializer` stays the resource's description (the schema); a page of the list is built
here from `values()` rows, two flat queries for the subjects and the coming start moments, and no
model instances or serializer fields. The JSON is the serializer's, key for key
(tests/api/test_api_lists.py compares the two)."""

import datetime
from collections import defaultdict
from collections.abc import Sequence

from django.db.models import QuerySet
from django.utils import translation

from programmes.catalogue.models import Pathway, StartMoment

#: What a row of `/api/v1/pathways/` reads from the pathway, its programme and its qualification.
PATHWAY_COLUMNS = (
    "id",
    "slug",
    "name_nl",
    "name_en",
    "summary_nl",
    "summary_en",
    "programme__slug",
    "programme__name_nl",
    "programme__name_en",
    "qualification__slug",
    "qualification__kind",
    "qualification__name_nl",
    "qualification__name_en",
    "sector",
    "mode",
    "ec",
    "duration_months",
    "requires_teaching_job",
)


def pathway_rows(queryset: QuerySet[Pathway]) -> QuerySet:
    """`queryset` as the rows a page of the list reads (two INNER JOINs, no prefetch)."""
    return queryset.values(*PATHWAY_COLUMNS)


def _localized(row: dict, field: str, language: str) -> str:
    # As iclon.core.i18n.localized, on a row: the active language's text, else the Dutch one.
    return row.get(f"{field}_{language}", "") or row[f"{field}_nl"] or ""


def pathway_list_data(rows: Sequence[dict], *, today: datetime.date) -> list[dict]:
    """The list's JSON for `rows` of `pathway_rows`: PathwayListSerializer's fields, in its order.
    Start moments are those from `today` on; `is_open` while their deadline is not past `today`."""
    ids = [row["id"] for row in rows]
    subjects: dict[int, list[str]] = defaultdict(list)
    starts: dict[int, list[dict]] = defaultdict(list)
    if ids:
        # As the prefetch of `subjects` orders them: SchoolSubject's ordering (order, name_nl).
        through = Pathway.subjects.through.objects.filter(pathway_id__in=ids).order_by(
            "schoolsubject__order", "schoolsubject__name_nl"
        )
        for pathway_id, slug in through.values_list("pathway_id", "schoolsubject__slug"):
            subjects[pathway_id].append(slug)
        coming = StartMoment.objects.filter(pathway_id__in=ids, starts_on__gte=today).order_by("starts_on")
        for pathway_id, starts_on, deadline in coming.values_list("pathway_id", "starts_on", "application_deadline"):
            starts[pathway_id].append(
                {
                    "starts_on": starts_on.isoformat(),
                    "application_deadline": deadline.isoformat(),
                    "is_open": deadline >= today,
                }
            )
    language = (translation.get_language() or "nl")[:2]
    return [
        {
            "slug": row["slug"],
            "name": _localized(row, "name", language),
            "name_nl": row["name_nl"],
            "name_en": row["name_en"],
            "summary": _localized(row, "summary", language),
            "programme": {
                "slug": row["programme__slug"],
                "name": _localized(row, "programme__name", language),
            },
            "qualification": {
                "slug": row["qualification__slug"],
                "kind": row["qualification__kind"],
                "name": _localized(row, "qualification__name", language),
            },
            "sector": row["sector"],
            "mode": row["mode"],
            "ec": row["ec"],
            "duration_months": row["duration_months"],
            "subjects": subjects.get(row["id"], []),
            "requires_teaching_job": row["requires_teaching_job"],
            "start_moments": starts.get(row["id"], []),
        }
        for row in rows
    ]
