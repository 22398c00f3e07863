"""Settings, security headers, error pages, the home page and the demo/scale data commands."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django_scopes import scopes_disabled

from iclon.accounts.models import User
from partnerships.models import School, SchoolMembership, TrainingSchoolPartnership

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.django_db


def run_manage(*args, **env):
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL", "REDIS_URL"))}
    environment.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=120
    )


def test_deploy_check_is_silent_with_production_settings():
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY="x" * 20 + "a-real-and-long-production-secret-key-0987",
        DJANGO_ALLOWED_HOSTS="portal.iclon.example",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_deploy_check_refuses_the_development_secret_key():
    result = run_manage("check", "--deploy", DJANGO_DEBUG="0", DJANGO_ALLOWED_HOSTS="portal.iclon.example")
    assert result.returncode != 0
    assert "iclon.E001" in result.stderr + result.stdout


def test_database_defaults_to_sqlite_in_the_project_folder():
    result = run_manage(
        "shell", "--no-imports", "-c", "from django.conf import settings; print(settings.DATABASES['default']['NAME'])"
    )
    assert result.stdout.strip() == str(ROOT / "db.sqlite3")


def test_security_headers_on_every_page(client):
    response = client.get(reverse("core:home"), secure=True)
    assert response.status_code == 200
    csp = response["Content-Security-Policy"]
    # Scripts and styles come from our own static files; a nonce only where a page asks for one.
    assert "script-src 'self'" in csp and "style-src 'self'" in csp and "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


def test_hsts_is_sent_over_https_in_production(settings, client):
    settings.SECURE_HSTS_SECONDS = 31_536_000
    response = client.get(reverse("core:home"), secure=True)
    assert "max-age=31536000" in response["Strict-Transport-Security"]


def test_pages_with_personal_data_are_not_stored(client, applicant):
    client.force_login(applicant)
    response = client.get(reverse("core:dashboard"))
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


def test_anonymous_home_page_is_not_marked_private(client):
    response = client.get(reverse("core:home"))
    assert "no-store" not in response.get("Cache-Control", "")


def test_dashboard_requires_login(client):
    response = client.get(reverse("core:dashboard"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_unknown_page_gets_the_portal_404(client):
    response = client.get("/this-page-does-not-exist/")
    assert response.status_code == 404
    assert b"ICLON" in response.content


def test_server_error_page_renders_without_a_request_context(rf):
    from iclon.core.views import server_error

    response = server_error(rf.get("/"))
    assert response.status_code == 500
    assert b"ICLON" in response.content


def test_home_page_shows_the_four_core_tasks_in_dutch_and_english(client):
    dutch = client.get(reverse("core:home"), HTTP_ACCEPT_LANGUAGE="nl").content.decode()
    for task in ("opleiden", "professionaliseren", "exploreren", "onderzoeken"):
        assert task in dutch.lower()
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    english = client.get(reverse("core:home")).content.decode()
    assert '<html lang="en"' in english


def test_seed_demo_is_refused_without_debug(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError):
        call_command("seed_demo")


def _counts():
    with scopes_disabled():
        return (
            User.objects.count(),
            School.objects.count(),
            TrainingSchoolPartnership.objects.count(),
            SchoolMembership.objects.count(),
            School.history.count(),
        )


@pytest.mark.slow
def test_seed_demo_twice_gives_the_same_data(settings):
    settings.DEBUG = True
    call_command("seed_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    first = _counts()
    call_command("seed_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    assert _counts() == first
    users, schools, partnerships, memberships, _history = first
    assert schools == 372  # the secondary schools of Zuid-Holland in DUO's register
    assert partnerships == 10
    assert memberships >= 5 and users >= 13
    with scopes_disabled():
        assert User.objects.get(email="admin@example.org").check_password("iclon-demo-2026")
        covered = School.objects.filter(partnership__isnull=False).count() / schools
    assert covered > 0.8


def test_seed_scale_generates_schools_in_bulk():
    call_command("seed_scale", "--schools", "300", stdout=open(os.devnull, "w"))  # noqa: SIM115
    assert School.objects.filter(name__startswith="Schaalschool").count() == 300
    call_command("seed_scale", "--schools", "300", stdout=open(os.devnull, "w"))  # noqa: SIM115
    assert School.objects.filter(name__startswith="Schaalschool").count() == 300


def test_dashboard_shows_a_school_card_to_school_users_and_staff_links_by_permission(
    client, school_a_contact, school_a, placement_coordinator, researcher
):
    client.force_login(school_a_contact)
    cards = client.get(reverse("core:dashboard")).context["cards"]
    # The school's own card first; the slices' cards (research questions, placements) follow it.
    assert cards[0].title == school_a.name
    assert reverse("placements:school-dashboard") in [url for card in cards[1:] for _label, url in card.links]
    assert reverse("partnerships:school-detail", kwargs={"code": school_a.code}) in cards[0].links[0][1]

    client.force_login(placement_coordinator)
    staff_card = client.get(reverse("core:dashboard")).context["cards"][0]  # partnerships' card comes first
    urls = [url for _label, url in staff_card.links]
    assert reverse("admin:partnerships_schoolinvitation_add") in urls
    assert reverse("admin:partnerships_school_import_duo") in urls

    client.force_login(researcher)  # may view schools, may not invite or import
    staff_card = client.get(reverse("core:dashboard")).context["cards"][0]
    urls = [url for _label, url in staff_card.links]
    assert reverse("admin:partnerships_school_changelist") in urls
    assert reverse("admin:partnerships_schoolinvitation_add") not in urls


def test_demo_totp_prints_the_current_code_of_the_demo_secret(settings):
    from io import StringIO

    from allauth.mfa.totp.internal.auth import validate_totp_code

    from iclon.accounts.demo import DEMO_TOTP_SECRET

    settings.DEBUG = True
    out = StringIO()
    call_command("demo_totp", stdout=out)
    code = out.getvalue().strip()
    assert len(code) == 6 and validate_totp_code(DEMO_TOTP_SECRET, code)
    settings.DEBUG = False
    with pytest.raises(CommandError):
        call_command("demo_totp")


def test_secret_key_check_flags_only_the_development_key(settings):
    from iclon.core.checks import check_secret_key_is_not_the_development_key

    assert [e.id for e in check_secret_key_is_not_the_development_key(None)] == ["iclon.E001"]
    settings.SECRET_KEY = "a-real-production-key-" + "x" * 40
    assert check_secret_key_is_not_the_development_key(None) == []


def test_favicon_ico_points_at_the_svg_icon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"].endswith("img/favicon.svg")
