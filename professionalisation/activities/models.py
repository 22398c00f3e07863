"""Professional development: activities, their sessions and meetings, registrations and the
waiting list.

An `Activity` is what the catalogue shows (a workshop, a course, a trajectory …); a `Session` is
one edition of it with its own meetings and places; a `Registration` holds a place of a session; a
`WaitingListEntry` is a place in the queue, for one session or for any session of the activity.
Capacity is kept by the services (professionalisation/activities/services/, under a row lock)
and by the database: a person holds one live registration per session and one live waiting-list
entry per session (or per activity, for "any session").
"""

import datetime
import secrets
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from iclon.core.i18n import Localized
from iclon.core.models import TimeStampedModel
from partnerships.models import EducationRegion, School
from programmes.catalogue.models import SchoolSubject, Sector
from research.models import TeachingLearningPrinciple

#: Meetings happen in the Netherlands: their times are local times there.
MEETING_ZONE = ZoneInfo("Europe/Amsterdam")


class ActivityKind(models.TextChoices):
    WORKSHOP = "workshop", _("Workshop")
    COURSE = "course", _("Course")
    TRAJECTORY = "trajectory", _("Trajectory")
    CIRCLE_PROGRAMME = "circle_programme", _("Learning-circle programme")
    ONZ_MEETING = "onz_meeting", _("ONZ network meeting")
    SCHOOL_EDUCATOR_COURSE = "school_educator_course", _("Course for school-based teacher educators")
    SUMMER_SCHOOL = "summer_school", _("Summer school")
    CONFERENCE = "conference", _("Conference")
    # Orientation on the teaching profession (outreach, issue 12): for people who may become teachers.
    TASTER_DAY = "taster_day", _("Taster day")
    DAY_AS_TEACHER = "day_as_teacher", _("A day as a teacher")
    INFORMATION_EVENING = "information_evening", _("Information evening")


class Audience(models.TextChoices):
    TEACHERS_PO = "teachers_po", _("Teachers in primary education")
    TEACHERS_VO = "teachers_vo", _("Teachers in secondary education")
    TEACHERS_HE = "teachers_he", _("Teachers in higher education")
    SCHOOL_EDUCATORS = "school_educators", _("School-based teacher educators")
    TEAM_LEADERS = "team_leaders", _("Team leaders")
    SCHOOL_LEADERS = "school_leaders", _("School leaders")
    PROSPECTIVE_TEACHERS = "prospective_teachers", _("Prospective teachers (career switchers, students)")


class ActivityFormat(models.TextChoices):
    ON_SITE = "on_site", _("On site")
    ONLINE = "online", _("Online")
    HYBRID = "hybrid", _("Hybrid")


class CompletionAward(models.TextChoices):
    CERTIFICATE = "certificate", _("Certificate")
    MICROCREDENTIAL = "microcredential", _("Certificate and microcredential")
    NOTHING = "nothing", _("Nothing")


class TargetAudience(models.Model):
    """One of the audiences an activity is for (a fixed list, kept as rows so that an activity can
    have several and the catalogue can filter on them with an index)."""

    code = models.CharField(_("code"), max_length=20, choices=Audience, unique=True)

    class Meta:
        verbose_name = _("audience")
        verbose_name_plural = _("audiences")
        ordering = ["code"]

    def __str__(self):
        return str(Audience(self.code).label)


class ActivityQuerySet(models.QuerySet):
    def published(self):
        return self.filter(published=True)


