"""The README is a newcomer's first page: every address, command, file and setting it names exists.

An address in backticks resolves (`/api/v1/` among them), every `manage.py` command is a
management command, every `make` target is in the Makefile, every file or folder of the
repository it names is there, and every variable of its configuration table is read by
iclon/settings.py."""

import pathlib
import re

import pytest
from django.core.management import get_commands
from django.urls import Resolver404, resolve

from iclon.core import health

ROOT = pathlib.Path(__file__).resolve().parents[2]
README = (ROOT / "README.md").read_text()
CODE = re.findall(r"`([^`\n]+)`", README) + re.findall(r"```sh\n(.*?)```", README, flags=re.DOTALL)
#: Sample values for the placeholders in the README's addresses.
PLACEHOLDERS = {"<code>": "ABCD-1234"}


def _addresses() -> list[str]:
    found = set()
    for code in CODE:
        for address in re.findall(r"(?:^|\s)(/[a-z0-9_<>./-]*)", code):
            for placeholder, value in PLACEHOLDERS.items():
                address = address.replace(placeholder, value)
            found.add(address)
    return sorted(found)


def _commands() -> list[str]:
    return sorted({name for code in CODE for name in re.findall(r"manage\.py ([a-z_]+)", code)})


def _make_targets() -> list[str]:
    return sorted({name for code in CODE for name in re.findall(r"(?:^|\s|`)make ([a-z-]+)", code)})


def _files() -> list[str]:
    folders = "|".join(
        [r"\.ci", "docs", "scripts", "benchmarks", "tests", "iclon", "partnerships", "programmes", "research"]
        + ["professionalisation", "locale"]
    )
    pattern = rf"^(?:{folders})/\S*$"
    return sorted({code for code in CODE if re.match(pattern, code)})


def _configuration_variables() -> list[str]:
    table = README.split("## Configuration", 1)[1].split("\n## ", 1)[0]
    first_cells = re.findall(r"^\| (`[A-Z_].*?) \|", table, flags=re.MULTILINE)
    return sorted({name for cell in first_cells for name in re.findall(r"`([A-Z_]+)`", cell)})


def test_the_readme_names_addresses_commands_and_files():
    # The lists below are not empty by a mistake in their patterns.
    assert "/api/v1/" in _addresses() and "/routes/finder/" in _addresses()
    assert {"seed_demo", "create_api_token", "import_duo_schools", "seed_scale"} <= set(_commands())
    assert {"demo", "test", "check", "totp"} <= set(_make_targets())
    assert "docs/api.md" in _files()
    assert {"REDIS_URL", "EMAIL_URL", "DJANGO_HSTS_SECONDS"} <= set(_configuration_variables())


def _resolves(address: str) -> bool:
    try:
        match = resolve(address)
    except Resolver404:
        return False
    return match.func.__name__ != "not_found"  # the API's 404 for any other address under /api/v1/


@pytest.mark.parametrize("address", _addresses())
def test_every_address_in_the_readme_answers(address):
    """An address of the URL configuration, or a health check (answered by iclon.core.health's middleware)."""
    answered = _resolves(address) or address in (health.LIVE, health.READY)
    assert answered, f"the README names {address}, which nothing answers"


@pytest.mark.parametrize("command", _commands())
def test_every_management_command_in_the_readme_exists(command):
    assert command in get_commands()


@pytest.mark.parametrize("target", _make_targets())
def test_every_make_target_in_the_readme_exists(target):
    assert re.search(rf"^{re.escape(target)}:", (ROOT / "Makefile").read_text(), flags=re.MULTILINE)


@pytest.mark.parametrize("path", _files())
def test_every_file_in_the_readme_exists(path):
    assert (ROOT / path).exists()


@pytest.mark.parametrize("name", _configuration_variables())
def test_every_setting_in_the_readme_is_read_by_the_settings(name):
    assert f'"{name}"' in (ROOT / "iclon" / "settings.py").read_text()
