"""Names and other text lose bidirectional overrides and zero-width characters on input (a spoofed
name in the staff screens), whichever way they come in: the profile page, the admin, a form of a
slice, the API, a service. Free text keeps the joiners emoji need. A walk over every model checks
that each text field of each model is covered, so that no later app can be forgotten."""

import datetime

import pytest
from django.apps import apps
from django.db import models
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from iclon.accounts.models import User
from iclon.core.text import BIDI_CONTROLS, JOINERS, ZERO_WIDTH, strip_invisible, strip_invisible_on_save
from professionalisation.models import VisitRequest
from tests.api.conftest import api_client

SPOOFED = "Anna\u202eredoc\u202c\u200b de\u2066 Vries\ufeff"
CLEAN = "Annaredoc de Vries"
TEACHER = "Juf \U0001f469\u200d\U0001f3eb"  # woman teacher: two emoji joined by U+200D


def test_every_invisible_character_goes_from_a_line_and_the_joiners_stay_in_free_text():
    for character in BIDI_CONTROLS + ZERO_WIDTH + JOINERS:
        assert strip_invisible(f"a{character}b") == "ab"
    for character in BIDI_CONTROLS + ZERO_WIDTH:
        assert strip_invisible(f"a{character}b", free_text=True) == "ab"
    assert strip_invisible(TEACHER, free_text=True) == TEACHER
    assert strip_invisible("Zoë Çelik-Øster 王") == "Zoë Çelik-Øster 王"


@pytest.mark.django_db
def test_the_profile_page_saves_the_name_without_them(applicant):
    client = Client()
    client.force_login(applicant)
    response = client.post(reverse("accounts:profile"), {"full_name": SPOOFED, "language": "en"})
    assert response.status_code == 302
    assert User.objects.get(pk=applicant.pk).full_name == CLEAN


@pytest.mark.django_db
def test_an_api_write_saves_names_and_free_text_without_them(school_a_contact, school_a):
    day = (timezone.localdate() + datetime.timedelta(days=20)).isoformat()
    response = api_client(school_a_contact).post(
        reverse("api:visit-request-list"),
        {
            "school": school_a.code,
            "contact_name": SPOOFED,
            "contact_email": "sanne@school.example.org",
            "group_label": "Groep\u200b 8",
            "pupils": 30,
            "wishes": f"Ruimtevaart\u202e {TEACHER}",
            "location": "university",
            "preferred_dates": [{"date": day, "part_of_day": "morning"}],
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    visit = VisitRequest.objects.get()
    assert (visit.contact_name, visit.group_label) == (CLEAN, "Groep 8")
    assert visit.wishes == f"Ruimtevaart {TEACHER}"
    assert response.json()["contact_name"] == CLEAN


@pytest.mark.django_db
def test_any_save_stores_the_name_without_them(school_a):
    # The admin, imports and commands all end in a model's save.
    school_a.name = SPOOFED
    school_a.save()
    school_a.refresh_from_db()
    assert school_a.name == CLEAN


def test_fixtures_are_loaded_as_they_are():
    user = User(full_name=SPOOFED)
    strip_invisible_on_save(User, user, raw=True)
    assert user.full_name == SPOOFED


def test_every_text_field_of_every_model_is_cleaned_before_it_is_saved():
    missed, checked = [], 0
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if isinstance(field, models.CharField | models.TextField) and not field.choices:
                instance = model()
                setattr(instance, field.attname, "a\u202eb\u200bc")
                strip_invisible_on_save(model, instance)
                checked += 1
                if getattr(instance, field.attname) != "abc":
                    missed.append(f"{model._meta.label}.{field.name}")
    assert checked > 300 and missed == []
