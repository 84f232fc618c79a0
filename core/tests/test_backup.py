"""Backup and restore: the round trip keeps every row of every table and every uploaded file."""

import io
import json
import tarfile

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from core.backup import prune, table_fingerprints

from .environment import run_manage

# Run in the restored installation: the same driver and adapters as the fingerprints of the source.
FINGERPRINTS = """
import json
from django.db import connection
from core.backup import table_fingerprints
with connection.cursor() as cursor:
    print(json.dumps(table_fingerprints(cursor, connection.introspection.table_names(cursor))))
"""


def fingerprints_here() -> dict:
    with connection.cursor() as cursor:
        return json.loads(json.dumps(table_fingerprints(cursor, connection.introspection.table_names(cursor))))


@pytest.fixture
def restore_target(tmp_path):
    """Environment of a second installation with an empty database of the same kind as the test run's."""
    var_dir = tmp_path / "restored"
    var_dir.mkdir()
    if connection.vendor == "sqlite":
        yield var_dir, {}
        return
    db = connection.settings_dict
    name = f"{db['NAME']}_restore"
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        cursor.execute(f'CREATE DATABASE "{name}"')
    auth = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    yield var_dir, {"DATABASE_URL": f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{name}"}
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def uploaded_file(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    upload = settings.MEDIA_ROOT / "imports" / "2026" / "12" / "danh-sách.xlsx"
    upload.parent.mkdir(parents=True)
    upload.write_bytes(b"PK\x03\x04 a workbook" * 100)
    return upload


@pytest.mark.django_db(transaction=True)  # pg_dump and the backup API see committed rows only
def test_a_backup_restored_into_an_empty_database_has_every_row_and_file(personas, uploaded_file, restore_target, tmp_path):
    (tmp_path / "backups").mkdir()
    call_command("backup", str(tmp_path / "backups"), stdout=io.StringIO())
    (archive,) = (tmp_path / "backups").glob("hoptac-*.tar.gz")
    source = fingerprints_here()
    assert source["registry_organization"][0] == 3 and source["accounts_user"][0] >= 9

    var_dir, env = restore_target
    restored = run_manage(var_dir, "restore", str(archive), **env)
    assert restored.returncode == 0, restored.stderr
    copy = run_manage(var_dir, "shell", "--no-imports", "-c", FINGERPRINTS, **env)
    assert json.loads(copy.stdout.strip().splitlines()[-1]) == source
    assert (var_dir / "media" / "imports" / "2026" / "12" / "danh-sách.xlsx").read_bytes() == uploaded_file.read_bytes()

    # The restored database is no longer empty: a second restore is refused unless forced.
    refused = run_manage(var_dir, "restore", str(archive), **env)
    assert refused.returncode != 0 and "--force" in refused.stderr
    forced = run_manage(var_dir, "restore", str(archive), "--force", **env)
    assert forced.returncode == 0, forced.stderr
    copy = run_manage(var_dir, "shell", "--no-imports", "-c", FINGERPRINTS, **env)
    assert json.loads(copy.stdout.strip().splitlines()[-1]) == source


@pytest.mark.django_db(transaction=True)
def test_the_manifest_records_the_schema_version_and_the_checksums(personas, uploaded_file, tmp_path):
    call_command("backup", str(tmp_path / "backup.tar.gz"), stdout=io.StringIO())
    with tarfile.open(tmp_path / "backup.tar.gz") as archive:
        manifest = json.load(archive.extractfile("manifest.json"))
        names = set(archive.getnames())
    assert manifest["database"]["vendor"] == connection.vendor
    assert "registry.0001_initial" in manifest["migrations"] and "accounts.0001_initial" in manifest["migrations"]
    assert manifest["row_counts"]["registry_organization"] == 3
    assert set(manifest["files"]) == names - {"manifest.json"}
    assert "media/imports/2026/12/danh-sách.xlsx" in manifest["files"]


@pytest.mark.django_db(transaction=True)
def test_it_refuses_to_restore_into_a_database_that_has_tables(personas, tmp_path):
    archive = tmp_path / "backup.tar.gz"
    call_command("backup", str(archive), stdout=io.StringIO())
    before = fingerprints_here()
    with pytest.raises(CommandError, match="--force"):
        call_command("restore", str(archive), stdout=io.StringIO())
    assert fingerprints_here() == before


@pytest.mark.django_db(transaction=True)
def test_a_damaged_archive_is_refused_before_anything_is_restored(personas, uploaded_file, tmp_path):
    archive = tmp_path / "backup.tar.gz"
    call_command("backup", str(archive), stdout=io.StringIO())
    damaged = tmp_path / "damaged.tar.gz"
    with tarfile.open(archive) as source, tarfile.open(damaged, "w:gz") as target:
        for member in source.getmembers():
            data = source.extractfile(member).read()
            if member.name.startswith("media/"):
                data = data.replace(b"workbook", b"workbooK", 1)
            target.addfile(member, io.BytesIO(data))
    uploaded_file.unlink()
    with pytest.raises(CommandError, match="checksum"):
        call_command("restore", str(damaged), "--force", stdout=io.StringIO())
    assert not uploaded_file.exists()


def test_old_archives_beyond_the_retention_are_deleted_and_other_files_kept(tmp_path):
    import os
    import time

    old, new, other = (tmp_path / n for n in ("hoptac-20260101-020000.tar.gz", "hoptac-20261205-020000.tar.gz", "notes.txt"))
    for path in (old, new, other):
        path.write_text("x")
    twenty_days_ago = time.time() - 20 * 86400
    os.utime(old, (twenty_days_ago, twenty_days_ago))
    os.utime(other, (twenty_days_ago, twenty_days_ago))
    assert prune(tmp_path, keep_days=14) == [old]
    assert new.exists() and other.exists()
