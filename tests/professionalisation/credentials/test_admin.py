"""The admin of microcredentials: revoke with a reason (the service, per row), rotate the key
(administrators only), never a private key on a page, the EU elements edited per activity."""

import pytest
from django.test import Client
from django.urls import reverse

from professionalisation.models import Microcredential, MicrocredentialSpec, SigningKey
from tests.factories.professionalisation_credentials import MicrocredentialActivityFactory
from tests.utils import nothing_written

pytestmark = pytest.mark.django_db


@pytest.fixture
def client():
    return Client(headers={"accept-language": "en"})


def url(model, view="changelist", *args):
    return reverse(f"admin:professionalisation_{model._meta.model_name}_{view}", args=args)


def action(client, model, name, rows, **fields):
    data = {"action": name, "_selected_action": [str(row.pk) for row in rows], **fields}
    return client.post(url(model), data, follow="apply" in fields)


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def test_revoking_asks_a_reason_then_revokes(client, credential, professionalisation_coordinator):
    client.force_login(professionalisation_coordinator)

    page = action(client, Microcredential, "revoke_action", [credential])
    with nothing_written(Microcredential):
        refused = action(client, Microcredential, "revoke_action", [credential], reason=" ", apply="1")
    done = action(client, Microcredential, "revoke_action", [credential], reason="Attendance corrected.", apply="1")

    assert "Revoke microcredentials" in page.content.decode()
    assert "Give a reason." in refused.content.decode()
    assert messages_of(done) == ["1 microcredential revoked."]
    credential.refresh_from_db()
    assert (credential.revoke_reason, credential.revoked_by) == (
        "Attendance corrected.",
        professionalisation_coordinator,
    )


def test_revoking_a_revoked_credential_reports_the_refusal(client, credential, professionalisation_coordinator):
    client.force_login(professionalisation_coordinator)
    action(client, Microcredential, "revoke_action", [credential], reason="Once.", apply="1")

    response = action(client, Microcredential, "revoke_action", [credential], reason="Twice.", apply="1")

    assert messages_of(response) == [f"Not changed: {credential}: This microcredential has already been revoked."]


def test_the_credential_page_is_read_only_with_its_json(client, credential, professionalisation_coordinator):
    client.force_login(professionalisation_coordinator)

    page = client.get(url(Microcredential, "change", credential.pk)).content.decode()

    assert credential.credential_id in page
    assert "&quot;OpenBadgeCredential&quot;" in page
    assert 'name="_save"' not in page


def test_the_key_list_never_shows_a_private_key(client, credential, administrator):
    client.force_login(administrator)
    key = SigningKey.objects.get()

    pages = (
        client.get(url(SigningKey)).content.decode() + client.get(url(SigningKey, "change", key.pk)).content.decode()
    )

    assert key.key_id in pages
    assert "BEGIN PUBLIC KEY" in pages
    assert "PRIVATE KEY" not in pages


def test_an_administrator_rotates_the_key(client, credential, administrator):
    client.force_login(administrator)
    old = SigningKey.objects.get()

    response = action(client, SigningKey, "rotate_action", [old], apply="1")

    new = SigningKey.objects.get(active=True)
    assert new != old
    assert messages_of(response) == [f"New signing key: {new.key_id}"]


def test_a_coordinator_cannot_rotate_the_key(client, credential, professionalisation_coordinator):
    client.force_login(professionalisation_coordinator)
    old = SigningKey.objects.get()

    with nothing_written(SigningKey):
        response = action(client, SigningKey, "rotate_action", [old], apply="1")

    assert "rotate_action" not in response.content.decode()


def test_a_coordinator_describes_an_activitys_microcredential(client, professionalisation_coordinator):
    client.force_login(professionalisation_coordinator)
    activity = MicrocredentialActivityFactory()

    response = client.post(
        url(MicrocredentialSpec, "add"),
        {
            "activity": activity.pk,
            "eqf_level": 9,
            "assessment_type": "portfolio",
            "participation_form": "",
            "learning_outcomes_nl": "Een",
            "learning_outcomes_en": "One",
            "quality_assurance_nl": "Intern",
            "quality_assurance_en": "Internal",
        },
    )
    assert "Ensure this value is less than or equal to 8." in response.content.decode()
    assert not MicrocredentialSpec.objects.exists()

    client.post(
        url(MicrocredentialSpec, "add"),
        {
            "activity": activity.pk,
            "eqf_level": 5,
            "assessment_type": "portfolio",
            "participation_form": "",
            "learning_outcomes_nl": "Een",
            "learning_outcomes_en": "One",
            "quality_assurance_nl": "Intern",
            "quality_assurance_en": "Internal",
        },
    )
    spec = MicrocredentialSpec.objects.get()
    assert (spec.activity, spec.eqf_level, spec.participation) == (activity, 5, "on_site")
