"""The school list of the API, read as plain rows: the columns the list shows and nothing else.

`SchoolSerializer` stays the resource's description (the schema and one school); a page of the
list is built here from `values()` rows, without model instances or serializer fields, and gives
the same JSON (tests/api/test_api_lists.py compares the two)."""

from collections.abc import Iterable

from django.db.models import QuerySet

from partnerships.models import School

#: What a row of `/api/v1/schools/` reads: the school's own columns and the related slugs.
SCHOOL_COLUMNS = (
    "id",
    "brin_code",
    "branch_number",
    "name",
    "offers_po",
    "offers_vo",
    "offers_mbo",
    "education_structure",
    "denomination",
    "street",
    "house_number",
    "postcode",
    "city",
    "municipality",
    "municipality_code",
    "website",
    "board__number",
    "region__slug",
    "partnership__slug",
    "onz_member",
)


def school_rows(queryset: QuerySet[School]) -> QuerySet:
    """`queryset` as the rows a page of the list reads (LEFT JOINs for the three slugs only)."""
    return queryset.values(*SCHOOL_COLUMNS)


def _address(row: dict) -> str:
    # As School.address.
    street = " ".join(part for part in (row["street"], row["house_number"]) if part)
    town = " ".join(part for part in (row["postcode"], row["city"]) if part)
    return ", ".join(part for part in (street, town) if part)


def school_list_data(rows: Iterable[dict]) -> list[dict]:
    """The list's JSON for `rows` of `school_rows`: SchoolSerializer's fields, in its order."""
    return [
        {
            "code": f"{row['brin_code']}{row['branch_number']}",
            "id": row["id"],
            "brin_code": row["brin_code"],
            "branch_number": row["branch_number"],
            "name": row["name"],
            "sectors": [
                name
                for flag, name in ((row["offers_po"], "PO"), (row["offers_vo"], "VO"), (row["offers_mbo"], "MBO"))
                if flag
            ],
            "education_structure": row["education_structure"],
            "denomination": row["denomination"],
            "address": _address(row),
            "postcode": row["postcode"],
            "city": row["city"],
            "municipality": row["municipality"],
            "municipality_code": row["municipality_code"],
            "website": row["website"],
            "board": row["board__number"],
            "region": row["region__slug"],
            "partnership": row["partnership__slug"],
            "onz_member": row["onz_member"],
        }
        for row in rows
    ]
