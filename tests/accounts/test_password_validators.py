"""The password checks speak the portal's language: "je" in Dutch, plain English, and they still refuse
weak passwords at sign-up."""

import pytest
from django.contrib.auth.password_validation import password_validators_help_texts, validate_password
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from iclon.accounts.models import User

pytestmark = pytest.mark.django_db


def refusal(password, user=None, language="nl") -> list[str]:
    with translation.override(language):
        with pytest.raises(ValidationError) as refused:
            validate_password(password, user=user)
        return refused.value.messages


@pytest.mark.parametrize(
    ("password", "dutch", "english"),
    [
        pytest.param(
            "kort1",
            "Dit wachtwoord is te kort. Het moet minstens 10 tekens bevatten.",
            "This password is too short. It must contain at least 10 characters.",
            id="too short",
        ),
        pytest.param(
            "qwertyuiop",
            "Dit wachtwoord wordt te vaak gebruikt. Kies een wachtwoord dat moeilijker te raden is.",
            "This password is too common. Choose one that is harder to guess.",
            id="common",
        ),
        pytest.param(
            "73920184657",
            "Dit wachtwoord bestaat alleen uit cijfers.",
            "This password consists of digits only.",
            id="digits only",
        ),
    ],
)
def test_refusals_in_dutch_and_english(password, dutch, english):
    assert refusal(password, language="nl") == [dutch]
    assert refusal(password, language="en") == [english]


def test_password_like_the_name_or_address_is_refused_with_the_field_name_in_the_language():
    user = User(email="lerares@example.org", full_name="Marieke Jansen")
    assert refusal("mariekejansen", user=user, language="nl") == ["Dit wachtwoord lijkt te veel op je volledige naam."]
    assert refusal("mariekejansen", user=user, language="en") == ["This password is too similar to your full name."]
    assert refusal("lerares-2026", user=user, language="nl") == ["Dit wachtwoord lijkt te veel op je e-mailadres."]
    assert refusal("lerares-2026", user=user, language="en") == ["This password is too similar to your e-mail address."]


def test_help_texts_say_je_in_dutch():
    with translation.override("nl"):
        dutch = password_validators_help_texts()
    with translation.override("en"):
        english = password_validators_help_texts()
    assert dutch == [
        "Je wachtwoord moet minstens 10 tekens bevatten.",
        "Je wachtwoord mag geen veelgebruikt wachtwoord zijn.",
        "Je wachtwoord mag niet alleen uit cijfers bestaan.",
        "Je wachtwoord mag niet te veel lijken op je naam of e-mailadres.",
    ]
    assert not any("Uw " in text or " uw " in text for text in dutch)
    assert "Your password must contain at least 10 characters." in english


def test_a_strong_password_passes():
    user = User(email="marieke.jansen@example.org", full_name="Marieke Jansen")
    validate_password("lindeboom-voorjaar-fiets", user=user)


def test_sign_up_refuses_a_weak_password_in_dutch(client):
    page = client.get(reverse("account_signup"))
    assert "Je wachtwoord moet minstens 10 tekens bevatten." in page.content.decode()
    response = client.post(
        reverse("account_signup"),
        {
            "email": "zwak@example.org",
            "full_name": "Zwak Wachtwoord",
            "language": "nl",
            "password1": "1234567890",
            "password2": "1234567890",
        },
    )
    assert response.status_code == 200
    assert not User.objects.filter(email="zwak@example.org").exists()
    content = response.content.decode()
    assert "Dit wachtwoord wordt te vaak gebruikt." in content
    assert "Dit wachtwoord bestaat alleen uit cijfers." in content
    assert "Uw wachtwoord" not in content


def test_sign_up_refuses_a_short_password_in_english(client):
    response = client.post(
        reverse("account_signup"),
        {
            "email": "weak@example.org",
            "full_name": "Weak Password",
            "language": "en",
            "password1": "short-pw",
            "password2": "short-pw",
        },
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 200
    assert not User.objects.filter(email="weak@example.org").exists()
    assert "This password is too short. It must contain at least 10 characters." in response.content.decode()
