"""Backups: one archive holds the database, the uploaded files and a manifest that vouches for both.

The archive (a .tar.gz) contains
- `database.dump` (PostgreSQL: `pg_dump --format=custom`, consistent while the site runs) or
  `database.sqlite3` (SQLite's online backup API, consistent under WAL while the site writes);
- `media/...`: every uploaded file (MEDIA_ROOT);
- `manifest.json`: the database vendor, the schema version (every applied migration), each table's
  row count and the SHA-256 of every other member of the archive.

`restore` checks every checksum before it touches anything, refuses a database that already has
tables unless forced, and afterwards compares each table's row count with the manifest.
Nothing here knows a domain model: tables and migrations are read from the database.
"""

import datetime as dt
import hashlib
import json
import os
import re
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.management.base import CommandError
from django.db import connection

FORMAT = 1
MANIFEST = "manifest.json"
ARCHIVE_NAME = re.compile(r"^hoptac-\d{8}-\d{6}\.tar\.gz$")


@dataclass
class RestoreReport:
    tables: int
    rows: int
    files: int
    migrations_missing_here: list[str]


# --- reading the database -----------------------------------------------------------------------


def applied_migrations(cursor) -> list[str]:
    cursor.execute("SELECT app, name FROM django_migrations ORDER BY app, name")
    return [f"{app}.{name}" for app, name in cursor.fetchall()]


def row_counts(cursor, tables: list[str]) -> dict[str, int]:
    counts = {}
    for table in tables:
        cursor.execute(f'SELECT COUNT(*) FROM "{table}"')  # names come from the database's own catalogue
        counts[table] = cursor.fetchone()[0]
    return counts


