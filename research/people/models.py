"""ICLON's researchers: a public profile for each professor, assistant professor, postdoc, PhD
candidate and teacher-researcher at a school.

A profile may be linked to a user account; that person then keeps the personal part of it
(expertise, languages, photo, principles) up to date themselves, while research staff keep what
identifies them and what they do at ICLON (name, role, ORCID iD, school, slug, active): see
research/people/services.py `PERSONAL_FIELDS`."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from iclon.core.i18n import Localized
from iclon.core.models import TimeStampedModel
from partnerships.models import School
from research.knowledge.models import TeachingLearningPrinciple
from research.people.validators import normalise_orcid, validate_languages, validate_orcid, validate_photo


class ResearcherRole(models.TextChoices):
    PROFESSOR = "professor", _("Professor")
    ASSISTANT_PROFESSOR = "assistant_professor", _("Assistant professor")
    POSTDOC = "postdoc", _("Postdoc")
    PHD_CANDIDATE = "phd_candidate", _("PhD candidate")
    TEACHER_RESEARCHER = "teacher_researcher", _("Teacher-researcher at a school")


#: The roles of ICLON's own research staff (the counts of "staff researchers").
STAFF_ROLES = (ResearcherRole.PROFESSOR, ResearcherRole.ASSISTANT_PROFESSOR, ResearcherRole.POSTDOC)


class OrcidField(models.CharField):
    """An ORCID iD, stored as 0000-0002-1825-0097 whichever way it was pasted (the bare form, without
    dashes, or the orcid.org URL); its check digit is validated (validators.validate_orcid)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 19)
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        return normalise_orcid(value) if isinstance(value, str) else value

    def formfield(self, **kwargs):
        # The form takes the URL form too (longer than what is stored).
        return super().formfield(**{"max_length": 64, **kwargs})


class Researcher(TimeStampedModel):
    full_name = models.CharField(_("full name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=120, unique=True, help_text=_("The profile's web address."))
    role = models.CharField(_("role"), max_length=30, choices=ResearcherRole.choices, db_index=True)
    orcid = OrcidField(
        _("ORCID iD"),
        blank=True,
        validators=[validate_orcid],
        help_text=_("E.g. 0000-0002-1825-0097 or https://orcid.org/0000-0002-1825-0097."),
    )
    expertise_nl = models.TextField(_("expertise (Dutch)"), blank=True, max_length=2000)
    expertise_en = models.TextField(_("expertise (English)"), blank=True, max_length=2000)
    principles = models.ManyToManyField(
        TeachingLearningPrinciple,
        related_name="researchers",
        blank=True,
        verbose_name=_("teaching-learning principles"),
    )
    languages = models.CharField(
        _("languages"),
        max_length=50,
        default="nl",
        validators=[validate_languages],
        help_text=_("Comma-separated language codes, e.g. nl, en."),
    )
    photo = models.ImageField(
        _("photo"),
        upload_to="research/people/",
        blank=True,
        validators=[validate_photo],
        help_text=_("A JPEG, PNG or WebP image of at most 2 MB."),
    )
    school = models.ForeignKey(
        School,
        on_delete=models.PROTECT,
        related_name="researchers",
        null=True,
        blank=True,
        verbose_name=_("school"),
        help_text=_("For a teacher-researcher: the school where they teach."),
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        related_name="research_profile",
        null=True,
        blank=True,
        verbose_name=_("user account"),
        help_text=_("The person's account: they may then edit their expertise, languages, photo and principles."),
    )
    active = models.BooleanField(
        _("active"), default=True, db_index=True, help_text=_("Only active researchers have a public page.")
    )

    expertise = Localized("expertise")

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("researcher")
        verbose_name_plural = _("researchers")
        ordering = ["full_name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["orcid"],
                condition=~Q(orcid=""),
                name="research_researcher_unique_orcid",
                violation_error_message=_("Another researcher has this ORCID iD."),
            ),
            models.CheckConstraint(
                condition=Q(school__isnull=True) | Q(role=ResearcherRole.TEACHER_RESEARCHER),
                name="research_researcher_school_teacher",
                violation_error_message=_("Only a teacher-researcher works at a school."),
            ),
        ]
        indexes = [
            models.Index(fields=["active", "role", "full_name"], name="research_researcher_public"),
        ]

    def __str__(self):
        return self.full_name

    @property
    def orcid_url(self) -> str:
        return f"https://orcid.org/{self.orcid}" if self.orcid else ""

    @property
    def language_list(self) -> list[str]:
        return [code.strip() for code in self.languages.split(",") if code.strip()]
