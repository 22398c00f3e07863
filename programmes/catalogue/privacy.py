"""The personal data of the routes catalogue (iclon.core.privacy): a route's published contact."""

from __future__ import annotations

from iclon.core.privacy import personal_data

PERSONAL_DATA = [
    personal_data(
        "programmes.Pathway",
        fields=("contact_name", "contact_email", "contact_phone"),
        erase="keep",
        keep=(
            "A route's contact as ICLON publishes it on the route's page: a work address given for the "
            "route, which staff change when the person leaves."
        ),
    ),
]