def table_fingerprints(cursor, tables: list[str]) -> dict[str, tuple[int, str]]:
    """Each table's row count and a SHA-256 of its rows (in a fixed order): equal on a faithful copy."""
    fingerprints = {}
    for table in tables:
        cursor.execute(f'SELECT * FROM "{table}"')
        rows = sorted(repr(tuple(row)) for row in cursor.fetchall())
        fingerprints[table] = (len(rows), hashlib.sha256("\n".join(rows).encode()).hexdigest())
    return fingerprints


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as file:
        for block in iter(lambda: file.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


# --- PostgreSQL client tools ------------------------------------------------------------------


def _libpq_env(settings_dict: dict) -> dict[str, str]:
    """pg_dump/pg_restore read the connection from the environment: no password on a command line."""
    env = dict(os.environ)
    for variable, key in (
        ("PGHOST", "HOST"),
        ("PGPORT", "PORT"),
        ("PGUSER", "USER"),
        ("PGPASSWORD", "PASSWORD"),
        ("PGDATABASE", "NAME"),
    ):
        if settings_dict.get(key):
            env[variable] = str(settings_dict[key])
    return env


def _check_client_version(tool: str) -> None:
    """pg_dump older than the server refuses to dump; say which package to install instead."""
    try:
        output = subprocess.run([tool, "--version"], capture_output=True, text=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError) as error:
        raise CommandError(f"{tool} not found: install postgresql-client ({error})") from None
    client_major = int(re.search(r"\(PostgreSQL\)\s+(\d+)", output).group(1))
    connection.ensure_connection()
    server_major = connection.connection.info.server_version // 10000
    if client_major < server_major:
        raise CommandError(
            f"{tool} {client_major} is older than the PostgreSQL server ({server_major}): "
            f"install postgresql-client-{server_major} (docs/deployment.md, backups)."
        )


def _run(command: list[str], env: dict) -> None:
    result = subprocess.run(command, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise CommandError(f"{command[0]} failed: {result.stderr.strip()}")


# --- backup -----------------------------------------------------------------------------------


def archive_path(destination: Path, now: dt.datetime) -> Path:
    """A directory gets a dated archive inside it; anything else is the archive's own name."""
    if destination.is_dir():
        return destination / f"hoptac-{now:%Y%m%d-%H%M%S}.tar.gz"
    return destination


def backup(destination: Path) -> Path:
    if connection.in_atomic_block:
        # pg_dump would miss the transaction's rows, and SQLite's backup waits for it forever.
        raise CommandError("backup runs outside a transaction")
    now = dt.datetime.now(dt.UTC)
    target = archive_path(destination, now)
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=target.parent, prefix=".backup-") as work:
        work = Path(work)
        database_file = _dump_database(work)
        with connection.cursor() as cursor:
            tables = connection.introspection.table_names(cursor)
            manifest = {
                "format": FORMAT,
                "created_at": now.isoformat(),
                "database": {"vendor": connection.vendor, "file": database_file.name},
                "migrations": applied_migrations(cursor),
                "row_counts": row_counts(cursor, tables),
            }
        media_root = Path(settings.MEDIA_ROOT)
        media = sorted(p for p in media_root.rglob("*") if p.is_file()) if media_root.exists() else []
        members = [(database_file, database_file.name)] + [(p, f"media/{p.relative_to(media_root).as_posix()}") for p in media]
        manifest["files"] = {name: {"sha256": _sha256(path), "size": path.stat().st_size} for path, name in members}
        (work / MANIFEST).write_text(json.dumps(manifest, indent=1, ensure_ascii=False))
        partial = work / target.name
        with tarfile.open(partial, "w:gz", compresslevel=6) as archive:
            archive.add(work / MANIFEST, MANIFEST)
            for path, name in members:
                archive.add(path, name)
        partial.chmod(0o600)  # the archive holds every account's password hash
        partial.replace(target)  # a half-written archive never carries the final name
    return target


def _dump_database(work: Path) -> Path:
    if connection.vendor == "postgresql":
        _check_client_version("pg_dump")
        target = work / "database.dump"
        _run(
            ["pg_dump", "--format=custom", "--no-owner", "--no-privileges", f"--file={target}"],
            _libpq_env(connection.settings_dict),
        )
        return target
    if connection.vendor == "sqlite":
        target = work / "database.sqlite3"
        connection.ensure_connection()
        copy = sqlite3.connect(target)
        try:
            connection.connection.backup(copy)
        finally:
            copy.close()
        return target
    raise CommandError(f"no backup method for {connection.vendor}")


def prune(directory: Path, keep_days: int, now: dt.datetime | None = None) -> list[Path]:
    """Delete this command's archives older than `keep_days` (only files named like its own)."""
    cutoff = (now or dt.datetime.now(dt.UTC)).timestamp() - keep_days * 86400
    removed = []
    for path in directory.iterdir():
        if ARCHIVE_NAME.match(path.name) and path.stat().st_mtime < cutoff:
            path.unlink()
            removed.append(path)
    return removed


# --- restore ----------------------------------------------------------------------------------


def restore(archive: Path, *, force: bool = False) -> RestoreReport:
    with tempfile.TemporaryDirectory(prefix="hoptac-restore-") as work:
        work = Path(work)
        manifest = _extract_and_verify(archive, work)
        if manifest["database"]["vendor"] != connection.vendor:
            raise CommandError(
                f"the archive holds a {manifest['database']['vendor']} database; this installation uses {connection.vendor}"
            )
        with connection.cursor() as cursor:
            existing = connection.introspection.table_names(cursor)
        if existing and not force:
            raise CommandError(
                f"the database already has {len(existing)} tables: restore into an empty database, or add --force to replace it"
            )
        _restore_database(work / manifest["database"]["file"], existing)
        files = _restore_media(work / "media")
        with connection.cursor() as cursor:
            tables = connection.introspection.table_names(cursor)
            counts = row_counts(cursor, tables)
        if counts != manifest["row_counts"]:
            wrong = sorted(t for t in set(counts) | set(manifest["row_counts"]) if counts.get(t) != manifest["row_counts"].get(t))
            raise CommandError(f"restored row counts differ from the manifest: {', '.join(wrong)}")
        from django.db.migrations.loader import MigrationLoader

        known = {f"{app}.{name}" for app, name in MigrationLoader(None, ignore_no_migrations=True).disk_migrations}
        return RestoreReport(
            tables=len(tables),
            rows=sum(counts.values()),
            files=files,
            migrations_missing_here=[m for m in manifest["migrations"] if m not in known],
        )


def _extract_and_verify(archive: Path, work: Path) -> dict:
    try:
        with tarfile.open(archive, "r:gz") as tar:
            tar.extractall(work, filter="data")  # refuses absolute paths, "..", devices, links out
    except (OSError, tarfile.TarError) as error:
        raise CommandError(f"cannot read {archive}: {error}") from None
    try:
        manifest = json.loads((work / MANIFEST).read_text())
    except (OSError, ValueError):
        raise CommandError(f"{archive} has no readable {MANIFEST}: not a hoptac backup") from None
    if manifest.get("format") != FORMAT:
        raise CommandError(f"unknown backup format {manifest.get('format')!r}")
    for name, expected in manifest["files"].items():
        path = work / name
        if not path.is_file() or _sha256(path) != expected["sha256"]:
            raise CommandError(f"{name} is missing or damaged in {archive} (checksum differs); nothing was restored")
    return manifest


def _restore_database(dump: Path, existing: list[str]) -> None:
    if connection.vendor == "postgresql":
        _check_client_version("pg_restore")
        with connection.cursor() as cursor:
            for table in existing:
                cursor.execute(f'DROP TABLE IF EXISTS "{table}" CASCADE')
        _run(
            [
                "pg_restore",
                "--no-owner",
                "--no-privileges",
                "--exit-on-error",
                "--single-transaction",
                f"--dbname={connection.settings_dict['NAME']}",
                str(dump),
            ],
            _libpq_env(connection.settings_dict),
        )
    else:
        # The online backup API copies page by page into the open database, replacing what it held.
        connection.ensure_connection()
        source = sqlite3.connect(dump)
        try:
            source.backup(connection.connection)
        finally:
            source.close()
    connection.close()  # the next query sees the restored schema, not cached statements


def _restore_media(source: Path) -> int:
    if not source.exists():
        return 0
    media_root = Path(settings.MEDIA_ROOT)
    count = 0
    for path in source.rglob("*"):
        if path.is_file():
            target = media_root / path.relative_to(source)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, target)
            count += 1
    return count
