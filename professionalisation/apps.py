from django.utils.translation import gettext_lazy as _

from iclon.core.slices import DomainAppConfig


class ProfessionalisationConfig(DomainAppConfig):
    """Samen professionaliseren: activities with their sessions, registrations and waiting lists;
    attendance, completion and certificates, microcredentials, learning circles and development paths
    and outreach (Meet the Professor, PAL student assistants, orientation on the teaching profession).

    One app (one app label, one migrations folder) in slices, each depending only on the ones
    before it (see iclon/core/slices.py and docs/architecture.md)."""

    name = "professionalisation"
    verbose_name = _("Professional development")
    slices = ("activities", "completion", "credentials", "circles", "outreach")
