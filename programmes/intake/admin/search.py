"""The admin's text search, shaped so that PostgreSQL's trigram indexes can answer it.

Django's own search (ModelAdmin.get_search_results) ORs an `icontains` per search field in one
WHERE clause. When some of those fields sit behind a join (`applicant__email`), the OR spans two
tables and no index can answer it: PostgreSQL read every row of both, most of a second at
100,000 applications. Here the related table is searched on its own first, and the application
is matched on its foreign key:

    WHERE UPPER(first_name::text) LIKE UPPER('%word%')
       OR UPPER(last_name::text) LIKE UPPER('%word%')
       OR applicant_id IN (<ids of the accounts whose e-mail or name contains the word>)

which PostgreSQL answers with a BitmapOr of the two GIN trigram indexes of migration
programmes 0006_application_search_trigram and the B-tree index of the foreign key (the accounts
are found through their own trigram indexes). See `_related_match` for a word that matches too
many accounts for that to pay.

The results are Django's: the term is split the admin's way (quoted phrases kept whole), a row
matches a word when any search field contains it, case-insensitively, and it must match every
word. On SQLite, without the indexes, it is the same search as before, with a subquery.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.db import connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import ForeignKey, Q, QuerySet
from django.utils.text import smart_split, unescape_string_literal


def search_words(search_term: str) -> list[str]:
    """The words of a search as the admin splits them: on spaces, quoted phrases kept whole."""
    words = []
    for bit in smart_split(search_term):
        if bit.startswith(('"', "'")) and bit[0] == bit[-1]:
            bit = unescape_string_literal(bit)
        words.append(bit)
    return words


def _any_contains(columns: Sequence[str], word: str) -> Q:
    condition = Q()
    for column in columns:
        condition |= Q(**{f"{column}__icontains": word})
    return condition


# Above this many matching rows of a related table, a word is too common for an index to pay.
MAX_RELATED_IDS = 500


def _related_match(field: ForeignKey, columns: Sequence[str], word: str, connection: BaseDatabaseWrapper) -> Q:
    """The rows whose `field` points to a row of its model that contains `word` in `columns`.

    On PostgreSQL the matching ids are read first (one query, from the trigram indexes) and given
    as a list: `applicant_id IN (4, 8, …)` is an index condition the planner can OR with the
    name columns' indexes (a BitmapOr), and it knows how many rows it will find. A subquery in an
    OR is neither: it is checked row by row over the whole table (and as `= ANY(ARRAY(…))` the
    planner guesses ten ids, and joins and sorts every match of a word as common as
    "example.org" before it takes the page). When more than MAX_RELATED_IDS rows match, the
    word is common, most rows will match, and the subquery is the right plan: the planner then
    walks the `created_at` index and stops at the page's fifty rows. Elsewhere (SQLite), the
    subquery."""
    target = field.related_model
    assert not isinstance(target, str)  # resolved once the apps are ready
    matching = (
        target._default_manager.filter(_any_contains(columns, word))
        .order_by()
        .values_list(field.target_field.attname, flat=True)
    )
    if connection.vendor == "postgresql":
        ids = list(matching[: MAX_RELATED_IDS + 1])
        if len(ids) <= MAX_RELATED_IDS:
            return Q(**{f"{field.attname}__in": ids})
    return Q(**{f"{field.attname}__in": matching})


def indexed_search(queryset: QuerySet, search_fields: Sequence[str], search_term: str) -> QuerySet:
    """`queryset` narrowed to the rows that contain every word of `search_term` in one of the
    `search_fields`: the model's own columns, or a column of a model it points to with a foreign
    key (`applicant__email`). Plain field names only: no `^`, `=` or `@` prefixes, no lookups.

    No join, so never duplicates: the changelist needs no DISTINCT. On PostgreSQL, one query per
    word and related model more (`_related_match`)."""
    model = queryset.model
    connection = connections[queryset.db]
    own: list[str] = []
    related: dict[ForeignKey, list[str]] = {}
    for name in search_fields:
        relation, _sep, column = name.partition("__")
        if not column:
            own.append(name)
            continue
        field = model._meta.get_field(relation)
        if not isinstance(field, ForeignKey) or "__" in column:
            raise ValueError(f"indexed_search follows one foreign key only, not {name!r}")
        related.setdefault(field, []).append(column)

    for word in search_words(search_term):
        condition = _any_contains(own, word)
        for field, columns in related.items():
            condition |= _related_match(field, columns, word, connection)
        queryset = queryset.filter(condition)
    return queryset
