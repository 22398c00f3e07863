"""Who ICLON works with: regions, alliances, institutions, school boards, schools, training-school
partnerships (opleidingsscholen), the people at schools and the agreements that bind them."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from iclon.core.models import TimeStampedModel
from iclon.core.tenancy import ALL_SCHOOLS, SchoolOwnedQuerySet, school_scoped_manager, visible_school_ids
from partnerships.municipalities import municipality_key
from partnerships.validators import (
    PostcodeField,
    UpperCaseCharField,
    validate_board_number,
    validate_branch_number,
    validate_brin_code,
    validate_municipality_code,
    validate_postcode,
)


class EducationRegion(TimeStampedModel):
    """Onderwijsregio: boards, institutes and the profession working together in one region."""

    name = models.CharField(_("name"), max_length=120, unique=True)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    description = models.TextField(_("description"), blank=True)
    website = models.URLField(_("website"), blank=True)

    class Meta:
        verbose_name = _("education region")
        verbose_name_plural = _("education regions")
        ordering = ["name"]

    def __str__(self):
        return self.name


class MunicipalityRegion(TimeStampedModel):
    """Which education region a municipality belongs to. DUO's file has no region column, so the
    import assigns regions through this table, which staff keep in the admin."""

    municipality_code = models.CharField(
        _("municipality code (CBS)"), max_length=4, unique=True, validators=[validate_municipality_code]
    )
    municipality_name = models.CharField(_("municipality"), max_length=120)
    # The name as every lookup compares it (partnerships/municipalities.py): "Den Haag" finds
    # DUO's "S GRAVENHAGE". Derived from the name on every save.
    municipality_key = models.CharField(max_length=120, editable=False, db_index=True)
    region = models.ForeignKey(
        EducationRegion, on_delete=models.CASCADE, related_name="municipalities", verbose_name=_("education region")
    )

    class Meta:
        verbose_name = _("municipality in a region")
        verbose_name_plural = _("municipalities in regions")
        ordering = ["municipality_name"]

    def __str__(self):
        return f"{self.municipality_name} → {self.region}"

    def save(self, *args, **kwargs):
        self.municipality_key = municipality_key(self.municipality_name)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "municipality_name" in update_fields:
            kwargs["update_fields"] = {*update_fields, "municipality_key"}
        super().save(*args, **kwargs)


class Institution(TimeStampedModel):
    """A teacher-education institute or a university."""

    class Kind(models.TextChoices):
        UNIVERSITY = "university", _("Research university")
        UNIVERSITY_OF_APPLIED_SCIENCES = "uas", _("University of applied sciences")
        OTHER = "other", _("Other institute")

    name = models.CharField(_("name"), max_length=200, unique=True)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    short_name = models.CharField(_("short name"), max_length=40, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, db_index=True)
    trains_teachers = models.BooleanField(_("trains teachers"), default=True)
    city = models.CharField(_("city"), max_length=120, blank=True)
    website = models.URLField(_("website"), blank=True)

    class Meta:
        verbose_name = _("institution")
        verbose_name_plural = _("institutions")
        ordering = ["name"]

    def __str__(self):
        return self.name


class Alliance(TimeStampedModel):
    """A regional alliance of teacher-education institutes (e.g. Educatieve Alliantie Zuid-Holland)."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    description = models.TextField(_("description"), blank=True)
    website = models.URLField(_("website"), blank=True)
    institutions = models.ManyToManyField(
        Institution, related_name="alliances", blank=True, verbose_name=_("member institutes")
    )
    regions = models.ManyToManyField(
        EducationRegion, related_name="alliances", blank=True, verbose_name=_("education regions")
    )

    class Meta:
        verbose_name = _("alliance")
        verbose_name_plural = _("alliances")
        ordering = ["name"]

    def __str__(self):
        return self.name


class Faculty(TimeStampedModel):
    institution = models.ForeignKey(
        Institution, on_delete=models.CASCADE, related_name="faculties", verbose_name=_("institution")
    )
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200)
    website = models.URLField(_("website"), blank=True)

    class Meta:
        verbose_name = _("faculty")
        verbose_name_plural = _("faculties")
        ordering = ["institution__name", "name"]
        constraints = [
            models.UniqueConstraint(fields=["institution", "slug"], name="partnerships_faculty_unique_slug"),
        ]

    def __str__(self):
        return f"{self.name} ({self.institution.short_name or self.institution.name})"


class SchoolBoard(TimeStampedModel):
    """Schoolbestuur, identified by DUO's 'bevoegd gezag' number."""

    number = models.CharField(
        _("board number (bevoegd gezag)"), max_length=8, unique=True, validators=[validate_board_number]
    )
    name = models.CharField(_("name"), max_length=200, blank=True)
    city = models.CharField(_("city"), max_length=120, blank=True)
    website = models.URLField(_("website"), blank=True)

    class Meta:
        verbose_name = _("school board")
        verbose_name_plural = _("school boards")
        ordering = ["name", "number"]

    def __str__(self):
        # DUO's branch register has the board's number but not its name; staff add the name.
        return self.name or _("Board %(number)s") % {"number": self.number}


class SchoolQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The schools whose portal pages `user` may open (the tenancy rule, iclon/core/tenancy.py)."""
        ids = visible_school_ids(user)
        return self if ids is ALL_SCHOOLS else self.filter(pk__in=ids)


class School(TimeStampedModel):
    """A school branch (vestiging), identified by BRIN code plus branch number as DUO issues them.

    The public directory of schools is open to everyone; what belongs to a school (memberships,
    placements, requests) is scoped by the tenancy rule."""

    brin_code = UpperCaseCharField(_("BRIN code"), max_length=4, validators=[validate_brin_code])
    branch_number = models.CharField(
        _("branch number"), max_length=2, default="00", validators=[validate_branch_number]
    )
    name = models.CharField(_("name"), max_length=200)
    offers_po = models.BooleanField(_("primary education (PO)"), default=False)
    offers_vo = models.BooleanField(_("secondary education (VO)"), default=False)
    offers_mbo = models.BooleanField(_("vocational education (MBO)"), default=False)
    education_structure = models.CharField(
        _("education types"), max_length=120, blank=True, help_text=_("As DUO lists them, e.g. VMBO/HAVO/VWO.")
    )
    denomination = models.CharField(_("denomination"), max_length=80, blank=True)
    street = models.CharField(_("street"), max_length=200, blank=True)
    house_number = models.CharField(_("house number"), max_length=20, blank=True)
    postcode = PostcodeField(_("postcode"), blank=True, validators=[validate_postcode])
    city = models.CharField(_("town"), max_length=120, blank=True)
    municipality_code = models.CharField(
        _("municipality code (CBS)"), max_length=4, blank=True, validators=[validate_municipality_code]
    )
    municipality = models.CharField(_("municipality"), max_length=120, blank=True)
    province = models.CharField(_("province"), max_length=60, blank=True)
    phone = models.CharField(_("telephone"), max_length=30, blank=True)
    website = models.CharField(_("website"), max_length=200, blank=True)
    board = models.ForeignKey(
        SchoolBoard,
        on_delete=models.PROTECT,
        related_name="schools",
        null=True,
        blank=True,
        verbose_name=_("school board"),
    )
    region = models.ForeignKey(
        EducationRegion,
        on_delete=models.SET_NULL,
        related_name="schools",
        null=True,
        blank=True,
        verbose_name=_("education region"),
    )
    partnership = models.ForeignKey(
        "TrainingSchoolPartnership",
        on_delete=models.SET_NULL,
        related_name="member_schools",
        null=True,
        blank=True,
        verbose_name=_("training-school partnership"),
    )
    onz_member = models.BooleanField(
        _("member of the ONZ network"), default=False, help_text=_("Onderwijsnetwerk Zuid-Holland.")
    )
    is_active = models.BooleanField(_("active"), default=True)

    history = HistoricalRecords()
    objects = SchoolQuerySet.as_manager()

    class Meta:
        verbose_name = _("school")
        verbose_name_plural = _("schools")
        ordering = ["name", "brin_code", "branch_number"]
        constraints = [
            models.UniqueConstraint(fields=["brin_code", "branch_number"], name="partnerships_school_unique_code"),
        ]
        indexes = [
            models.Index(fields=["name"], name="partnerships_school_name"),
            models.Index(fields=["municipality_code"], name="partnerships_school_municip"),
            models.Index(fields=["city"], name="partnerships_school_city"),
        ]

    def __str__(self):
        return f"{self.name} ({self.code})"

    @property
    def code(self) -> str:
        """DUO's vestigingscode: the BRIN code and the branch number, e.g. 18BR00."""
        return f"{self.brin_code}{self.branch_number}"

    @property
    def sectors(self) -> list[str]:
        return [
            name for flag, name in ((self.offers_po, "PO"), (self.offers_vo, "VO"), (self.offers_mbo, "MBO")) if flag
        ]

    @property
    def address(self) -> str:
        street = " ".join(part for part in (self.street, self.house_number) if part)
        town = " ".join(part for part in (self.postcode, self.city) if part)
        return ", ".join(part for part in (street, town) if part)


