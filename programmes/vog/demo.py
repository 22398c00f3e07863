"""Demo data of the certificates of conduct: a rule for placements at a partner school (a VOG at
most 6 months old; ICLON to confirm the term) and none for a trainee's own job (idempotent)."""

from __future__ import annotations

from programmes.placements.models import Placement
from programmes.vog.models import VogRule

DEMO_MONTHS = 6


def seed_demo(stdout, style) -> None:
    _rule, created = VogRule.objects.get_or_create(
        placement_kind=Placement.Kind.OFFER, defaults={"max_age_months": DEMO_MONTHS}
    )
    stdout.write(
        f"  VOG: {'a rule' if created else 'the rule'} for placements at a partner school ({DEMO_MONTHS} months)."
    )
