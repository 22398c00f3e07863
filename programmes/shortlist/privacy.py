"""The personal data of the shortlist (iclon.core.privacy): the routes a person saved, with their
notes. The export ("Your data") gives them; erasure deletes them: nothing of a shortlist need be
kept."""

from iclon.core.privacy import personal_data

PERSONAL_DATA = [
    personal_data(
        "programmes.SavedRoute",
        fields=("user", "note"),
        owner=("user",),
        export_fields=("pathway", "note", "created_at"),
        erase="delete",
    ),
]
