"""The demo data of outreach, part by part (demo/visits.py, …), for `manage.py seed_demo`
(iclon.core.slices: `<slice>/demo.py` seed_demo)."""

from professionalisation.outreach.demo import visits


def seed_demo(stdout, style) -> None:
    visits.seed_demo(stdout, style)
