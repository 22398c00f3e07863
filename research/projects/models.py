"""Research projects: PhD and postdoc projects, practice-based research with schools, innovation
projects, higher-education research and NRO/NWO-funded projects, with the people who work on them
(`ProjectMember`, in their role and order) and what they produced (`ProjectOutput`; publications
come in a later slice).

A project moves planned → running → completed (research/projects/services.py `TRANSITIONS`); a
PhD project ends with a defence, and a completed PhD project has its defence date. Drafts are
`published=False` and shown to research staff only."""

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from iclon.core.i18n import Localized
from iclon.core.models import TimeStampedModel
from partnerships.models import EducationRegion, School, SchoolBoard
from research.knowledge.models import TeachingLearningPrinciple
from research.people.models import Researcher


class ProjectKind(models.TextChoices):
    PHD = "phd", _("PhD project")
    POSTDOC = "postdoc", _("Postdoc project")
    PRACTICE = "practice", _("Practice-based research with schools")
    INNOVATION = "innovation", _("Innovation project")
    HIGHER_EDUCATION = "higher_education", _("Higher-education research")
    NRO_NWO = "nro_nwo", _("NRO/NWO-funded project")


class ProjectStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    RUNNING = "running", _("Running")
    COMPLETED = "completed", _("Completed")


class MemberRole(models.TextChoices):
    PROMOTOR = "promotor", _("Promotor")
    COPROMOTOR = "copromotor", _("Co-promotor")
    DAILY_SUPERVISOR = "daily_supervisor", _("Daily supervisor")
    CANDIDATE = "candidate", _("PhD candidate")
    MEMBER = "member", _("Member")


#: The roles of those who supervise a PhD candidate (a researcher's "supervision").
SUPERVISOR_ROLES = (MemberRole.PROMOTOR, MemberRole.COPROMOTOR, MemberRole.DAILY_SUPERVISOR)


class ResearchProject(TimeStampedModel):
    slug = models.SlugField(_("slug"), max_length=140, unique=True, help_text=_("The project's web address."))
    kind = models.CharField(_("kind"), max_length=20, choices=ProjectKind.choices)
    title_nl = models.CharField(_("title (Dutch)"), max_length=300)
    title_en = models.CharField(_("title (English)"), max_length=300, blank=True)
    summary_nl = models.TextField(_("summary (Dutch)"), blank=True, max_length=5000)
    summary_en = models.TextField(_("summary (English)"), blank=True, max_length=5000)
    status = models.CharField(_("status"), max_length=12, choices=ProjectStatus.choices, default=ProjectStatus.PLANNED)
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"), null=True, blank=True)
    members = models.ManyToManyField(
        Researcher, through="ProjectMember", related_name="projects", verbose_name=_("people")
    )
    partner_schools = models.ManyToManyField(
        School, related_name="research_projects", blank=True, verbose_name=_("partner schools")
    )
    school_boards = models.ManyToManyField(
        SchoolBoard, related_name="research_projects", blank=True, verbose_name=_("school boards")
    )
    region = models.ForeignKey(
        EducationRegion,
        on_delete=models.SET_NULL,
        related_name="research_projects",
        null=True,
        blank=True,
        verbose_name=_("education region"),
    )
    funder = models.CharField(_("funder"), max_length=200, blank=True)
    grant_number = models.CharField(_("grant number"), max_length=80, blank=True)
    principles = models.ManyToManyField(
        TeachingLearningPrinciple,
        related_name="research_projects",
        blank=True,
        verbose_name=_("teaching-learning principles"),
    )
    defence_date = models.DateField(_("defence date"), null=True, blank=True, help_text=_("PhD projects only."))
    dissertation_url = models.URLField(_("dissertation link"), blank=True, help_text=_("PhD projects only."))
    published = models.BooleanField(
        _("published"), default=False, help_text=_("Only published projects are shown on the public pages and API.")
    )

    title = Localized("title")
    summary = Localized("summary")

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("research project")
        verbose_name_plural = _("research projects")
        ordering = ["-start_date", "title_nl", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="research_project_dates_order",
                violation_error_message=_("The end date cannot be before the start date."),
            ),
            models.CheckConstraint(
                condition=Q(kind=ProjectKind.PHD) | (Q(defence_date__isnull=True) & Q(dissertation_url="")),
                name="research_project_defence_only_phd",
                violation_error_message=_("Only a PhD project has a defence date and a dissertation."),
            ),
            models.CheckConstraint(
                condition=~(Q(kind=ProjectKind.PHD) & Q(status=ProjectStatus.COMPLETED))
                | Q(defence_date__isnull=False),
                name="research_project_completed_phd_defended",
                violation_error_message=_("A completed PhD project has a defence date."),
            ),
            models.CheckConstraint(
                condition=Q(defence_date__isnull=True) | Q(defence_date__gte=F("start_date")),
                name="research_project_defence_after_start",
                violation_error_message=_("The defence cannot be before the project started."),
            ),
        ]
        indexes = [
            # The public lists: published rows by kind and status, newest first.
            models.Index(fields=["published", "kind", "status", "-start_date"], name="research_project_public"),
            models.Index(fields=["published", "status", "-start_date"], name="research_project_status"),
            # The year filter: projects that ran in a year.
            models.Index(fields=["start_date", "end_date"], name="research_project_years"),
            models.Index(fields=["defence_date"], name="research_project_defence"),
        ]

    def __str__(self):
        return self.title

    @property
    def is_phd(self) -> bool:
        return self.kind == ProjectKind.PHD


class ProjectMember(TimeStampedModel):
    """A researcher's part in a project: their role and their place in the list."""

    project = models.ForeignKey(
        ResearchProject, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("project")
    )
    researcher = models.ForeignKey(
        Researcher, on_delete=models.PROTECT, related_name="project_memberships", verbose_name=_("researcher")
    )
    role = models.CharField(_("role"), max_length=20, choices=MemberRole.choices)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("project member")
        verbose_name_plural = _("project members")
        ordering = ["order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "researcher", "role"],
                name="research_member_unique_role",
                violation_error_message=_("This researcher has this role in the project already."),
            ),
            models.UniqueConstraint(
                fields=["project"],
                condition=Q(role=MemberRole.CANDIDATE),
                name="research_member_one_candidate",
                violation_error_message=_("A PhD project has one candidate."),
            ),
        ]
        indexes = [
            # A researcher's projects and supervision (the researcher filter, the person's page).
            models.Index(fields=["researcher", "role"], name="research_member_researcher"),
        ]

    def __str__(self):
        return f"{self.researcher} ({self.get_role_display()})"


class OutputKind(models.TextChoices):
    ARTICLE = "article", _("Article")
    REPORT = "report", _("Report")
    TOOL = "tool", _("Tool or teaching material")
    PRESENTATION = "presentation", _("Presentation")
    DATASET = "dataset", _("Data set")
    OTHER = "other", _("Other")


class ProjectOutput(TimeStampedModel):
    """Something a project produced (a report, a tool, a presentation). Publications with their
    authors and citations are a later slice's."""

    project = models.ForeignKey(
        ResearchProject, on_delete=models.CASCADE, related_name="outputs", verbose_name=_("project")
    )
    title = models.CharField(_("title"), max_length=300)
    kind = models.CharField(_("kind"), max_length=20, choices=OutputKind.choices, default=OutputKind.OTHER)
    url = models.URLField(_("link"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("project output")
        verbose_name_plural = _("project outputs")
        ordering = ["order", "pk"]

    def __str__(self):
        return self.title
