from django.utils.translation import gettext_lazy as _

from iclon.core.slices import DomainAppConfig


class ProgrammesConfig(DomainAppConfig):
    """Samen opleiden: the catalogue of routes into teaching, intake, and placements.

    One app (one app label, one migrations folder) in ten slices, each depending only on the ones
    before it: catalogue ← intake ← placements, the shortlist, which builds on the catalogue alone,
    the yearly cycle, which copies the catalogue's start moments and the placement periods to the
    next academic year, regional supply and demand, which reads intake and placements per
    education region, the certificate of conduct (VOG), which guards placements through their
    hook, the support desk of ICLON's teacher educators, which depends on none of them, and the
    trainees' study progress (results, exemptions, study plans), which reads the catalogue's
    modules and intake's trainees and exemptions, and automatic matching runs, which propose a whole
    assignment of trainees to offers through placements' own services (see iclon/core/slices.py
    and docs/architecture.md)."""

    name = "programmes"
    verbose_name = _("Teacher education")
    slices = (
        "catalogue",
        "intake",
        "placements",
        "shortlist",
        "cycle",
        "supply",
        "vog",
        "support",
        "progress",
        "matchruns",
    )
