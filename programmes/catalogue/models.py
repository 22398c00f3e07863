"""Routes into teaching: school subjects, qualifications, programmes, pathways and what they ask.

Content that visitors read has a Dutch and an English field (`name_nl`, `name_en`); `obj.name`
gives the active language's (iclon/core/i18n.py). The admission rules of a pathway are data, not
code: which prior education fits it (PriorEducationRule), whether the prior degree must be related
to the school subject (the relatedness table, DegreeRelatedness) and what else it asks. The route
finder (programmes/catalogue/route_finder.py) reads only these.
"""

import datetime
import re
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from iclon.core.i18n import Localized
from iclon.core.models import TimeStampedModel


class Sector(models.TextChoices):
    VO = "vo", _("Secondary education (VO)")
    PO = "po", _("Primary education (PO)")


class PriorEducation(models.TextChoices):
    """The highest education a person has, as the route finder asks it."""

    NONE = "none", _("No higher education (yet)")
    IN_BACHELOR = "in_bachelor", _("Currently in a university bachelor")
    HBO_BACHELOR = "hbo_bachelor", _("Bachelor of a university of applied sciences (hbo)")
    WO_BACHELOR = "wo_bachelor", _("University bachelor")
    WO_MASTER = "wo_master", _("University master")
    PHD = "phd", _("Doctorate (PhD)")


class StudyMode(models.TextChoices):
    FULL_TIME = "full_time", _("Full-time")
    PART_TIME = "part_time", _("Part-time")
    WORK_STUDY = "work_study", _("Work-study (dual)")


class SubjectDomain(models.TextChoices):
    ALFA = "alfa", _("Languages (alfa)")
    BETA = "beta", _("Sciences (bèta)")
    GAMMA = "gamma", _("Society and culture (gamma)")


