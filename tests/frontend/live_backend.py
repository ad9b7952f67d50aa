"""The real CMS backend, run as a subprocess on its own fresh database with the demo content.

The site's tests talk to it over HTTP exactly as the site does in production. Its database is
a temporary SQLite file, or, when DATABASE_URL names PostgreSQL (as in CI), a fresh database
created beside it and dropped afterwards. Preparing it (migrations and demo content) starts
as soon as the tests are collected, so that it runs while the tests that need no backend do.
Beside the web process runs the task worker with its scheduler (every second), as `make run`
starts it; every process, `shell()` included, shares the backend's cache (files in the work
folder, or Redis).
"""

import functools
import os
import subprocess
import sys
import threading
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from tests.frontend.backend_shell import ShellProcess
from tests.frontend.servers import free_port, wait_for_http

ROOT = Path(__file__).resolve().parents[2]
ADMIN_PASSWORD = "owner-journey-Passw0rd!"
WEBHOOK_SECRET = "live-webhook-secret"
CLIENT_KEY = "live-trusted-client-key"
INLINE_TASKS = {"TASKS_BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}

SETUP = """
from django.core.management import call_command
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Page

call_command("migrate", interactive=False, verbosity=0)
call_command("load_demo_content")
call_command("ensure_admin")
Redirect.objects.get_or_create(
    old_path="/old-cranio",
    defaults={"redirect_page": Page.objects.get(slug="craniosacral-massage"), "is_permanent": True},
)
Redirect.objects.get_or_create(
    old_path="/book-online",
    defaults={"redirect_link": "https://booking.example/massage-aha", "is_permanent": False},
)
"""


def postgres_url(url: str, name: str) -> str:
    return urlunsplit(urlsplit(url)._replace(path=f"/{name}"))


class LiveBackend:
    """The backend process, its addresses, and `shell()` to run code against its database."""

    def __init__(self, workdir: Path, site_port: int):
        self.workdir = workdir
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.api_url = f"{self.url}/api/v2/"
        self.site_url = f"http://127.0.0.1:{site_port}"
        self.database_url, self.postgres_database = self._database()
        self.log = workdir / "backend.log"
        self.setup_process = None
        self.process = None
        self.worker = None
        self.shells: dict[tuple, ShellProcess] = {}
        self.shells_lock = threading.Lock()

    def _database(self) -> tuple[str, str]:
        configured = os.environ.get("DATABASE_URL", "")
        if not configured.startswith(("postgres://", "postgresql://")):
            return f"sqlite:///{self.workdir / 'live.sqlite3'}", ""
        name = f"{urlsplit(configured).path.lstrip('/')}_live_{os.getpid()}"
        return postgres_url(configured, name), name

    def env(self, *, notify_site: bool = True) -> dict:
        """The backend's environment; without `notify_site`, publishes notify nobody."""
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "backend.settings.dev",
            "DATABASE_URL": self.database_url,
            "MEDIA_ROOT": str(self.workdir / "media"),
            "STATIC_ROOT": str(self.workdir / "static"),
            "BACKEND_PORT": str(self.port),
            "WAGTAILAPI_BASE_URL": self.url,
            "WAGTAILADMIN_BASE_URL": self.url,
            "FRONTEND_URL": self.site_url,
            "FRONTEND_PURGE_URL": f"{self.site_url}/_cms/purge/" if notify_site else "",
            "CMS_WEBHOOK_SECRET": WEBHOOK_SECRET,
            "API_TRUSTED_CLIENT_KEY": CLIENT_KEY,
            "ADMIN_PASSWORD": ADMIN_PASSWORD,
            "CACHE_KEY_PREFIX": f"live-{os.getpid()}",
            "CACHE_DIR": str(self.workdir / "cache"),
            "WORKER_HEARTBEAT_FILE": str(self.workdir / "worker-heartbeat"),
            "SCHEDULER_INTERVAL_SECONDS": "1",
            "LOG_LEVEL": "WARNING",
            # Forms may be sent at once; tests/frontend/test_submissions.py checks the
            # 3-second rule against a second backend process (`serve`).
            "FORM_MIN_SECONDS": "0",
        }
        env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        return env

    def manage(
        self, *args: str, notify_site: bool = False, extra_env: dict | None = None, **kwargs
    ) -> subprocess.Popen:
        return subprocess.Popen(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env={**self.env(notify_site=notify_site), **(extra_env or {})},
            **kwargs,
        )

    def shell(self, code: str, *, notify_site: bool = False, extra_env: dict | None = None) -> str:
        """Run Python code in a backend Django shell; returns what it printed.

        With `notify_site`, its changes purge the site as the admin's do (another process
        changing content, as an import or a management command would); `extra_env` changes
        the shell's environment (e.g. which site it notifies). Each environment has its own
        shell process, kept running (tests/frontend/backend_shell.py).
        """
        return self._shell(notify_site, extra_env or {}).run(code)

    def _shell(self, notify_site: bool, extra_env: dict) -> ShellProcess:
        key = (notify_site, tuple(sorted(extra_env.items())))
        with self.shells_lock:
            if key not in self.shells or not self.shells[key].alive():
                with open(self.log, "ab") as log:
                    start = functools.partial(
                        self.manage, notify_site=notify_site, extra_env=extra_env, stderr=log
                    )
                    self.shells[key] = ShellProcess(start)
            return self.shells[key]

    def prepare(self) -> None:
        """Create the database and start migrating it and loading the demo, in the background.

        The demo's tasks (search index, reference index) run as it is loaded, so the backend
        starts as a deployed one whose worker has caught up: search finds every page at once.
        """
        if self.postgres_database:
            self._postgres(f'CREATE DATABASE "{self.postgres_database}"')
        with open(self.log, "ab") as log:
            self.setup_process = self.manage(
                "shell", "-c", SETUP, extra_env=INLINE_TASKS, stdout=log, stderr=log
            )

    def start(self) -> None:
        """Wait for the preparation, then serve the backend until `stop()`."""
        if self.setup_process is None:
            self.prepare()
        if self.setup_process.wait(timeout=600):
            raise RuntimeError(f"backend setup failed:\n{self.log_tail()}")
        for notify_site in (True, False):  # the shells start while the server does
            self._shell(notify_site, {})
        self.process = self.serve(self.port, notify_site=True)
        with open(self.log, "ab") as log:
            self.worker = self.manage(
                "run_worker", "--poll", "0.2", notify_site=True, stdout=log, stderr=log
            )

    def serve(self, port: int, *, notify_site: bool, **extra_env: str) -> subprocess.Popen:
        """A backend process on the prepared database at `port`, once it answers."""
        with open(self.log, "ab") as log:
            process = self.manage(
                "runserver",
                "--noreload",
                f"127.0.0.1:{port}",
                notify_site=notify_site,
                extra_env=extra_env,
                stdout=log,
                stderr=log,
            )
        try:
            wait_for_http(f"http://127.0.0.1:{port}/healthz", timeout=60, process=process)
        except (RuntimeError, TimeoutError) as error:
            raise RuntimeError(f"backend did not start:\n{self.log_tail()}") from error
        return process

    def log_tail(self, lines: int = 30) -> str:
        return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])

    def stop(self) -> None:
        for shell in self.shells.values():
            shell.stop()
        for process in (self.worker, self.process, self.setup_process):
            if process is not None and process.poll() is None:
                process.terminate()
                try:
                    process.wait(timeout=15)
                except subprocess.TimeoutExpired:  # the worker finishes its task first
                    process.kill()
                    process.wait(timeout=5)
        if self.postgres_database:
            self._postgres(f'DROP DATABASE IF EXISTS "{self.postgres_database}" WITH (FORCE)')

    def _postgres(self, statement: str) -> None:
        import psycopg

        with psycopg.connect(os.environ["DATABASE_URL"], autocommit=True) as connection:
            connection.execute(statement)
