"""Demo data of outreach, part by part (demo/orientation.py: orientation on the teaching profession),
run after the activities' demo by `manage.py seed_demo` (iclon/core/slices.py)."""

from professionalisation.outreach.demo import orientation


def seed_demo(stdout, style) -> None:
    orientation.seed_demo(stdout, style)
