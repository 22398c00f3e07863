"""The portal refuses to start with the published development secret key unless DEBUG is on, in
the settings themselves (gunicorn never runs `check --deploy`)."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LOAD = "import django; django.setup(); from django.conf import settings; print(settings.DEBUG)"


def start(**env: str) -> subprocess.CompletedProcess:
    """Load the settings in a fresh process, outside pytest, with `env` on top of a clean environment."""
    base = {k: v for k, v in os.environ.items() if k not in ("PYTEST_VERSION", "DJANGO_SECRET_KEY", "DJANGO_DEBUG")}
    base["DJANGO_SETTINGS_MODULE"] = "iclon.settings"
    return subprocess.run(
        [sys.executable, "-c", LOAD], cwd=ROOT, env={**base, **env}, capture_output=True, text=True, timeout=60
    )


def test_without_debug_the_development_key_is_refused():
    process = start(DJANGO_DEBUG="0")
    assert process.returncode != 0
    assert "ImproperlyConfigured: DJANGO_SECRET_KEY is not set" in process.stderr


@pytest.mark.parametrize(
    ("env", "debug"),
    [({"DJANGO_DEBUG": "0", "DJANGO_SECRET_KEY": "a-real-key-" + "x" * 40}, "False"), ({"DJANGO_DEBUG": "1"}, "True")],
)
def test_a_real_key_or_debug_starts(env, debug):
    process = start(**env)
    assert process.returncode == 0, process.stderr
    assert process.stdout.strip() == debug
