"""Back up the CMS (database + uploaded media) into a timestamped folder, and restore one.

Why a script and not a management command: a restore must work on an empty database, before
any app or migration is there. It reads the same settings as the backend (DJANGO_SETTINGS_MODULE,
backend.settings.dev by default), so DATABASE_URL and MEDIA_ROOT mean what they mean there.

A backup folder holds `database.dump` (pg_dump custom format) or `database.sqlite3`, and
`media.tar.gz` when media live on the local disk. Usage:

    python -m deploy.backup backup [--into backups]
    python -m deploy.backup restore backups/20250101-120000Z
"""

import argparse
import os
import shutil
import sqlite3
import subprocess
import sys
import tarfile
from contextlib import closing
from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings
from django.db import connection

PG_DUMP = "database.dump"
SQLITE_COPY = "database.sqlite3"
MEDIA_ARCHIVE = "media.tar.gz"
LOCAL_STORAGE = "django.core.files.storage.FileSystemStorage"


def postgres_env(database: dict) -> dict:
    """The libpq environment (PGHOST, ...) that points pg_dump/pg_restore at this database."""
    env = dict(os.environ)
    values = {
        "PGHOST": database.get("HOST"),
        "PGPORT": database.get("PORT"),
        "PGUSER": database.get("USER"),
        "PGPASSWORD": database.get("PASSWORD"),
        "PGDATABASE": database.get("NAME"),
        "PGSSLMODE": database.get("OPTIONS", {}).get("sslmode"),
    }
    env.update({key: str(value) for key, value in values.items() if value})
    return env


def postgres_tool(name: str) -> str:
    """Full path of a PostgreSQL client program, or a clear error when it is not installed."""
    path = shutil.which(name)
    if path is None:
        sys.exit(f"{name} is not installed (Debian: apt-get install postgresql-client).")
    return path


def is_postgres(database: dict) -> bool:
    return "postgresql" in database["ENGINE"]


def is_sqlite(database: dict) -> bool:
    return "sqlite3" in database["ENGINE"]


def media_is_local() -> bool:
    return settings.STORAGES["default"]["BACKEND"] == LOCAL_STORAGE


def backup_database(database: dict, folder: Path) -> None:
    if is_postgres(database):
        command = [postgres_tool("pg_dump"), "--format=custom", "--no-owner", "--no-privileges"]
        command.append(f"--file={folder / PG_DUMP}")
        subprocess.run(command, env=postgres_env(database), check=True)  # noqa: S603
    elif is_sqlite(database):
        source = Path(database["NAME"])
        if not source.exists():
            sys.exit(f"There is no SQLite database at {source}.")
        with (
            closing(sqlite3.connect(source)) as live,
            closing(sqlite3.connect(folder / SQLITE_COPY)) as copy,
        ):
            live.backup(copy)
    else:
        sys.exit(f"Backing up {database['ENGINE']} is not supported.")


def restore_database(database: dict, folder: Path) -> None:
    if (folder / PG_DUMP).exists():
        if not is_postgres(database):
            sys.exit("This backup holds a PostgreSQL dump; point DATABASE_URL at PostgreSQL.")
        if connection.introspection.table_names():
            sys.exit(f"The database {database['NAME']} is not empty: drop and create it first.")
        connection.close()
        command = [postgres_tool("pg_restore"), "--no-owner", "--no-privileges"]
        command += ["--exit-on-error", "--single-transaction", f"--dbname={database['NAME']}"]
        command.append(str(folder / PG_DUMP))
        subprocess.run(command, env=postgres_env(database), check=True)  # noqa: S603
    elif (folder / SQLITE_COPY).exists():
        if not is_sqlite(database):
            sys.exit("This backup holds a SQLite database; point DATABASE_URL at SQLite.")
        with (
            closing(sqlite3.connect(folder / SQLITE_COPY)) as copy,
            closing(sqlite3.connect(database["NAME"])) as live,
        ):
            copy.backup(live)
    else:
        sys.exit(f"{folder} holds no {PG_DUMP} or {SQLITE_COPY}.")


def backup(into: Path) -> Path:
    """Write a new backup folder under `into` and return it."""
    folder = into / datetime.now(UTC).strftime("%Y%m%d-%H%M%SZ")
    folder.mkdir(parents=True)
    backup_database(settings.DATABASES["default"], folder)
    if media_is_local():
        media_root = Path(settings.MEDIA_ROOT)
        with tarfile.open(folder / MEDIA_ARCHIVE, "w:gz") as archive:
            if media_root.is_dir():  # nothing uploaded yet: an empty archive
                archive.add(media_root, arcname=".")
    else:
        print("Media live in the storage bucket: back the bucket up with its provider's tools.")
    return folder


def restore(folder: Path) -> None:
    """Load a backup folder into the configured database and MEDIA_ROOT."""
    restore_database(settings.DATABASES["default"], folder)
    if (folder / MEDIA_ARCHIVE).exists():
        media_root = Path(settings.MEDIA_ROOT)
        media_root.mkdir(parents=True, exist_ok=True)
        with tarfile.open(folder / MEDIA_ARCHIVE) as archive:
            archive.extractall(media_root, filter="data")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    backup_parser = commands.add_parser("backup", help="write a new timestamped backup folder")
    backup_parser.add_argument("--into", type=Path, default=Path("backups"))
    restore_parser = commands.add_parser("restore", help="restore a backup folder")
    restore_parser.add_argument("folder", type=Path)
    arguments = parser.parse_args(argv)

    # Settings only (no app loading): what the database and the media folder are.
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "backend.settings.dev")
    if arguments.command == "backup":
        print(f"Backup written to {backup(arguments.into)}")
    else:
        if not arguments.folder.is_dir():
            sys.exit(f"{arguments.folder} is not a backup folder.")
        restore(arguments.folder)
        print(f"Restored {arguments.folder}")


if __name__ == "__main__":
    main()
