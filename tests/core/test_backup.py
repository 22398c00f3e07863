"""Backup and restore, as docs/operations.md tells an operator to do it: scripts/backup.sh dumps the
PostgreSQL database (pg_dump) and packs the documents folder; scripts/restore.sh restores both into
a new, empty database and folder; the portal, started on the restored copy in a process of its own,
reads the same rows and the same documents. Refusals: a backup never overwrites a folder, a restore
never goes into a database that holds tables, and a damaged backup is refused before anything is
restored."""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.files.storage import storages
from django.db import connection

from tests.conftest import skip_or_fail
from tests.core.backup_probe import snapshot
from tests.factories import SchoolFactory
from tests.factories.programmes import ApplicationDocumentFactory
from tests.factories.research import PublicationAuthorFactory
from tests.notifications.live import database_url

pytestmark = [pytest.mark.services, pytest.mark.slow]

ROOT = Path(__file__).resolve().parents[2]
BACKUP = ROOT / "scripts" / "backup.sh"
RESTORE = ROOT / "scripts" / "restore.sh"


@pytest.fixture
def postgres(transactional_db):
    if connection.vendor != "postgresql":
        skip_or_fail("the backup round trip needs PostgreSQL (DATABASE_URL=postgres://…)")
    for tool in ("pg_dump", "pg_restore", "psql"):
        if shutil.which(tool) is None:
            skip_or_fail(f"{tool} is not installed")
    return connection.settings_dict


@pytest.fixture
def restored_database(postgres):
    """A new, empty database next to the test database; dropped afterwards."""
    name = f"{postgres['NAME']}_restored"
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cursor.execute(f'CREATE DATABASE "{name}"')
    yield {**postgres, "NAME": name}
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s", [name])
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')


def run(script: Path, *args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(script), *args], env={**os.environ, **env}, capture_output=True, text=True, timeout=120, check=False
    )


def some_data():
    ApplicationDocumentFactory()
    ApplicationDocumentFactory(original_name="transcript.pdf")
    PublicationAuthorFactory.create_batch(3)
    SchoolFactory.create_batch(2)


def documents_root() -> str:
    return str(storages["applications"].location)


def test_a_backup_restores_into_a_new_database_and_the_portal_reads_the_same(postgres, restored_database, tmp_path):
    some_data()
    before = snapshot()
    assert len(before["documents"]) == 2 and before["rows"]["research.Publication"][0] == 3

    backup = tmp_path / "backup"
    made = run(
        BACKUP,
        str(backup),
        env={
            "DATABASE_URL": database_url(postgres),
            "DJANGO_DOCUMENTS_ROOT": documents_root(),
            "DJANGO_MEDIA_ROOT": str(tmp_path / "no-media"),
        },
    )
    assert made.returncode == 0, made.stderr
    assert sorted(path.name for path in backup.iterdir()) == ["SHA256SUMS", "database.dump", "documents.tar.gz"]

    restored_env = {
        "DATABASE_URL": database_url(restored_database),
        "DJANGO_DOCUMENTS_ROOT": str(tmp_path / "restored-documents"),
        "DJANGO_MEDIA_ROOT": str(tmp_path / "restored-media"),
    }
    done = run(RESTORE, str(backup), env=restored_env)
    assert done.returncode == 0, done.stderr

    # The portal on the restored copy, in a process of its own, as a new server would start.
    probe = subprocess.run(
        [
            sys.executable,
            "manage.py",
            "shell",
            "-c",
            "import json; from tests.core.backup_probe import snapshot; print(json.dumps(snapshot()))",
        ],
        cwd=ROOT,
        env={**os.environ, **restored_env, "DJANGO_DEBUG": "1", "DJANGO_SETTINGS_MODULE": "iclon.settings"},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert probe.returncode == 0, probe.stderr
    after = json.loads(probe.stdout.strip().splitlines()[-1])
    assert after == before


def test_a_restore_refuses_a_database_that_holds_tables(postgres, tmp_path):
    backup = tmp_path / "backup"
    env = {"DATABASE_URL": database_url(postgres), "DJANGO_DOCUMENTS_ROOT": str(tmp_path / "none")}
    assert run(BACKUP, str(backup), env=env).returncode == 0
    refused = run(RESTORE, str(backup), env=env)
    assert refused.returncode == 2
    assert "is not empty" in refused.stderr


def test_a_damaged_backup_is_refused_before_anything_is_restored(postgres, restored_database, tmp_path):
    backup = tmp_path / "backup"
    env = {"DATABASE_URL": database_url(postgres), "DJANGO_DOCUMENTS_ROOT": str(tmp_path / "none")}
    assert run(BACKUP, str(backup), env=env).returncode == 0
    dump = backup / "database.dump"
    dump.write_bytes(dump.read_bytes()[:-100])
    refused = run(RESTORE, str(backup), env={"DATABASE_URL": database_url(restored_database)})
    assert refused.returncode != 0 and "FAILED" in refused.stdout + refused.stderr
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    tables = subprocess.run(
        ["psql", database_url(restored_database), "-tAc", "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert tables.stdout.strip() == "0"


def test_a_backup_never_overwrites_a_folder(postgres, tmp_path):
    (tmp_path / "old").mkdir()
    (tmp_path / "old" / "keep.txt").write_text("an earlier backup")
    refused = run(BACKUP, str(tmp_path / "old"), env={"DATABASE_URL": database_url(postgres)})
    assert refused.returncode == 2 and "exists already" in refused.stderr
    assert [path.name for path in (tmp_path / "old").iterdir()] == ["keep.txt"]
