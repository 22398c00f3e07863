"""Learning circles (leerkringen) and development paths (ontwikkelpaden).

A `LearningCircle` brings teachers, team leaders and school leaders of schools in one education
region together with ICLON facilitators and researchers (`CircleMembership`) around practice
questions that their schools bring in (`PracticeQuestion`); it meets (`CircleMeeting`) and shares
what it makes per meeting (`CircleProduct`: notes, a product, a link).

A `DevelopmentPath` (as in the national NAPL approach: from starting to experienced teacher,
curriculum expert, school-based teacher educator) is a list of ordered steps (`PathStep`); a step
is done by completing one of its activities or, for the learning line that runs on from initial
teacher education, one of its modules of ICLON's teacher education (`PriorModule`, recorded by
staff: module results are not held in the portal otherwise).
"""

import datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from iclon.core.i18n import Localized
from iclon.core.models import TimeStampedModel
from partnerships.models import EducationRegion, School
from professionalisation.activities.models import Activity
from programmes.catalogue.models import Module

#: Circles meet in the Netherlands: their times are local times there.
MEETING_ZONE = ZoneInfo("Europe/Amsterdam")


class LearningCircle(TimeStampedModel):
    name_nl = models.CharField(_("name (Dutch)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)
    region = models.ForeignKey(
        EducationRegion, on_delete=models.PROTECT, related_name="learning_circles", verbose_name=_("education region")
    )
    theme_nl = models.CharField(_("theme (Dutch)"), max_length=200)
    theme_en = models.CharField(_("theme (English)"), max_length=200)
    description_nl = models.TextField(_("description (Dutch)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    active = models.BooleanField(_("active"), default=True, db_index=True)
    principles = models.ManyToManyField(
        "research.TeachingLearningPrinciple",
        related_name="learning_circles",
        blank=True,
        verbose_name=_("teaching-learning principles"),
        help_text=_("The principles the circle works with (its page in the knowledge base lists it)."),
    )
    # Schools' research questions matched to the circle (research/questions; linked by
    # services.circle_link_research_question, shown on the question's page through question_sections).
    research_questions = models.ManyToManyField(
        "research.ResearchQuestion", related_name="learning_circles", blank=True, verbose_name=_("research questions")
    )

    name = Localized("name")
    theme = Localized("theme")
    description = Localized("description")

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("learning circle")
        verbose_name_plural = _("learning circles")
        ordering = ["name_nl", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="circle_ends_after_start",
                violation_error_message=_("A circle cannot end before it starts."),
            ),
        ]

    def __str__(self):
        return self.name


class CircleRole(models.TextChoices):
    MEMBER = "member", _("Member")
    FACILITATOR = "facilitator", _("Facilitator")
    RESEARCHER = "researcher", _("Researcher")


class SchoolPosition(models.TextChoices):
    """What a member does at their school (the partnerships register holds school contacts and
    leaders, not every teacher: the circle records the position itself)."""

    TEACHER = "teacher", _("Teacher")
    TEAM_LEADER = "team_leader", _("Team leader")
    SCHOOL_LEADER = "school_leader", _("School leader")


class CircleMembershipQuerySet(models.QuerySet):
    def current(self, day: datetime.date | None = None):
        """Memberships that have begun and not ended on `day` (today): `left_on` is the first day
        without the person."""
        day = day or timezone.localdate()
        return self.filter(Q(joined_on__lte=day), Q(left_on__isnull=True) | Q(left_on__gt=day))


class CircleMembership(TimeStampedModel):
    """A person in a circle: a member for their school, or an ICLON facilitator or researcher."""

    circle = models.ForeignKey(
        LearningCircle, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("learning circle")
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="circle_memberships",
        verbose_name=_("person"),
    )
    role = models.CharField(_("role in the circle"), max_length=12, choices=CircleRole, default=CircleRole.MEMBER)
    school = models.ForeignKey(
        School,
        on_delete=models.PROTECT,
        related_name="circle_memberships",
        verbose_name=_("school"),
        null=True,
        blank=True,
        help_text=_("Required for a member: the school they take part for (in the circle's region)."),
    )
    position = models.CharField(_("position at the school"), max_length=16, choices=SchoolPosition, blank=True)
    joined_on = models.DateField(_("joined on"), default=timezone.localdate)
    left_on = models.DateField(_("left on"), null=True, blank=True)

    objects = CircleMembershipQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("circle membership")
        verbose_name_plural = _("circle memberships")
        ordering = ["role", "joined_on", "pk"]
        indexes = [models.Index(fields=["person", "left_on"], name="circle_member_person_left")]
        constraints = [
            models.UniqueConstraint(
                fields=["circle", "person"],
                condition=Q(left_on__isnull=True),
                name="circle_one_open_membership",
                violation_error_message=_("This person is already in this circle."),
            ),
            models.CheckConstraint(
                condition=~Q(role="member") | Q(school__isnull=False) & ~Q(position=""),
                name="circle_member_has_school",
                violation_error_message=_("A member takes part for a school, in a position there."),
            ),
            models.CheckConstraint(
                condition=Q(left_on__isnull=True) | Q(left_on__gte=models.F("joined_on")),
                name="circle_membership_period_order",
                violation_error_message=_("The end date cannot be before the start date."),
            ),
        ]

    def __str__(self):
        return f"{self.person} – {self.circle}"


class CircleMeeting(TimeStampedModel):
    circle = models.ForeignKey(
        LearningCircle, on_delete=models.CASCADE, related_name="meetings", verbose_name=_("learning circle")
    )
    date = models.DateField(_("date"), db_index=True)
    starts_at = models.TimeField(_("start time"))
    ends_at = models.TimeField(_("end time"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    online_link = models.URLField(_("online link"), blank=True)
    agenda = models.TextField(_("agenda"), blank=True, max_length=4000)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("circle meeting")
        verbose_name_plural = _("circle meetings")
        ordering = ["date", "starts_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")),
                name="circle_meeting_ends_after_start",
                violation_error_message=_("The meeting must end after it starts."),
            ),
            models.CheckConstraint(
                condition=~Q(place="") | ~Q(online_link=""),
                name="circle_meeting_has_place_or_link",
                violation_error_message=_("Give a place or an online link."),
            ),
        ]

    def __str__(self):
        return f"{self.circle} – {self.date:%d-%m-%Y}"

    @property
    def start(self) -> datetime.datetime:
        return datetime.datetime.combine(self.date, self.starts_at, tzinfo=MEETING_ZONE)


class QuestionStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    IN_PROGRESS = "in_progress", _("Being worked on")
    ANSWERED = "answered", _("Answered")
    CLOSED = "closed", _("Closed")


#: The statuses from which a question can still move.
QUESTION_OPEN_STATUSES = (QuestionStatus.SUBMITTED, QuestionStatus.IN_PROGRESS, QuestionStatus.ANSWERED)


class PracticeQuestion(TimeStampedModel):
    """A question from a school's practice that the circle works on."""

    circle = models.ForeignKey(
        LearningCircle, on_delete=models.CASCADE, related_name="questions", verbose_name=_("learning circle")
    )
    school = models.ForeignKey(
        School, on_delete=models.PROTECT, related_name="practice_questions", verbose_name=_("school")
    )
    title = models.CharField(_("title"), max_length=200)
    context = models.TextField(_("context"), max_length=4000)
    status = models.CharField(
        _("status"), max_length=12, choices=QuestionStatus, default=QuestionStatus.SUBMITTED, db_index=True
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("submitted by"),
        null=True,
        blank=True,
    )

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("practice question")
        verbose_name_plural = _("practice questions")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return self.title


class CircleProduct(TimeStampedModel):
    """What a meeting produced and shares: notes, a product, a link to a shared document."""

    meeting = models.ForeignKey(
        CircleMeeting, on_delete=models.CASCADE, related_name="products", verbose_name=_("meeting")
    )
    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("text"), blank=True, max_length=8000)
    link = models.URLField(_("link"), blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("added by"),
        null=True,
        blank=True,
    )

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("circle product")
        verbose_name_plural = _("circle products")
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(text="") | ~Q(link=""),
                name="circle_product_has_text_or_link",
                violation_error_message=_("Give a text or a link."),
            ),
        ]

    def __str__(self):
        return self.title


