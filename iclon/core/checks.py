"""System checks of our own: production must not run with the development secret key."""

from django.conf import settings
from django.core.checks import Error, Tags, register


@register(Tags.security, deploy=True)
def check_secret_key_is_not_the_development_key(app_configs, **kwargs):
    if settings.SECRET_KEY == settings.DEV_SECRET_KEY:
        return [
            Error(
                "DJANGO_SECRET_KEY is not set: the development key must never run in production.",
                hint="Set DJANGO_SECRET_KEY to a long random value.",
                id="iclon.E001",
            )
        ]
    return []
