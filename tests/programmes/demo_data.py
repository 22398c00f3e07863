"""The whole demo of teacher education (catalogue, intake, placements), as `manage.py seed_demo`
seeds it: each slice's demo in order (iclon/core/slices.py)."""

from django.apps import apps


def seed_demo(stdout, style) -> None:
    apps.get_app_config("programmes").seed_demo(stdout, style)
