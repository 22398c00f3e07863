"""Demo data of outreach, part by part (demo/pal.py …); runs after the other slices' demos."""

from professionalisation.outreach.demo import pal


def seed_demo(stdout, style) -> None:
    pal.seed_demo(stdout, style)
