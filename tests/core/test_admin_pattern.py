"""The admin's one pattern for changes made by services (iclon/core/admin.py), checked once for
every admin: one read-only history mixin, written once and used by every admin whose history the
services write; every form that calls a service sits in an admin that saves nothing itself and
writes no LogEntry beside the service's records."""

import ast
import pathlib

import pytest
from django.contrib import admin
from django.contrib.admin.options import InlineModelAdmin
from django.core.exceptions import PermissionDenied
from django.test import Client, RequestFactory
from django.urls import reverse
from simple_history.admin import SimpleHistoryAdmin

from iclon.core.admin import (
    AtomicFormsAdminMixin,
    ReadOnlyHistoryMixin,
    ServiceFormAdminMixin,
    ServiceHistoryAdmin,
    ServiceInlineMixin,
)
from iclon.core.forms import ServiceModelForm
from partnerships.models import School
from programmes.catalogue.models import Pathway, Programme, SchoolSubject
from tests.factories.placements import PlacementOfferFactory

ROOT = pathlib.Path(__file__).resolve().parents[2]
FIRST_PARTY = ("iclon", "partnerships", "research", "programmes", "professionalisation")

# Models whose admin saves them as they are (configuration, and the school register kept from
# DUO's files): their history may be reverted like any other save of theirs.
SAVED_DIRECTLY = {SchoolSubject, Programme, Pathway, School}


def registered():
    return sorted(admin.site._registry.items(), key=lambda item: item[0]._meta.label)


def first_party(cls) -> bool:
    return cls.__module__.split(".")[0] in FIRST_PARTY


def all_subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from all_subclasses(sub)


def test_the_history_and_log_overrides_are_written_once():
    """Only iclon/core/admin.py turns off reverting and the LogEntry of an admin."""
    names = {"revert_disabled", "history_form_view", "log_addition", "log_deletion", "log_deletions"}
    found = []
    for package in FIRST_PARTY:
        for path in sorted((ROOT / package).rglob("*.py")):
            if "migrations" in path.parts or path == ROOT / "iclon/core/admin.py":
                continue
            for node in ast.walk(ast.parse(path.read_text())):
                if isinstance(node, ast.FunctionDef) and node.name in names:
                    found.append(f"{path.relative_to(ROOT)}:{node.lineno} {node.name}")
    assert not found, "\n".join(found)


def test_every_history_admin_is_read_only_unless_the_admin_saves_its_model_itself():
    writable = [
        model._meta.label
        for model, model_admin in registered()
        if isinstance(model_admin, SimpleHistoryAdmin)
        and not isinstance(model_admin, ReadOnlyHistoryMixin)
        and model not in SAVED_DIRECTLY
    ]
    assert not writable


def test_every_form_that_calls_a_service_is_in_an_admin_that_saves_nothing_itself():
    wrong = []
    for model, model_admin in registered():
        if issubclass(model_admin.form, ServiceModelForm) and not isinstance(model_admin, ServiceFormAdminMixin):
            wrong.append(model._meta.label)
        if isinstance(model_admin, ServiceFormAdminMixin) and not isinstance(model_admin, ServiceHistoryAdmin):
            wrong.append(model._meta.label)
        service_inlines = [inline for inline in model_admin.inlines if issubclass(inline, ServiceInlineMixin)]
        if service_inlines and not isinstance(model_admin, AtomicFormsAdminMixin):
            wrong.append(model._meta.label)
    for inline in all_subclasses(InlineModelAdmin):
        calls_services = first_party(inline) and issubclass(inline.form, ServiceModelForm)
        if calls_services and not issubclass(inline, ServiceInlineMixin):
            wrong.append(inline.__qualname__)
    assert not wrong


@pytest.mark.django_db
def test_every_read_only_history_refuses_a_revert(administrator):
    request = RequestFactory().post("/", {})
    request.user = administrator
    admins = [model_admin for _model, model_admin in registered() if isinstance(model_admin, ReadOnlyHistoryMixin)]
    assert len(admins) >= 7
    for model_admin in admins:
        assert model_admin.revert_disabled(request) is True
        with pytest.raises(PermissionDenied):
            model_admin.history_form_view(request, "1", "1")


@pytest.mark.django_db
def test_a_revert_posted_anyway_is_refused_and_changes_nothing(administrator):
    offer = PlacementOfferFactory(places=2)
    offer.places = 4
    offer.save()
    first = offer.history.earliest()
    url = reverse("admin:programmes_placementoffer_simple_history", args=[offer.pk, first.history_id])
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(administrator)

    page = client.get(url)
    response = client.post(url, {"places": 2, "_save": "Revert"})

    assert page.status_code == 200
    assert "Revert" not in page.content.decode()
    assert response.status_code == 403
    offer.refresh_from_db()
    assert offer.places == 4
    assert offer.history.count() == 2
