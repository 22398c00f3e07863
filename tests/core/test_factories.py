"""Every model of the portal's own apps has a factory in tests/factories/ (a name others rely
on), and each factory makes a valid row: the rows of the models that are written only through
services (a signed microcredential, a signing key) come from those services."""

import importlib
import inspect
import pkgutil

import factory
import pytest
from django.apps import apps

import tests.factories

OWN_APPS = ["accounts", "notifications", "core", "partnerships", "programmes", "professionalisation", "research"]


def _factories() -> dict[type, type]:
    found: dict[type, type] = {}
    for module_info in pkgutil.iter_modules(tests.factories.__path__):
        module = importlib.import_module(f"tests.factories.{module_info.name}")
        for _name, member in inspect.getmembers(module, inspect.isclass):
            if issubclass(member, factory.django.DjangoModelFactory) and member._meta.model is not None:
                found.setdefault(member._meta.model, member)
    return found


def _own_models() -> list[type]:
    labels = {config.label for config in apps.get_app_configs() if config.label in OWN_APPS}
    return [
        model
        for model in apps.get_models()
        if model._meta.app_label in labels
        and not model.__name__.startswith("Historical")
        and not model._meta.auto_created
    ]


def test_every_model_of_the_portals_own_apps_has_a_factory():
    factories = _factories()
    missing = [f"{m._meta.app_label}.{m.__name__}" for m in _own_models() if m not in factories]
    assert missing == []


def test_every_model_of_professional_development_has_a_factory():
    factories = _factories()
    missing = [m.__name__ for m in _own_models() if m._meta.app_label == "professionalisation" and m not in factories]
    assert missing == []


@pytest.mark.django_db
@pytest.mark.parametrize(
    "model_name", sorted(m.__name__ for m in _own_models() if m._meta.app_label == "professionalisation")
)
def test_each_factory_of_professional_development_makes_a_row(model_name):
    model = apps.get_model("professionalisation", model_name)
    row = _factories()[model]()
    assert model.objects.filter(pk=row.pk).exists()


# The models outside professional development whose factories came last: each makes a valid row.
LATE = [("accounts", "ApiToken"), ("notifications", "Notification"), ("notifications", "NotificationPreference")]
LATE += [("research", "TeachingLearningPrinciple")]
LATE += [("research", "Publication"), ("research", "PublicationAuthor"), ("research", "DuplicateSuspicion")]
LATE += [("core", "IdempotencyRecord"), ("programmes", "YearRollover"), ("programmes", "ShortageStatus")]
LATE += [("programmes", "VogRule"), ("programmes", "VogCertificate")]
LATE += [("programmes", "SupportQuestion"), ("programmes", "SupportReply"), ("programmes", "SupportArticle")]
LATE += [("programmes", "MatchingRun"), ("programmes", "MatchingProposal"), ("programmes", "MatchingConstraint")]


@pytest.mark.django_db
@pytest.mark.parametrize(("app_label", "model_name"), LATE)
def test_the_factories_of_tokens_notifications_and_principles_make_a_row(app_label, model_name):
    model = apps.get_model(app_label, model_name)
    row = _factories()[model]()
    assert model.objects.filter(pk=row.pk).exists()


@pytest.mark.django_db
def test_an_api_token_from_the_factory_authenticates_as_its_owner(client):
    from tests.factories import ApiTokenFactory

    token = ApiTokenFactory()
    answer = client.get("/api/v1/me/", headers={"authorization": f"Token {token.raw_token}"})
    assert answer.status_code == 200
    assert answer.json()["email"] == token.user.email
    assert token.expiry is not None


@pytest.mark.django_db
def test_an_in_app_notification_from_the_factory_is_in_its_recipients_inbox_only():
    from iclon.notifications.models import Channel
    from iclon.notifications.selectors import inbox_for_user
    from tests.factories import NotificationFactory, UserFactory

    row = NotificationFactory(channel=Channel.IN_APP)
    assert list(inbox_for_user(user=row.recipient)) == [row]
    assert not inbox_for_user(user=UserFactory()).exists()


@pytest.mark.django_db
def test_a_notification_preference_from_the_factory_is_one_per_person_and_category():
    from tests.factories import NotificationPreferenceFactory

    preference = NotificationPreferenceFactory()
    again = NotificationPreferenceFactory(user=preference.user)
    assert again.pk == preference.pk
    assert (preference.email, preference.in_app) == (False, True)