class DevelopmentPath(TimeStampedModel):
    slug = models.SlugField(_("slug"), max_length=140, unique=True)
    name_nl = models.CharField(_("name (Dutch)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)
    description_nl = models.TextField(_("description (Dutch)"))
    description_en = models.TextField(_("description (English)"))
    published = models.BooleanField(_("published"), default=False, db_index=True)

    name = Localized("name")
    description = Localized("description")

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("development path")
        verbose_name_plural = _("development paths")
        ordering = ["name_nl", "pk"]

    def __str__(self):
        return self.name


class PathStep(TimeStampedModel):
    """One step of a path: done by completing any one of its activities or modules."""

    path = models.ForeignKey(
        DevelopmentPath, on_delete=models.CASCADE, related_name="steps", verbose_name=_("development path")
    )
    order = models.PositiveSmallIntegerField(_("order"))
    title_nl = models.CharField(_("title (Dutch)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200)
    activities = models.ManyToManyField(Activity, verbose_name=_("activities"), related_name="path_steps", blank=True)
    modules = models.ManyToManyField(
        Module,
        verbose_name=_("modules of the teacher education"),
        related_name="path_steps",
        blank=True,
        help_text=_("Modules of ICLON's teacher education that count for this step."),
    )

    title = Localized("title")

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("path step")
        verbose_name_plural = _("path steps")
        ordering = ["path", "order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["path", "order"],
                name="path_step_order_unique",
                violation_error_message=_("Another step of this path has this place."),
            ),
        ]

    def __str__(self):
        return f"{self.order}. {self.title}"


class PriorModule(TimeStampedModel):
    """A module of ICLON's teacher education that a person completed, recorded by staff."""

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="prior_modules", verbose_name=_("person")
    )
    # CASCADE, not PROTECT: the catalogue replaces a pathway's modules when it is set up again
    # (programmes/catalogue/demo.py deletes and recreates them), which PROTECT would block.
    # PROTECT: a module someone completed is not removed from under their record.
    module = models.ForeignKey(Module, on_delete=models.PROTECT, related_name="+", verbose_name=_("module"))
    completed_on = models.DateField(_("completed on"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
    )

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("completed module of the teacher education")
        verbose_name_plural = _("completed modules of the teacher education")
        ordering = ["-completed_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "module"],
                name="prior_module_once_per_person",
                violation_error_message=_("This module has already been recorded for this person."),
            ),
        ]

    def __str__(self):
        return f"{self.person} – {self.module}"