class Activity(TimeStampedModel):
    slug = models.SlugField(_("slug"), max_length=140, unique=True)
    kind = models.CharField(_("kind"), max_length=24, choices=ActivityKind, db_index=True)
    title_nl = models.CharField(_("title (Dutch)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200)
    description_nl = models.TextField(_("description (Dutch)"))
    description_en = models.TextField(_("description (English)"))
    audiences = models.ManyToManyField(TargetAudience, verbose_name=_("audiences"), related_name="activities")
    subjects = models.ManyToManyField(
        SchoolSubject, verbose_name=_("school subjects"), related_name="activities", blank=True
    )
    principles = models.ManyToManyField(
        TeachingLearningPrinciple,
        verbose_name=_("teaching-learning principles"),
        related_name="activities",
        blank=True,
    )
    region = models.ForeignKey(
        EducationRegion,
        on_delete=models.PROTECT,
        verbose_name=_("education region"),
        related_name="activities",
        null=True,
        blank=True,
        help_text=_("Leave empty for an activity open to every region."),
    )
    sector = models.CharField(
        _("sector"),
        max_length=2,
        choices=Sector,
        blank=True,
        db_index=True,
        help_text=_("The sector it is about (e.g. an orientation on teaching in primary schools); empty: both."),
    )
    format = models.CharField(_("format"), max_length=8, choices=ActivityFormat, db_index=True)
    price = models.DecimalField(
        _("price in euros"),
        max_digits=8,
        decimal_places=2,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0"))],
        help_text=_("0 for a free activity."),
    )
    onz_price = models.DecimalField(
        _("price for ONZ member schools in euros"),
        max_digits=8,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
        help_text=_("Leave empty when ONZ member schools pay the full price."),
    )
    study_load_hours = models.PositiveSmallIntegerField(_("study load in hours"), null=True, blank=True)
    study_load_ec = models.DecimalField(
        _("study load in EC"),
        max_digits=4,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0.1"))],
    )
    award = models.CharField(
        _("completion gives"), max_length=16, choices=CompletionAward, default=CompletionAward.CERTIFICATE
    )
    meetings_required = models.PositiveSmallIntegerField(
        _("meetings to attend"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_("Attend at least this many meetings of a session; empty: all of them."),
    )
    assignment_required = models.BooleanField(_("an assignment is required"), default=False)
    organisers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("organisers"), related_name="organised_activities", blank=True
    )
    contact_email = models.EmailField(_("contact e-mail"))
    offer_hours = models.PositiveSmallIntegerField(
        _("hours to accept an offered place"),
        default=48,
        validators=[MinValueValidator(1)],
        help_text=_("How long someone from the waiting list has to accept a place that has become free."),
    )
    cancel_days_before = models.PositiveSmallIntegerField(
        _("participants may cancel until (days before the first meeting)"), default=7
    )
    published = models.BooleanField(_("published"), default=False, db_index=True)

    title = Localized("title")
    description = Localized("description")

    objects = ActivityQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ["title_nl"]
        constraints = [
            models.CheckConstraint(condition=Q(price__gte=0), name="activity_price_not_negative"),
            models.CheckConstraint(
                condition=Q(onz_price__isnull=True) | Q(onz_price__gte=0, onz_price__lte=models.F("price")),
                name="activity_onz_price_at_most_price",
            ),
            models.CheckConstraint(condition=Q(offer_hours__gte=1), name="activity_offer_hours_positive"),
        ]

    def __str__(self):
        return self.title

    @property
    def is_free(self) -> bool:
        return self.price == 0


class SessionStatus(models.TextChoices):
    OPEN = "open", _("Open")
    FULL = "full", _("Full")
    CLOSED = "closed", _("Closed")
    CANCELLED = "cancelled", _("Cancelled")


class Session(TimeStampedModel):
    """One edition of an activity: its meetings, its places and its deadlines."""

    activity = models.ForeignKey(
        Activity, on_delete=models.CASCADE, related_name="sessions", verbose_name=_("activity")
    )
    name = models.CharField(_("name"), max_length=120, help_text=_('E.g. "Spring 2027, Leiden".'))
    capacity = models.PositiveIntegerField(_("places"), validators=[MinValueValidator(1)])
    onz_places = models.PositiveIntegerField(
        _("places held for ONZ member schools"),
        default=0,
        help_text=_("Only teachers of ONZ member schools can take these places until the date below."),
    )
    onz_places_until = models.DateField(_("ONZ places held until"), null=True, blank=True)
    registration_deadline = models.DateTimeField(_("registration deadline"))
    offers_until = models.DateTimeField(
        _("last moment for offers from the waiting list"),
        null=True,
        blank=True,
        help_text=_("After this moment no place is offered any more; empty: the first meeting's start."),
    )
    status = models.CharField(_("status"), max_length=10, choices=SessionStatus, default=SessionStatus.OPEN)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        ordering = ["registration_deadline", "pk"]
        indexes = [models.Index(fields=["status", "registration_deadline"], name="session_status_deadline")]
        constraints = [
            models.CheckConstraint(condition=Q(capacity__gte=1), name="session_capacity_positive"),
            models.CheckConstraint(
                condition=Q(onz_places__lte=models.F("capacity")), name="session_onz_within_capacity"
            ),
        ]

    def __str__(self):
        return f"{self.activity} – {self.name}"


class Meeting(TimeStampedModel):
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="meetings", verbose_name=_("session"))
    date = models.DateField(_("date"), db_index=True)
    starts_at = models.TimeField(_("start time"))
    ends_at = models.TimeField(_("end time"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    online_link = models.URLField(_("online link"), blank=True)
    #: Set by services/sessions.py `meeting_cancel`: the meeting does not take place, the rest of
    #: its session goes on. It stays in the session (and in everyone's history and calendar).
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    cancel_reason = models.CharField(_("reason for cancelling"), max_length=200, blank=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["date", "starts_at", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=models.F("starts_at")), name="meeting_ends_after_start"),
        ]

    def __str__(self):
        return f"{self.date:%d-%m-%Y} {self.starts_at:%H:%M}–{self.ends_at:%H:%M}"

    @property
    def cancelled(self) -> bool:
        """Whether this one meeting was cancelled (see `Session.status` for the whole session)."""
        return self.cancelled_at is not None

    @property
    def start(self) -> datetime.datetime:
        """The meeting's start as an aware moment (local time in the Netherlands)."""
        return datetime.datetime.combine(self.date, self.starts_at, tzinfo=MEETING_ZONE)

    @property
    def end(self) -> datetime.datetime:
        return datetime.datetime.combine(self.date, self.ends_at, tzinfo=MEETING_ZONE)


class RegistrationStatus(models.TextChoices):
    CONFIRMED = "confirmed", _("Confirmed")
    CANCELLED = "cancelled", _("Cancelled")


class Registration(TimeStampedModel):
    """A confirmed place of a session (or one that was given back)."""

    session = models.ForeignKey(
        Session, on_delete=models.PROTECT, related_name="registrations", verbose_name=_("session")
    )
    participant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="registrations",
        verbose_name=_("participant"),
    )
    school = models.ForeignKey(
        School,
        on_delete=models.SET_NULL,
        related_name="registrations",
        verbose_name=_("school"),
        null=True,
        blank=True,
        help_text=_("The school the participant takes part for (it sees this registration)."),
    )
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("registered by"),
        null=True,
        blank=True,
    )
    status = models.CharField(
        _("status"), max_length=10, choices=RegistrationStatus, default=RegistrationStatus.CONFIRMED, db_index=True
    )
    onz_place = models.BooleanField(_("on a place held for ONZ"), default=False)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    cancel_reason = models.CharField(_("reason for cancelling"), max_length=200, blank=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["session", "status"], name="registration_session_status")]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "participant"],
                condition=Q(status="confirmed"),
                name="registration_one_live_per_person",
                violation_error_message=_("This person is already registered for this session."),
            ),
        ]

    def __str__(self):
        return f"{self.participant} – {self.session}"


