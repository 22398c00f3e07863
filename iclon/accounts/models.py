"""The portal's user: e-mail is the login; the preferred language is used for every e-mail."""

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from knox.models import AbstractAuthToken


class Language(models.TextChoices):
    DUTCH = "nl", _("Dutch")
    ENGLISH = "en", _("English")


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        if not extra_fields["is_staff"] or not extra_fields["is_superuser"]:
            raise ValueError("A superuser has is_staff and is_superuser set.")
        return self._create_user(email, password, **extra_fields)

    def get_by_natural_key(self, username):
        return self.get(email__iexact=username)


class User(AbstractBaseUser, PermissionsMixin):
    email = models.EmailField(_("e-mail address"), max_length=254, unique=True)
    full_name = models.CharField(_("full name"), max_length=200)
    language = models.CharField(
        _("preferred language"),
        max_length=2,
        choices=Language,
        default=Language.DUTCH,
        help_text=_("Every e-mail the portal sends you is written in this language."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    is_staff = models.BooleanField(
        _("ICLON staff"),
        default=False,
        help_text=_("Staff can log in to the admin; they must set up two-factor authentication."),
    )
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["full_name", "email"]
        constraints = [
            models.UniqueConstraint(Lower("email"), name="accounts_user_email_ci_unique"),
        ]

    def __str__(self):
        return f"{self.full_name} <{self.email}>" if self.full_name else self.email

    def clean(self):
        super().clean()
        self.email = self.__class__.objects.normalize_email(self.email).lower()

    def get_full_name(self):
        return self.full_name

    def get_short_name(self):
        return self.full_name.split(" ")[0] if self.full_name else self.email


class ApiToken(AbstractAuthToken):
    """A personal API token (django-rest-knox): only a hash is stored; the token is shown once.

    It acts with exactly its owner's permissions and stops working when revoked (deleted) or
    expired."""

    name = models.CharField(_("name"), max_length=100)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created"]

    def __str__(self):
        return f"{self.name} ({self.token_key}…)"

    @property
    def is_expired(self) -> bool:
        return self.expiry is not None and self.expiry <= timezone.now()


class ErasureRequest(models.Model):
    """A person's request to erase their account and personal data (GDPR art. 17). Staff carry it
    out (iclon.accounts.services.erasure_request_carry_out) or refuse it with a reason; what the
    law makes the portal keep is kept anonymised (iclon.core.privacy, the apps' privacy.py)."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        CARRIED_OUT = "carried_out", _("Carried out")
        REFUSED = "refused", _("Refused")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="erasure_requests", verbose_name=_("person"))
    reason = models.TextField(_("reason"), blank=True, help_text=_("Optional: why you want your account deleted."))
    status = models.CharField(_("status"), max_length=12, choices=Status, default=Status.OPEN)
    requested_at = models.DateTimeField(_("requested at"), default=timezone.now)
    handled_at = models.DateTimeField(_("handled at"), null=True, blank=True)
    handled_by = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("handled by"),
    )
    refusal_reason = models.TextField(_("reason for refusal"), blank=True)

    class Meta:
        verbose_name = _("erasure request")
        verbose_name_plural = _("erasure requests")
        ordering = ["-requested_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user"], condition=models.Q(status="open"), name="accounts_one_open_erasure_request"
            ),
        ]

    def __str__(self):
        return f"{self.get_status_display()} ({self.requested_at:%Y-%m-%d})"
