"""Demo data of the shortlist: the demo student has saved two routes (idempotent)."""

from __future__ import annotations

from iclon.accounts.models import User
from programmes.catalogue.models import Pathway
from programmes.shortlist.models import SavedRoute

# The demo student of the demo accounts (as programmes/intake/demo.py's STUDENT).
DEMO_STUDENT = "student@example.org"
DEMO_ROUTES = 2


def seed_demo(stdout, style) -> None:
    student = User.objects.filter(email=DEMO_STUDENT).first()
    if student is None:
        stdout.write("  Shortlist demo skipped: the demo accounts are not there.")
        return
    pathways = Pathway.objects.published().order_by("order", "name_nl")[:DEMO_ROUTES]
    made = 0
    for pathway in pathways:
        _row, created = SavedRoute.objects.get_or_create(user=student, pathway=pathway)
        made += created
    stdout.write(f"  Shortlist: {made} saved routes for the demo student.")
