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