class TrainingSchoolPartnership(TimeStampedModel):
    """Opleidingsschool: schools accredited to train teachers together with ICLON."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    lead_school = models.ForeignKey(
        School,
        on_delete=models.PROTECT,
        related_name="led_partnerships",
        null=True,
        blank=True,
        verbose_name=_("lead school"),
    )
    region = models.ForeignKey(
        EducationRegion,
        on_delete=models.SET_NULL,
        related_name="partnerships",
        null=True,
        blank=True,
        verbose_name=_("education region"),
    )
    accredited_until = models.DateField(_("accredited until"), null=True, blank=True)
    coordinators = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        related_name="coordinated_partnerships",
        blank=True,
        verbose_name=_("coordinators"),
    )
    description = models.TextField(_("description"), blank=True)
    website = models.URLField(_("website"), blank=True)

    history = HistoricalRecords(m2m_fields=[coordinators])

    class Meta:
        verbose_name = _("training-school partnership")
        verbose_name_plural = _("training-school partnerships")
        ordering = ["name"]

    def __str__(self):
        return self.name

    @property
    def is_accredited(self) -> bool:
        return self.accredited_until is not None and self.accredited_until >= timezone.localdate()


class SchoolRole(models.TextChoices):
    SCHOOL_CONTACT = "school_contact", _("School contact")
    SCHOOL_TEACHER_EDUCATOR = "school_teacher_educator", _("School-based teacher educator")
    WORKPLACE_MENTOR = "workplace_mentor", _("Workplace mentor")
    SCHOOL_LEADER = "school_leader", _("School leader")


# Roles that, at a partnership's lead school, see every school of the partnership.
PARTNERSHIP_SPANNING_ROLES = frozenset({SchoolRole.SCHOOL_CONTACT, SchoolRole.SCHOOL_LEADER})


class SchoolMembershipQuerySet(SchoolOwnedQuerySet):
    def active_on(self, day):
        return self.filter(Q(active_from__lte=day), Q(active_until__isnull=True) | Q(active_until__gte=day))

    def active(self):
        return self.active_on(timezone.localdate())


class SchoolMembership(TimeStampedModel):
    """A person's role at a school, for a period."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="school_memberships", verbose_name=_("user")
    )
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("school"))
    role = models.CharField(_("role"), max_length=32, choices=SchoolRole.choices)
    active_from = models.DateField(_("active from"), default=timezone.localdate)
    active_until = models.DateField(_("active until"), null=True, blank=True)

    history = HistoricalRecords()
    objects = school_scoped_manager("school", SchoolMembershipQuerySet)

    class Meta:
        verbose_name = _("school membership")
        verbose_name_plural = _("school memberships")
        ordering = ["school__name", "role", "user__full_name"]
        constraints = [
            models.UniqueConstraint(fields=["user", "school", "role"], name="partnerships_membership_unique_role"),
            models.CheckConstraint(
                condition=Q(active_until__isnull=True) | Q(active_until__gte=F("active_from")),
                name="partnerships_membership_period_order",
                violation_error_message=_("The end date cannot be before the start date."),
            ),
        ]
        indexes = [models.Index(fields=["user", "active_from", "active_until"], name="partnerships_member_active")]

    def __str__(self):
        return f"{self.user} – {self.get_role_display()} – {self.school.name}"

    @property
    def is_active(self) -> bool:
        today = timezone.localdate()
        return self.active_from <= today and (self.active_until is None or self.active_until >= today)


class SchoolInvitation(TimeStampedModel):
    """An invitation, sent by staff, for a person to join a school in the portal.

    Only a hash of the token is stored; the link in the e-mail is the only copy of the token."""

    email = models.EmailField(_("e-mail address"))
    full_name = models.CharField(_("full name"), max_length=200)
    language = models.CharField(_("language"), max_length=2, choices=settings.LANGUAGES, default="nl")
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="invitations", verbose_name=_("school"))
    role = models.CharField(_("role"), max_length=32, choices=SchoolRole.choices)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    expires_at = models.DateTimeField(_("expires at"))
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("invited by"),
    )
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("accepted by"),
    )

    objects = school_scoped_manager("school")

    class Meta:
        verbose_name = _("school invitation")
        verbose_name_plural = _("school invitations")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["email"], name="partnerships_invitation_email")]

    def __str__(self):
        return f"{self.full_name} <{self.email}> – {self.school.name}"

    @property
    def is_expired(self) -> bool:
        return self.expires_at <= timezone.now()

    @property
    def status(self) -> str:
        if self.accepted_at:
            return _("accepted")
        if self.is_expired:
            return _("expired")
        return _("open")


class Agreement(TimeStampedModel):
    """A partnership agreement (samenwerkingsovereenkomst) between ICLON and its partners."""

    title = models.CharField(_("title"), max_length=200)
    partnership = models.ForeignKey(
        TrainingSchoolPartnership,
        on_delete=models.CASCADE,
        related_name="agreements",
        null=True,
        blank=True,
        verbose_name=_("training-school partnership"),
    )
    boards = models.ManyToManyField(SchoolBoard, related_name="agreements", blank=True, verbose_name=_("school boards"))
    institutions = models.ManyToManyField(
        Institution, related_name="agreements", blank=True, verbose_name=_("institutions")
    )
    signed_on = models.DateField(_("signed on"), null=True, blank=True)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    document = models.FileField(_("document"), upload_to="agreements/%Y/", blank=True)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")
        ordering = ["-starts_on", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")),
                name="partnerships_agreement_period_order",
                violation_error_message=_("The end date cannot be before the start date."),
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def is_current(self) -> bool:
        today = timezone.localdate()
        return self.starts_on <= today and (self.ends_on is None or self.ends_on >= today)
