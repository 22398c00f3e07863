"""Which Chromium the browser tests launch (tests/browser/conftest.py), checked without launching one:
an explicit CHROMIUM_PATH that names no executable skips the tests (fails them in CI) with the
reason, instead of erroring in the launch or quietly using another Chromium."""

import os
import stat

import pytest

from tests.browser.conftest import DEFAULT_CHROMIUM, find_chromium


@pytest.fixture
def executable(tmp_path):
    path = tmp_path / "chromium"
    path.write_text("#!/bin/sh\n")
    path.chmod(path.stat().st_mode | stat.S_IXUSR)
    return str(path)


def test_an_explicit_path_to_an_executable_is_used(executable):
    assert find_chromium({"CHROMIUM_PATH": executable}) == (executable, "")


@pytest.mark.parametrize("kind", ["missing", "not executable", "a folder"])
def test_an_explicit_path_to_no_executable_gives_no_chromium_and_says_why(tmp_path, kind):
    path = tmp_path / "chromium"
    if kind == "not executable":
        path.write_text("")
    elif kind == "a folder":
        path.mkdir()
    chromium, reason = find_chromium({"CHROMIUM_PATH": str(path)})
    assert chromium is None
    assert reason == f"CHROMIUM_PATH is {path}, which is not an executable file"


def test_without_chromium_path_the_default_or_the_one_on_the_path_is_used(monkeypatch, tmp_path, executable):
    chromium, reason = find_chromium({})
    if os.path.isfile(DEFAULT_CHROMIUM):
        assert chromium == DEFAULT_CHROMIUM
    monkeypatch.setattr("tests.browser.conftest.DEFAULT_CHROMIUM", str(tmp_path / "nothing-here"))
    monkeypatch.setenv("PATH", os.path.dirname(executable))
    assert find_chromium({}) == (executable, "")
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    assert find_chromium({}) == (None, "Chromium is not installed (apt-get install chromium)")


def test_the_browser_fixture_skips_on_a_missing_chromium_path(request, monkeypatch, tmp_path):
    monkeypatch.setenv("CHROMIUM_PATH", str(tmp_path / "no-chromium"))
    monkeypatch.setattr("tests.conftest.REQUIRE_SERVICES", False)
    with pytest.raises(pytest.skip.Exception, match="CHROMIUM_PATH is .*no-chromium, which is not an executable file"):
        request.getfixturevalue("browser")


def test_the_browser_fixture_fails_in_ci_on_a_missing_chromium_path(request, monkeypatch, tmp_path):
    monkeypatch.setenv("CHROMIUM_PATH", str(tmp_path / "no-chromium"))
    monkeypatch.setattr("tests.conftest.REQUIRE_SERVICES", True)
    with pytest.raises(pytest.fail.Exception, match="required service missing in CI: CHROMIUM_PATH is"):
        request.getfixturevalue("browser")
