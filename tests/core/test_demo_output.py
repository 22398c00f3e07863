"""What `make demo` prints (iclon/core/management/commands/seed_demo.py): a line per seeder, no
e-mails (with the console backend of DJANGO_DEBUG=1 they are written to demo-mail/ instead) and
no line per Celery task run in-process."""

import io
import logging
from types import SimpleNamespace

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import transaction

from iclon.core.management.commands import seed_demo as command
from iclon.core.management.commands.seed_demo import (
    CONSOLE_BACKEND,
    FILE_BACKEND,
    TASK_LOGGER,
    demo_mail_to_files,
    quiet_task_log,
)

LOCMEM_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


def _send(subject="Welcome"):
    mail.send_mail(subject, "Dear Anna, ...", "noreply@example.org", ["anna@example.org"])


def test_console_e_mails_go_to_files_while_seeding(settings, tmp_path, capsys):
    settings.EMAIL_BACKEND = CONSOLE_BACKEND
    with demo_mail_to_files(tmp_path / "demo-mail") as to_files:
        assert to_files is True
        assert settings.EMAIL_BACKEND == FILE_BACKEND
        _send()
    assert capsys.readouterr().out == ""
    [written] = (tmp_path / "demo-mail").iterdir()
    assert "Subject: Welcome" in written.read_text()
    assert settings.EMAIL_BACKEND == CONSOLE_BACKEND  # restored afterwards
    _send("After the demo")
    assert "Subject: After the demo" in capsys.readouterr().out


def test_a_chosen_backend_is_left_alone(settings, tmp_path):
    settings.EMAIL_BACKEND = LOCMEM_BACKEND
    with demo_mail_to_files(tmp_path / "demo-mail") as to_files:
        assert to_files is False
        _send()
    assert [message.subject for message in mail.outbox] == ["Welcome"]
    assert not (tmp_path / "demo-mail").exists()


def test_the_task_lines_are_quiet_while_seeding_only():
    logger = logging.getLogger(TASK_LOGGER)
    before = logger.level
    with quiet_task_log():
        assert not logger.isEnabledFor(logging.INFO)
        assert logger.isEnabledFor(logging.WARNING)
    assert logger.level == before


@pytest.mark.django_db(transaction=True)
def test_the_command_prints_a_line_per_seeder_and_no_e_mail(settings, tmp_path, capsys, monkeypatch):
    """A seeder whose e-mail is sent after the commit, as the outbox sends it, and a task line."""
    settings.DEBUG = True
    settings.BASE_DIR = tmp_path
    settings.EMAIL_BACKEND = CONSOLE_BACKEND
    task_lines = []
    handler = logging.Handler()
    handler.emit = task_lines.append
    logging.getLogger(TASK_LOGGER).addHandler(handler)

    def seed(stdout, style):
        transaction.on_commit(_send)
        logging.getLogger(TASK_LOGGER).info("Task deliver_batch_task succeeded")
        stdout.write("  Demo things: 3 made now.")

    config = SimpleNamespace(label="things", seed_demo=seed)
    monkeypatch.setattr(command.apps, "get_app_configs", lambda: [config])
    out = io.StringIO()
    try:
        call_command("seed_demo", stdout=out)
    finally:
        logging.getLogger(TASK_LOGGER).removeHandler(handler)
    assert out.getvalue().splitlines() == [
        "Seeding things…",
        "  Demo things: 3 made now.",
        "The demo's e-mails are in demo-mail/ (not printed here); its notifications are in the admin's "
        "Notifications and in each account's notification centre.",
        "Demo data loaded. The demo accounts are listed in the README.",
    ]
    assert capsys.readouterr().out == ""
    assert task_lines == []
    [written] = (tmp_path / "demo-mail").iterdir()
    assert "Subject: Welcome" in written.read_text()
