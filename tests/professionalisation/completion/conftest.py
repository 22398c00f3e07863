"""Fixtures of the completion tests: a session whose three meetings were held, a participant
registered for it, and the roles of the permission tables."""

import pytest
from django.utils import translation

from professionalisation.models import CompletionAward
from tests.factories import RegistrationFactory, StaffUserFactory, UserFactory
from tests.factories.professionalisation_completion import past_session


@pytest.fixture
def session(db):
    """Three meetings held (the last yesterday); all of them required; a certificate."""
    return past_session(
        meetings=3, award=CompletionAward.CERTIFICATE, title_nl="Formatief handelen", title_en="Formative assessment"
    )


@pytest.fixture
def meetings(session):
    return list(session.meetings.order_by("date"))


@pytest.fixture
def participant(db):
    return UserFactory(full_name="Dana Docent", email="docent@example.org", language="nl")


@pytest.fixture
def registration(session, participant):
    return RegistrationFactory(session=session, participant=participant)


@pytest.fixture
def other_participant(db):
    return UserFactory(full_name="Piet Ander", email="ander@example.org")


@pytest.fixture
def superuser(db):
    return StaffUserFactory(is_superuser=True, full_name="Super User", email="super@example.org")


#: Who may record attendance (and who may not), for the permission tables.
STAFF = ["professionalisation_coordinator", "superuser"]
REFUSED = ["anonymous", "participant", "other_participant", "school_a_contact", "school_b_contact", "intake_officer"]


@pytest.fixture
def role(persona, request):
    """`role("participant")`: the persona or one of this folder's people (None: anonymous)."""

    def get(name):
        if name in ("participant", "other_participant", "superuser"):
            return request.getfixturevalue(name)
        return persona(name)

    return get


@pytest.fixture(autouse=True)
def _in_english(_default_language):
    """These tests compare the services' messages in English, read after the call (their messages
    are lazy): English for the whole test, as the requests of the tests' clients ask for."""
    with translation.override("en"):
        yield