class WaitingStatus(models.TextChoices):
    WAITING = "waiting", _("Waiting")
    OFFERED = "offered", _("Place offered")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    EXPIRED = "expired", _("Offer expired")
    REMOVED = "removed", _("Left the waiting list")
    CLOSED = "closed", _("Closed")


#: Entries that still stand in the queue (an offer holds a place until it is answered).
LIVE_WAITING = (WaitingStatus.WAITING, WaitingStatus.OFFERED)


class OfferReason(models.TextChoices):
    CANCELLATION = "cancellation", _("A participant cancelled")
    CAPACITY_RAISED = "capacity_raised", _("More places were added")
    OFFER_PASSED_ON = "offer_passed_on", _("An earlier offer was declined or expired")
    STAFF = "staff", _("Promoted by staff")
    FREE_PLACE = "free_place", _("A place was free (people joined the queue, or ONZ places were released)")


def new_token() -> str:
    return secrets.token_urlsafe(24)


class WaitingListEntry(TimeStampedModel):
    """A place in the queue: for one session, or (session empty) for any session of the activity.

    Its position is its order among the live entries (by `created_at`, then id); an offer names the
    session whose place it holds and when it expires; `token` is the secret of the accept and
    decline links in the offer's e-mail."""

    activity = models.ForeignKey(
        Activity, on_delete=models.CASCADE, related_name="waiting_list", verbose_name=_("activity")
    )
    session = models.ForeignKey(
        Session,
        on_delete=models.CASCADE,
        related_name="waiting_list",
        verbose_name=_("session"),
        null=True,
        blank=True,
        help_text=_("Empty: any session of the activity."),
    )
    participant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="waiting_list_entries",
        verbose_name=_("participant"),
    )
    school = models.ForeignKey(
        School,
        on_delete=models.SET_NULL,
        related_name="waiting_list_entries",
        verbose_name=_("school"),
        null=True,
        blank=True,
    )
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, related_name="+", null=True, blank=True
    )
    status = models.CharField(_("status"), max_length=10, choices=WaitingStatus, default=WaitingStatus.WAITING)
    offered_session = models.ForeignKey(
        Session,
        # An open offer holds a place of the session: cancel the session (which closes the offers)
        # rather than delete it. SET_NULL would break the offer's check constraint.
        on_delete=models.PROTECT,
        related_name="offers",
        verbose_name=_("session offered"),
        null=True,
        blank=True,
    )
    offered_at = models.DateTimeField(_("offered at"), null=True, blank=True)
    offer_expires_at = models.DateTimeField(_("offer expires at"), null=True, blank=True, db_index=True)
    offer_reason = models.CharField(_("why the place was offered"), max_length=16, choices=OfferReason, blank=True)
    staff_reason = models.CharField(_("staff's reason"), max_length=200, blank=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    token = models.CharField(max_length=40, unique=True, default=new_token, editable=False)

    history = HistoricalRecords(excluded_fields=["updated_at", "token"])

    class Meta:
        verbose_name = _("waiting-list entry")
        verbose_name_plural = _("waiting-list entries")
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["activity", "status"], name="waiting_activity_status")]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "participant"],
                condition=Q(status__in=LIVE_WAITING, session__isnull=False),
                name="waiting_one_live_per_session",
                violation_error_message=_("This person is already on the waiting list of this session."),
            ),
            models.UniqueConstraint(
                fields=["activity", "participant"],
                condition=Q(status__in=LIVE_WAITING, session__isnull=True),
                name="waiting_one_live_any_session",
                violation_error_message=_("This person is already on the waiting list of this activity."),
            ),
            models.CheckConstraint(
                condition=~Q(status="offered") | Q(offered_session__isnull=False, offer_expires_at__isnull=False),
                name="waiting_offer_names_session_and_expiry",
            ),
        ]

    def __str__(self):
        return f"{self.participant} – {self.session or self.activity}"

    @property
    def offer_open(self) -> bool:
        return (
            self.status == WaitingStatus.OFFERED
            and self.offer_expires_at is not None
            and self.offer_expires_at > timezone.now()
        )


