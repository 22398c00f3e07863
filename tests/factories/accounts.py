import datetime

import factory
from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value, yield_hotp_counters_from_time
from django.contrib.auth.models import Group

from iclon.accounts.models import ApiToken, ErasureRequest, User

# A fixed TOTP secret for staff in tests; tests compute the current code from it.
TEST_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def current_totp(secret: str = TEST_TOTP_SECRET) -> str:
    """The code an authenticator app shows now for `secret` (the middle of allauth's window)."""
    counters = list(yield_hotp_counters_from_time())
    return format_hotp_value(hotp_value(secret, counters[len(counters) // 2]))


PASSWORD = "correct horse battery staple"


def with_totp(user, secret: str = TEST_TOTP_SECRET):
    """Give `user` a TOTP authenticator (staff must have one)."""
    TOTP.activate(user, secret)
    return user


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.org")
    full_name = factory.Faker("name", locale="nl_NL")
    language = "nl"
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def verified(self, create, extracted, **kwargs):
        """Users have a verified primary e-mail address unless verified=False is passed."""
        if create:
            self.save()
            if extracted is not False:
                EmailAddress.objects.create(user=self, email=self.email, verified=True, primary=True)


class StaffUserFactory(UserFactory):
    """An ICLON staff member with two-factor authentication set up; pass group="Intake officers"."""

    is_staff = True

    @factory.post_generation
    def group(self, create, extracted, **kwargs):
        if create and extracted:
            self.groups.add(Group.objects.get(name=extracted))

    @factory.post_generation
    def mfa(self, create, extracted, **kwargs):
        if create and extracted is not False:
            with_totp(self)


class ApiTokenFactory(factory.django.DjangoModelFactory):
    """A personal API token that expires in 30 days (`expiry=None`: never). The row holds only the
    hash; the token itself is on the row as `raw_token`, as the service shows it once. Tests of
    the token rules go through iclon.accounts.services.api_token_create."""

    class Meta:
        model = ApiToken

    user = factory.SubFactory(UserFactory)
    name = factory.Sequence(lambda n: f"script {n}")
    expiry = datetime.timedelta(days=30)

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        # knox's manager makes the token and its hash, and answers (row, token).
        row, raw = model_class._default_manager.create(*args, **kwargs)
        row.raw_token = raw
        return row


class ErasureRequestFactory(factory.django.DjangoModelFactory):
    """An open request to delete an account; tests of the rules go through
    iclon.accounts.services.erasure_request_create."""

    class Meta:
        model = ErasureRequest

    user = factory.SubFactory(UserFactory)
    reason = "I no longer work in education."