class SchoolSubject(TimeStampedModel):
    """Schoolvak: one of the 19 subjects ICLON trains teachers for."""

    slug = models.SlugField(_("slug"), max_length=80, unique=True, help_text=_("From the Dutch name, e.g. biologie."))
    name_nl = models.CharField(_("name (Dutch)"), max_length=120)
    name_en = models.CharField(_("name (English)"), max_length=120)
    domain = models.CharField(_("domain"), max_length=10, choices=SubjectDomain, db_index=True)
    is_shortage_subject = models.BooleanField(
        _("shortage subject"), default=False, help_text=_("Tekortvak: schools urgently need teachers of it.")
    )
    description_nl = models.TextField(_("description (Dutch)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    name = Localized("name")
    description = Localized("description")

    class Meta:
        verbose_name = _("school subject")
        verbose_name_plural = _("school subjects")
        ordering = ["order", "name_nl"]

    def __str__(self):
        return self.name


class Qualification(TimeStampedModel):
    """Bevoegdheid: what a pathway leads to."""

    class Kind(models.TextChoices):
        FIRST_DEGREE = "first_degree", _("First-degree qualification")
        SECOND_DEGREE = "second_degree", _("Limited second-degree qualification")
        PRIMARY = "primary", _("Primary-school qualification")

    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, unique=True)
    sector = models.CharField(_("sector"), max_length=2, choices=Sector)
    name_nl = models.CharField(_("name (Dutch)"), max_length=120)
    name_en = models.CharField(_("name (English)"), max_length=120)
    description_nl = models.TextField(_("description (Dutch)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    rank = models.PositiveSmallIntegerField(
        _("rank"), default=0, help_text=_("Higher ranks first in the route finder (first degree highest).")
    )

    name = Localized("name")
    description = Localized("description")

    class Meta:
        verbose_name = _("qualification")
        verbose_name_plural = _("qualifications")
        ordering = ["-rank", "name_nl"]

    def __str__(self):
        return self.name


class Programme(TimeStampedModel):
    """Opleiding: e.g. the Master Leraar VHO or the Educatieve module."""

    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    name_nl = models.CharField(_("name (Dutch)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)
    description_nl = models.TextField(_("description (Dutch)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    institution = models.ForeignKey(
        "partnerships.Institution",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="programmes",
        verbose_name=_("institution"),
        help_text=_("Empty for ICLON's own programmes; set for joint or partner programmes."),
    )
    website = models.URLField(_("website"), blank=True)

    name = Localized("name")
    description = Localized("description")
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        ordering = ["name_nl"]

    def __str__(self):
        return self.name


class PathwayQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)


class Pathway(TimeStampedModel):
    """Traject: one way through a programme for a kind of person (mode, length, start moments,
    what it asks). Visitors see only published pathways."""

    programme = models.ForeignKey(
        Programme, on_delete=models.PROTECT, related_name="pathways", verbose_name=_("programme")
    )
    qualification = models.ForeignKey(
        Qualification, on_delete=models.PROTECT, related_name="pathways", verbose_name=_("qualification")
    )
    slug = models.SlugField(_("slug"), max_length=140, unique=True)
    name_nl = models.CharField(_("name (Dutch)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)
    summary_nl = models.TextField(_("summary (Dutch)"), help_text=_("One or two sentences for lists and the finder."))
    summary_en = models.TextField(_("summary (English)"))
    target_group_nl = models.TextField(_("for whom (Dutch)"), blank=True)
    target_group_en = models.TextField(_("for whom (English)"), blank=True)
    sector = models.CharField(_("sector"), max_length=2, choices=Sector, db_index=True)
    mode = models.CharField(_("study mode"), max_length=12, choices=StudyMode, db_index=True)
    ec = models.PositiveSmallIntegerField(_("EC"), help_text=_("Study load in European credits."))
    duration_months = models.PositiveSmallIntegerField(_("duration in months"))
    subjects = models.ManyToManyField(
        SchoolSubject,
        related_name="pathways",
        blank=True,
        verbose_name=_("school subjects"),
        help_text=_("The subjects this pathway is offered for. Empty for primary education."),
    )
    requires_related_degree = models.BooleanField(
        _("prior degree must be related to the subject"),
        default=True,
        help_text=_("Checked against the relatedness table; a gap may be closed with deficiency courses."),
    )
    requires_teaching_job = models.BooleanField(
        _("for people employed as a teacher"),
        default=False,
        help_text=_("Lateral entry (zij-instroom): the applicant already works as a teacher at a school."),
    )
    requires_aptitude_assessment = models.BooleanField(_("starts with an aptitude assessment"), default=False)
    requires_english = models.BooleanField(_("asks for good English"), default=False)
    dutch_proficiency_required = models.BooleanField(
        _("Dutch proficiency required"),
        default=True,
        help_text=_("All programmes are taught in Dutch: without a Dutch secondary diploma, prove proficiency."),
    )
    admission_nl = models.TextField(_("admission requirements (Dutch)"), blank=True)
    admission_en = models.TextField(_("admission requirements (English)"), blank=True)
    costs_nl = models.TextField(_("costs and tuition (Dutch)"), blank=True)
    costs_en = models.TextField(_("costs and tuition (English)"), blank=True)
    tuition_fee = models.DecimalField(
        _("tuition fee (euros)"),
        max_digits=8,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text=_("The fee for one academic year, as Leiden University publishes it; with its academic year."),
    )
    tuition_fee_year = models.CharField(
        _("academic year of the fee"),
        max_length=9,
        blank=True,
        validators=[RegexValidator(r"^\d{4}-\d{4}$", _("Write the academic year as 2025-2026."))],
        help_text=_("e.g. 2025-2026"),
    )
    financing_nl = models.TextField(
        _("financing (Dutch)"), blank=True, help_text=_("E.g. the lerarenbeurs or student finance, where it applies.")
    )
    financing_en = models.TextField(_("financing (English)"), blank=True)
    contact_name = models.CharField(
        _("contact"), max_length=120, blank=True, help_text=_("Empty: the page names ICLON's student desk.")
    )
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=30, blank=True)
    open_days_nl = models.TextField(
        _("open and orientation days (Dutch)"), blank=True, help_text=_("When and how to get to know the route.")
    )
    open_days_en = models.TextField(_("open and orientation days (English)"), blank=True)
    enrol_first_nl = models.TextField(
        _("enrol first in (Dutch)"),
        blank=True,
        help_text=_(
            "For a route that is part of a master: what to enrol in first, as the route finder says it "
            "(e.g. a two-year science master)."
        ),
    )
    enrol_first_en = models.TextField(_("enrol first in (English)"), blank=True)
    plus_programme_of = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="plus_programmes",
        verbose_name=_("plus-programme of"),
        help_text=_("For a plus-programme such as the World Teachers Programme: the pathway it adds to."),
    )
    is_published = models.BooleanField(_("published"), default=False, db_index=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    name = Localized("name")
    summary = Localized("summary")
    target_group = Localized("target_group")
    admission = Localized("admission")
    costs = Localized("costs")
    financing = Localized("financing")
    open_days = Localized("open_days")
    enrol_first = Localized("enrol_first")

    objects = PathwayQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[subjects])

    class Meta:
        verbose_name = _("pathway")
        verbose_name_plural = _("pathways")
        ordering = ["order", "name_nl"]
        indexes = [models.Index(fields=["is_published", "sector", "mode"], name="programmes_pathway_filter")]
        constraints = [
            models.CheckConstraint(condition=Q(ec__gt=0), name="programmes_pathway_ec_positive"),
            models.CheckConstraint(condition=Q(duration_months__gt=0), name="programmes_pathway_duration_positive"),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        if (self.tuition_fee is None) != (not self.tuition_fee_year):
            raise ValidationError(
                {"tuition_fee_year": _("Give the tuition fee together with the academic year it is for.")}
            )
        match = re.fullmatch(r"(\d{4})-(\d{4})", self.tuition_fee_year or "")
        if match and int(match[2]) != int(match[1]) + 1:
            raise ValidationError(
                {"tuition_fee_year": _("An academic year runs over two years in a row, e.g. 2025-2026.")}
            )


class PriorEducationRule(models.Model):
    """What a pathway says to a level of prior education: it fits, or it fits after a condition.
    A level without a rule does not fit the pathway."""

    class Outcome(models.TextChoices):
        FITS = "fits", _("Fits")
        MASTER_FIRST = "master_first", _("Fits after a university master")
        IN_MASTER = "in_master", _("Fits once enrolled in the master it is part of")
        PREMASTER = "premaster", _("Fits after a premaster")

    pathway = models.ForeignKey(Pathway, on_delete=models.CASCADE, related_name="prior_education_rules")
    prior_education = models.CharField(_("prior education"), max_length=20, choices=PriorEducation)
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices, default=Outcome.FITS)

    class Meta:
        verbose_name = _("prior-education rule")
        verbose_name_plural = _("prior-education rules")
        constraints = [
            models.UniqueConstraint(fields=["pathway", "prior_education"], name="programmes_rule_unique_level"),
        ]

    def __str__(self):
        return f"{self.pathway}: {self.get_prior_education_display()} → {self.get_outcome_display()}"


DEADLINE_ZONE = ZoneInfo("Europe/Amsterdam")


def deadline_today() -> datetime.date:
    """Today where deadlines are kept: a deadline is open until the end of its day in Amsterdam."""
    return timezone.localtime(timezone.now(), DEADLINE_ZONE).date()


class StartMoment(TimeStampedModel):
    """A start of a pathway and the last day to apply for it (Europe/Amsterdam, end of day)."""

    pathway = models.ForeignKey(Pathway, on_delete=models.CASCADE, related_name="start_moments")
    starts_on = models.DateField(_("starts on"))
    application_deadline = models.DateField(_("application deadline"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("start moment")
        verbose_name_plural = _("start moments")
        ordering = ["starts_on"]
        indexes = [models.Index(fields=["pathway", "starts_on"], name="programmes_start_pathway")]
        constraints = [
            models.UniqueConstraint(fields=["pathway", "starts_on"], name="programmes_start_unique"),
            models.CheckConstraint(
                condition=Q(application_deadline__lte=F("starts_on")),
                name="programmes_deadline_before_start",
                violation_error_message=_("The application deadline cannot be after the start."),
            ),
        ]

    def __str__(self):
        return f"{self.pathway} – {self.starts_on:%Y-%m-%d}"

    def is_open_on(self, day: datetime.date | None = None) -> bool:
        """Whether one can still apply on `day` (default: today in Amsterdam)."""
        return self.application_deadline >= (day or deadline_today())


class Module(TimeStampedModel):
    """A module of a pathway's modular curriculum."""

    class Kind(models.TextChoices):
        BASIC = "basic", _("Basic module")
        ADVANCED = "advanced", _("Advanced module")

    pathway = models.ForeignKey(Pathway, on_delete=models.CASCADE, related_name="modules")
    name_nl = models.CharField(_("name (Dutch)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.BASIC)
    ec = models.PositiveSmallIntegerField(_("EC"))
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    principles = models.ManyToManyField(
        "research.TeachingLearningPrinciple",
        related_name="modules",
        blank=True,
        verbose_name=_("teaching-learning principles"),
    )

    name = Localized("name")

    class Meta:
        verbose_name = _("module")
        verbose_name_plural = _("modules")
        ordering = ["order", "pk"]

    def __str__(self):
        return f"{self.name} ({self.ec} EC)"


class DegreeField(TimeStampedModel):
    """The field of a prior degree (e.g. biologie, rechtsgeleerdheid)."""

    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    name_nl = models.CharField(_("name (Dutch)"), max_length=150)
    name_en = models.CharField(_("name (English)"), max_length=150)

    name = Localized("name")

    class Meta:
        verbose_name = _("degree field")
        verbose_name_plural = _("degree fields")
        ordering = ["name_nl"]

    def __str__(self):
        return self.name


class DeficiencyCourse(TimeStampedModel):
    """A free online course that closes a gap in subject knowledge (Alfa4all, Bèta4all)."""

    class Provider(models.TextChoices):
        ALFA4ALL = "alfa4all", "Alfa4all"
        BETA4ALL = "beta4all", "Bèta4all"

    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    name_nl = models.CharField(_("name (Dutch)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)
    provider = models.CharField(_("provider"), max_length=10, choices=Provider.choices)
    subject = models.ForeignKey(
        SchoolSubject, on_delete=models.CASCADE, related_name="deficiency_courses", verbose_name=_("school subject")
    )
    ec = models.PositiveSmallIntegerField(_("EC"))
    is_online = models.BooleanField(_("online"), default=True)
    is_free = models.BooleanField(_("free"), default=True)
    url = models.URLField(_("link"), blank=True)

    name = Localized("name")

    class Meta:
        verbose_name = _("deficiency course")
        verbose_name_plural = _("deficiency courses")
        ordering = ["subject__order", "name_nl"]

    def __str__(self):
        return self.name


class DegreeRelatedness(TimeStampedModel):
    """Verwantschapstabel: does a prior degree's field count as related to a school subject?"""

    class Relation(models.TextChoices):
        DIRECT = "direct", _("Related")
        WITH_DEFICIENCY = "deficiency", _("Related after deficiency courses")
        NOT_RELATED = "none", _("Not related")

    degree_field = models.ForeignKey(
        DegreeField, on_delete=models.CASCADE, related_name="relatedness", verbose_name=_("degree field")
    )
    subject = models.ForeignKey(
        SchoolSubject, on_delete=models.CASCADE, related_name="relatedness", verbose_name=_("school subject")
    )
    relation = models.CharField(_("relation"), max_length=12, choices=Relation.choices)
    deficiency_courses = models.ManyToManyField(
        DeficiencyCourse, blank=True, related_name="+", verbose_name=_("deficiency courses")
    )

    history = HistoricalRecords(m2m_fields=[deficiency_courses])

    class Meta:
        verbose_name = _("relatedness of a degree field")
        verbose_name_plural = _("relatedness table")
        constraints = [
            models.UniqueConstraint(fields=["degree_field", "subject"], name="programmes_relatedness_unique"),
        ]
        indexes = [models.Index(fields=["subject", "relation"], name="programmes_relatedness_subject")]

    def __str__(self):
        return f"{self.degree_field} → {self.subject}: {self.get_relation_display()}"
