"""Fixtures that run the production shape for real: PostgreSQL, Redis and gunicorn.

`backend_server` is a production backend on PostgreSQL + Redis with the demo content, shared
by the session; the process helpers live in `tests/production/processes.py`.
"""

import os
import secrets
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg
import pytest
import redis

from tests.production.processes import ROOT, free_port, production_env, running

DEFAULT_POSTGRES_URL = "postgres://postgres@127.0.0.1:5432/postgres"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/0"


class PostgresServer:
    """Creates uniquely named databases on a PostgreSQL server and drops them all at the end."""

    def __init__(self, admin_url: str):
        self.admin_url = admin_url
        self.created: list[str] = []

    def execute(self, sql: str) -> None:
        with psycopg.connect(self.admin_url, autocommit=True, connect_timeout=5) as connection:
            connection.execute(sql)

    def create_database(self) -> str:
        """Create an empty database; return its URL."""
        name = f"prodtest_{secrets.token_hex(6)}"
        self.execute(f'CREATE DATABASE "{name}"')
        # Throwaway data: commits (migrations make hundreds) need not wait for the disk.
        self.execute(f'ALTER DATABASE "{name}" SET synchronous_commit = off')
        self.created.append(name)
        return urlunsplit(urlsplit(self.admin_url)._replace(path=f"/{name}"))

    def drop_all(self) -> None:
        for name in self.created:
            self.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="session")
def postgres() -> Iterator[PostgresServer]:
    """The PostgreSQL server of DATABASE_URL (or the local one); skips when unreachable."""
    url = os.environ.get("DATABASE_URL", "")
    url = url if url.startswith(("postgres://", "postgresql://")) else DEFAULT_POSTGRES_URL
    admin_url = urlunsplit(urlsplit(url)._replace(path="/postgres"))
    try:
        psycopg.connect(admin_url, connect_timeout=3).close()
    except psycopg.OperationalError as error:
        pytest.skip(f"PostgreSQL is unreachable at {urlsplit(admin_url).hostname}: {error}")
    server = PostgresServer(admin_url)
    yield server
    server.drop_all()


@pytest.fixture(scope="session")
def redis_cache() -> Iterator[tuple[str, str]]:
    """(REDIS_URL, a unique CACHE_KEY_PREFIX); the prefix's keys are deleted at the end."""
    url = os.environ.get("REDIS_URL") or DEFAULT_REDIS_URL
    client = redis.Redis.from_url(url, socket_timeout=3, socket_connect_timeout=3)
    try:
        client.ping()
    except redis.ConnectionError as error:
        pytest.skip(f"Redis is unreachable at {url}: {error}")
    prefix = f"prodtest-{secrets.token_hex(4)}"
    yield url, prefix
    for key in client.scan_iter(f"{prefix}:*"):
        client.delete(key)
    client.close()


@dataclass
class Backend:
    """A running production backend and what it was started with."""

    url: str
    env: dict[str, str]
    log: Path
    redis: redis.Redis

    @property
    def https_origin(self) -> str:
        """The origin the proxy would give this server: same host and port, https."""
        return self.url.replace("http://", "https://", 1)

    @property
    def media_root(self) -> Path:
        return Path(self.env["MEDIA_ROOT"])

    @property
    def static_root(self) -> Path:
        return Path(self.env["STATIC_ROOT"])

    def cache_key(self, key: str) -> str:
        """The Redis key under which Django's cache stores `key` (version 1)."""
        return f"{self.env['CACHE_KEY_PREFIX']}:1:{key}"


@pytest.fixture(scope="session")
def backend_server(postgres, redis_cache, tmp_path_factory) -> Iterator[Backend]:
    """The backend as its container starts it (deploy/backend-entrypoint.sh, so migrate,
    collectstatic, the demo content and gunicorn with two workers) on a fresh PostgreSQL
    database and Redis, with temporary static and media folders.
    """
    folder = tmp_path_factory.mktemp("backend")
    port = free_port()
    redis_url, prefix = redis_cache
    env = production_env(
        DATABASE_URL=postgres.create_database(),
        REDIS_URL=redis_url,
        CACHE_KEY_PREFIX=prefix,
        STATIC_ROOT=folder / "static",
        MEDIA_ROOT=folder / "media",
        LOAD_DEMO_CONTENT=1,
        GUNICORN_BIND=f"127.0.0.1:{port}",
        WEB_CONCURRENCY=2,
    )
    log = folder / "backend.log"
    with running(
        [str(ROOT / "deploy" / "backend-entrypoint.sh")], env, port, log, timeout=240
    ) as url:
        client = redis.Redis.from_url(redis_url, socket_timeout=3)
        yield Backend(url=url, env=env, log=log, redis=client)
        client.close()
