"""The admin of research coordination: the lists for the research team (refused for other staff,
school users and visitors), the change form saving the assignee and the notes through the services
(a refusal is an error on the form), and the actions calling the services."""

import pytest
from django.test import Client
from django.urls import reverse

from research.coordination.models import SupportStatus
from tests.factories.research_coordination import SupportRequestFactory, SupportRequestMessageFactory
from tests.utils import nothing_written

pytestmark = pytest.mark.django_db
S = SupportStatus
CHANGELIST = reverse("admin:research_supportrequest_changelist")


def admin_client(user):
    client = Client(headers={"accept-language": "en"})
    client.force_login(user)
    return client


@pytest.mark.parametrize("model", ["supportrequest", "supportrequestmessage"])
@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("researcher", 200),
        ("administrator", 200),
        ("intake_officer", 403),
        ("school_a_contact", 302),
        ("anonymous", 302),
    ],
)
def test_who_opens_the_lists(model, persona, status, request):
    SupportRequestMessageFactory(request=SupportRequestFactory(title="Listed request"))
    client = Client() if persona == "anonymous" else admin_client(request.getfixturevalue(persona))
    response = client.get(reverse(f"admin:research_{model}_changelist"))
    assert response.status_code == status
    assert ("Listed request" in response.content.decode()) is (status == 200)


def test_the_actions_call_the_services(researcher):
    rows = [SupportRequestFactory(title=f"Request {n}") for n in range(2)]
    client = admin_client(researcher)
    ids = [row.pk for row in rows]
    client.post(CHANGELIST, {"action": "assign_to_me_action", "_selected_action": ids})
    client.post(CHANGELIST, {"action": "accept_action", "_selected_action": ids})
    client.post(CHANGELIST, {"action": "complete_action", "_selected_action": ids})
    for row in rows:
        row.refresh_from_db()
        assert (row.assignee, row.status) == (researcher, S.COMPLETED)
        assert row.history.latest().history_user == researcher


def test_a_refused_action_is_reported_per_request(researcher):
    row = SupportRequestFactory(title="Fresh one")
    with nothing_written(row):
        response = admin_client(researcher).post(
            CHANGELIST, {"action": "complete_action", "_selected_action": [row.pk]}, follow=True
        )
    assert "Fresh one: A request that is “Submitted” cannot become “Completed”." in response.content.decode()


def test_the_change_form_saves_the_assignee_and_notes_through_the_services(researcher, colleague, intake_officer):
    row = SupportRequestFactory()
    url = reverse("admin:research_supportrequest_change", args=[row.pk])
    client = admin_client(researcher)
    client.post(url, {"assignee": colleague.pk, "internal_notes": "Ring on Monday", **INLINE})
    row.refresh_from_db()
    assert (row.assignee, row.internal_notes) == (colleague, "Ring on Monday")
    with nothing_written(row):
        refused = client.post(url, {"assignee": intake_officer.pk, "internal_notes": "x", **INLINE})
    assert "Select a valid choice" in refused.content.decode()


INLINE = {
    "messages-TOTAL_FORMS": "0",
    "messages-INITIAL_FORMS": "0",
    "messages-MIN_NUM_FORMS": "0",
    "messages-MAX_NUM_FORMS": "1000",
}
