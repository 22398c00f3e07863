from django.apps import AppConfig
from django.db.models.signals import pre_save
from django.utils.translation import gettext_lazy as _

from iclon.core.text import strip_invisible_on_save


class CoreConfig(AppConfig):
    name = "iclon.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self):
        from iclon.core import checks, personalpages, usercache  # noqa: F401  (checks: registers the system checks)

        # Every model's text loses bidirectional overrides and zero-width characters (iclon/core/text.py).
        pre_save.connect(strip_invisible_on_save, dispatch_uid="iclon.core.strip_invisible")
        # The per-user cache of the header's links and counts is retired on the changes that feed it.
        usercache.connect()
        # Kept personal pages are retired by any change of a row (iclon/core/personalpages.py).
        personalpages.connect()
