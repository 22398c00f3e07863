"""The demo of teacher education's routes, applications and placements (catalogue, intake,
placements, shortlist), as `manage.py seed_demo` seeds them, for the browser tests. The later
slices' demo (a VOG rule, shortage statuses, support questions) stays out: the browser tests'
rows outlive their test, and a VOG rule would hold every later test's placements back."""

import importlib

SLICES = ("catalogue", "intake", "placements", "shortlist")


def seed_demo(stdout, style) -> None:
    for name in SLICES:
        importlib.import_module(f"programmes.{name}.demo").seed_demo(stdout, style)
