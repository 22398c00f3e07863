"""scripts/api_example.py, run as a user runs it, against a live server of the portal."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from iclon.accounts.models import ApiToken
from iclon.accounts.services import api_token_revoke
from tests.api.conftest import token_for
from tests.factories import EducationRegionFactory, SchoolFactory, UserFactory

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "api_example.py"


def run_script(live_server, *arguments, token=None):
    env = {key: value for key, value in os.environ.items() if key != "ICLON_API_TOKEN"}
    if token:
        env["ICLON_API_TOKEN"] = token
    return subprocess.run(
        [sys.executable, str(SCRIPT), "--base-url", live_server.url, *arguments],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )


@pytest.fixture
def regions(transactional_db):
    """Twelve schools in Leiden e.o., three elsewhere: with --page-size 5 the script follows three pages."""
    leiden, elsewhere = EducationRegionFactory(slug="leiden-eo"), EducationRegionFactory(slug="elders")
    inside = [
        SchoolFactory(region=leiden, name=f"School {i:02d} Leiden", municipality=f"Gemeente {i}") for i in range(12)
    ]
    SchoolFactory.create_batch(3, region=elsewhere)
    return inside


def test_example_script_lists_exactly_the_schools_of_the_region(live_server, regions):
    token = token_for(UserFactory())
    result = run_script(live_server, "--region", "leiden-eo", "--page-size", "5", token=token)
    assert result.returncode == 0, result.stderr

    lines = result.stdout.splitlines()
    expected = sorted(regions, key=lambda school: school.name)
    assert lines[:-1] == [f"{s.code}\t{s.name}\t{s.municipality}" for s in expected]
    assert lines[-1] == "12 schools in region leiden-eo"


def test_example_script_reports_an_unknown_region(live_server, regions):
    result = run_script(live_server, "--region", "nergens", token=token_for(UserFactory()))
    assert result.returncode == 1
    assert result.stderr.strip() == "Error 404: Not found."


def test_example_script_reports_a_revoked_token(live_server, regions):
    user = UserFactory()
    token = token_for(user)
    api_token_revoke(token=ApiToken.objects.get(user=user), actor=user)
    result = run_script(live_server, "--region", "leiden-eo", token=token)
    assert result.returncode == 1
    assert result.stderr.strip() == "Error 401: Invalid token."


def test_example_script_reads_the_public_directory_without_a_token(live_server, regions):
    result = run_script(live_server, "--region", "leiden-eo")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == "12 schools in region leiden-eo"
