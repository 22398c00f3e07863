"""Microcredentials: Open Badges 3.0 credentials that ICLON signs for a completed activity.

- `MicrocredentialSpec` holds, per activity that gives a microcredential, the elements of the EU
  Council Recommendation on microcredentials (2022/C 243/02) that the activity itself does not
  hold: the learning outcomes, the EQF level, the type of assessment, the form of participation
  and the type of quality assurance. Title, workload (EC, hours) and region are the activity's.
- `SigningKey` is an Ed25519 key of ICLON. Its public key stays published after a rotation, so
  credentials signed with it keep verifying; only the active key signs. The private key is stored
  as PKCS#8 PEM encrypted with a password derived from settings.SECRET_KEY (keys.py), or not at
  all when it comes from the environment (`ICLON_CREDENTIAL_KEY`).
- `Microcredential` is one issued credential: the signed compact JWT (`vc+jwt`), the credential
  JSON that it signs, a snapshot of the learner, and its revocation.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from iclon.core.i18n import Localized
from iclon.core.models import TimeStampedModel
from professionalisation.activities.models import Activity, ActivityFormat
from professionalisation.completion.models import Completion

REASON_LENGTH = 200

DEFAULT_QUALITY_ASSURANCE_NL = (
    "Interne kwaliteitszorg van ICLON, Universiteit Leiden (instelling met een positief "
    "oordeel van de NVAO in de instellingstoets kwaliteitszorg)."
)
DEFAULT_QUALITY_ASSURANCE_EN = (
    "Internal quality assurance of ICLON, Leiden University (an institution with a positive "
    "NVAO institutional quality assurance assessment)."
)


class AssessmentType(models.TextChoices):
    ATTENDANCE = "attendance", _("Active participation in every meeting")
    ASSIGNMENT = "assignment", _("Assignment assessed by a teacher educator")
    PORTFOLIO = "portfolio", _("Portfolio")
    PRESENTATION = "presentation", _("Presentation")
    OBSERVATION = "observation", _("Observation in practice")
    TEST = "test", _("Test")


class MicrocredentialSpec(TimeStampedModel):
    """The EU elements of an activity's microcredential that the activity does not hold."""

    activity = models.OneToOneField(
        Activity, on_delete=models.CASCADE, related_name="microcredential_spec", verbose_name=_("activity")
    )
    learning_outcomes_nl = models.TextField(_("learning outcomes (Dutch)"), help_text=_("One learning outcome a line."))
    learning_outcomes_en = models.TextField(
        _("learning outcomes (English)"), help_text=_("One learning outcome a line.")
    )
    eqf_level = models.PositiveSmallIntegerField(
        _("EQF level"),
        validators=[MinValueValidator(1), MaxValueValidator(8)],
        help_text=_("The level of the European Qualifications Framework, 1 to 8 (a master's degree is 7)."),
    )
    assessment_type = models.CharField(_("type of assessment"), max_length=16, choices=AssessmentType)
    participation_form = models.CharField(
        _("form of participation"),
        max_length=8,
        choices=ActivityFormat,
        blank=True,
        help_text=_("Empty: the activity's format."),
    )
    quality_assurance_nl = models.TextField(
        _("type of quality assurance (Dutch)"), default=DEFAULT_QUALITY_ASSURANCE_NL
    )
    quality_assurance_en = models.TextField(
        _("type of quality assurance (English)"), default=DEFAULT_QUALITY_ASSURANCE_EN
    )

    learning_outcomes = Localized("learning_outcomes")
    quality_assurance = Localized("quality_assurance")

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("microcredential description")
        verbose_name_plural = _("microcredential descriptions")
        ordering = ["activity__title_nl"]
        constraints = [
            models.CheckConstraint(condition=Q(eqf_level__gte=1, eqf_level__lte=8), name="mcspec_eqf_level_1_to_8"),
        ]

    def __str__(self):
        return str(self.activity)

    @property
    def participation(self) -> str:
        """The form of participation: the one set here, else the activity's format."""
        return self.participation_form or self.activity.format


class KeySource(models.TextChoices):
    DATABASE = "database", _("Stored in the database (encrypted)")
    ENVIRONMENT = "environment", _("Read from ICLON_CREDENTIAL_KEY")


class SigningKey(TimeStampedModel):
    """An Ed25519 key of ICLON. `key_id` is the key's JWK thumbprint (RFC 7638): the fragment of
    the `kid` in a credential's header (`<issuer profile URL>#<key_id>`)."""

    key_id = models.CharField(_("key id"), max_length=64, unique=True)
    public_key_pem = models.TextField(_("public key (PEM)"))
    # Never shown: PKCS#8 PEM encrypted with a password derived from SECRET_KEY (keys.py).
    private_key_pem = models.TextField(_("encrypted private key"), blank=True, editable=False)
    source = models.CharField(_("source"), max_length=12, choices=KeySource, default=KeySource.DATABASE)
    active = models.BooleanField(_("signs new credentials"), default=False)
    retired_at = models.DateTimeField(_("retired at"), null=True, blank=True)

    history = HistoricalRecords(excluded_fields=["updated_at", "private_key_pem"])

    class Meta:
        verbose_name = _("signing key")
        verbose_name_plural = _("signing keys")
        ordering = ["-created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["active"],
                condition=Q(active=True),
                name="signingkey_one_active",
                violation_error_message=_("Only one signing key signs at a time."),
            ),
        ]

    def __str__(self):
        return self.key_id


class Microcredential(TimeStampedModel):
    """One signed microcredential.

    A completion has at most one credential that is not revoked; a ForeignKey rather than a
    OneToOne, because a completion withdrawn and recorded again gets a new credential while the
    revoked one must stay on record (and on the revocation list) under its own id."""

    completion = models.ForeignKey(
        Completion, on_delete=models.PROTECT, related_name="microcredentials", verbose_name=_("completion")
    )
    participant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="microcredentials",
        verbose_name=_("participant"),
    )
    credential_id = models.CharField(_("credential id"), max_length=60, unique=True)
    learner_name = models.CharField(_("learner's name"), max_length=150)
    learner_email = models.EmailField(_("learner's e-mail address"))
    language = models.CharField(_("language"), max_length=5, choices=settings.LANGUAGES)
    issued_at = models.DateTimeField(_("issued at"), db_index=True)
    signing_key = models.ForeignKey(
        SigningKey, on_delete=models.PROTECT, related_name="microcredentials", verbose_name=_("signing key")
    )
    jwt = models.TextField(_("signed credential (JWT)"))
    credential = models.JSONField(_("credential (JSON)"))
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoke_reason = models.CharField(_("reason for revoking"), max_length=REASON_LENGTH, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("revoked by"),
        null=True,
        blank=True,
    )

    history = HistoricalRecords(excluded_fields=["updated_at", "jwt", "credential"])

    class Meta:
        verbose_name = _("microcredential")
        verbose_name_plural = _("microcredentials")
        ordering = ["-issued_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["completion"],
                condition=Q(revoked_at__isnull=True),
                name="microcredential_one_live_per_completion",
                violation_error_message=_("This completion already has a microcredential."),
            ),
        ]

    def __str__(self):
        return f"{self.learner_name} – {self.name}"

    @property
    def valid(self) -> bool:
        return self.revoked_at is None

    @property
    def name(self) -> str:
        return str(self.credential.get("name", "")) if isinstance(self.credential, dict) else ""

    @property
    def uuid(self) -> str:
        """The credential id without its `urn:uuid:` prefix (the pages' addresses)."""
        return self.credential_id.removeprefix("urn:uuid:")