class CalendarFeed(TimeStampedModel):
    """A participant's private calendar feed: its secret `token` is the address; renewing it gives a
    new address and the old one stops working."""

    participant = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="calendar_feed",
        verbose_name=_("participant"),
    )
    token = models.CharField(max_length=40, unique=True, default=new_token, editable=False)
    renewed_at = models.DateTimeField(_("renewed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")

    def __str__(self):
        return str(self.participant)


class InvitationStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for the teacher")
    ACCEPTED = "accepted", _("Confirmed by the teacher")
    DECLINED = "declined", _("Declined by the teacher")
    WITHDRAWN = "withdrawn", _("Withdrawn by the school")
    EXPIRED = "expired", _("Expired")


class RegistrationInvitation(TimeStampedModel):
    """A school contact's registration of a teacher of their school: the teacher gets an e-mail with
    a link (`token`) and confirms it (a registration, or a place on the waiting list if the session
    is full by then) or declines it. It holds no place until it is confirmed."""

    session = models.ForeignKey(
        Session, on_delete=models.CASCADE, related_name="invitations", verbose_name=_("session")
    )
    school = models.ForeignKey(
        School, on_delete=models.CASCADE, related_name="registration_invitations", verbose_name=_("school")
    )
    name = models.CharField(_("name"), max_length=150)
    email = models.EmailField(_("e-mail address"))
    language = models.CharField(_("language of the invitation"), max_length=5, choices=settings.LANGUAGES, default="nl")
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("invited by"),
        null=True,
        blank=True,
    )
    status = models.CharField(
        _("status"), max_length=10, choices=InvitationStatus, default=InvitationStatus.PENDING, db_index=True
    )
    expires_at = models.DateTimeField(_("expires at"))
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    participant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        related_name="registration_invitations",
        verbose_name=_("participant"),
        null=True,
        blank=True,
    )
    registration = models.ForeignKey(Registration, on_delete=models.SET_NULL, related_name="+", null=True, blank=True)
    waiting_list_entry = models.ForeignKey(
        WaitingListEntry, on_delete=models.SET_NULL, related_name="+", null=True, blank=True
    )
    token = models.CharField(max_length=40, unique=True, default=new_token, editable=False)

    history = HistoricalRecords(excluded_fields=["updated_at", "token"])

    class Meta:
        verbose_name = _("registration invitation")
        verbose_name_plural = _("registration invitations")
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["school", "status"], name="invitation_school_status")]
        constraints = [
            models.UniqueConstraint(
                Lower("email"),
                "session",
                condition=Q(status="pending"),
                name="invitation_one_pending_per_email",
                violation_error_message=_("This teacher has already been invited to this session."),
            ),
        ]

    def __str__(self):
        return f"{self.name} <{self.email}> – {self.session}"
