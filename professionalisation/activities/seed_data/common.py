"""What the activity modules share: the slugs of the twelve teaching-learning principles (an
activity on all of them lists them all) and the defaults of an activity."""

from decimal import Decimal

ALL_PRINCIPLES = [
    "adaptief",
    "doelsysteemgestuurd",
    "formatief",
    "inclusief",
    "modulair",
    "multiperspectivisch",
    "onderzoekend",
    "samenwerkend",
    "taakgestuurd",
    "taalbewust",
    "veilig-en-participerend",
    "zelfregulerend",
]

# Defaults of an activity; each entry below overrides what differs.
ACTIVITY_DEFAULTS = {
    "subjects": [],
    "principles": [],
    "region": None,
    "price": Decimal("0"),
    "onz_price": None,
    "ec": None,
    "award": "certificate",
    "meetings_required": None,
    "assignment_required": False,
    "offer_hours": 48,
    "cancel_days_before": 7,
    "published": True,
    "organised_with_research": False,
}
