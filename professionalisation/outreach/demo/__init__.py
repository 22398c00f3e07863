"""The demo data of outreach, part by part (demo/visits.py, demo/pal.py, demo/orientation.py), for
`manage.py seed_demo` (iclon.core.slices: `<slice>/demo.py` seed_demo); runs after the other
slices' demos."""

from professionalisation.outreach.demo import orientation, pal, visits


def seed_demo(stdout, style) -> None:
    visits.seed_demo(stdout, style)
    pal.seed_demo(stdout, style)
    orientation.seed_demo(stdout, style)
