"""The run's own database: a fresh SQLite file, or a fresh database on a PostgreSQL server.

`make bench` measures on SQLite (the embedded default) unless DATABASE_URL names a
PostgreSQL server, as REDIS_URL switches the caches to Redis. The database that URL names is
only connected to: the run creates its own `bench_<run id>` next to it (on the same server,
with the same credentials), builds everything there and drops it at the end, so a run never
reads nor writes anything it did not create.
"""

import os
import sqlite3
from pathlib import Path
from urllib.parse import urlsplit

import psycopg
from psycopg import sql

POSTGRES_SCHEMES = ("postgres", "postgresql")  # the schemes both libpq and Django read


class RunDatabase:
    """Where a run's backend processes store the site, and what the report says of it."""

    def __init__(self, workdir: Path, run_id: str, server_url: str | None = None):
        server_url = (server_url or "").strip()
        self.server_url = server_url if urlsplit(server_url).scheme in POSTGRES_SCHEMES else ""
        self.name = f"bench_{run_id}"
        if self.server_url:
            self.url = urlsplit(self.server_url)._replace(path=f"/{self.name}").geturl()
        else:
            self.url = f"sqlite:///{workdir / 'db.sqlite3'}"
        self.created = False

    @classmethod
    def from_environment(cls, workdir: Path, run_id: str) -> "RunDatabase":
        return cls(workdir, run_id, os.environ.get("DATABASE_URL"))

    @property
    def is_postgres(self) -> bool:
        return bool(self.server_url)

    @property
    def kind(self) -> str:
        return "PostgreSQL" if self.is_postgres else "SQLite"

    def create(self) -> None:
        """Create the run's PostgreSQL database (nothing to do for SQLite: the file is made
        by `migrate`)."""
        if self.is_postgres:
            with self._server() as connection:
                connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(self.name)))
            self.created = True

    def drop(self) -> None:
        """Drop the run's PostgreSQL database, closing whatever still holds a connection."""
        if self.created:
            with self._server() as connection:
                connection.execute(
                    sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
                        sql.Identifier(self.name)
                    )
                )
            self.created = False

    def description(self) -> str:
        if not self.is_postgres:
            return f"SQLite {sqlite3.sqlite_version} (fresh file in a temporary folder)"
        with self._server() as connection:
            version = connection.execute("SHOW server_version").fetchone()[0]
        where = urlsplit(self.server_url)
        return (
            f"PostgreSQL {version.split()[0]} (database {self.name}, created for this run on "
            f"{where.hostname}:{where.port or 5432} and dropped afterwards; DATABASE_URL)"
        )

    def _server(self) -> psycopg.Connection:
        return psycopg.connect(self.server_url, autocommit=True, connect_timeout=10)
