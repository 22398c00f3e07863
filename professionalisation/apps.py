from django.utils.translation import gettext_lazy as _

from iclon.core.slices import DomainAppConfig


class ProfessionalisationConfig(DomainAppConfig):
    """Samen professionaliseren: activities with their sessions, registrations and waiting lists;
    attendance, completion and certificates, microcredentials, learning circles and development paths
    (and, in a later slice, outreach).

    One app (one app label, one migrations folder) in slices, each depending only on the ones
    before it (see iclon/core/slices.py and docs/architecture.md)."""

    name = "professionalisation"
    verbose_name = _("Professional development")
    slices = ("activities", "completion", "credentials", "circles")
