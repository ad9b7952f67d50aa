"""The system under test, built from scratch in a temporary folder for every run.

A fresh database (bench.database: a SQLite file, or with DATABASE_URL naming a PostgreSQL
server, a database of its own on that server; migrated, with the demo content), then gunicorn
servers on free
loopback ports, each with one worker (as deployed: deploy/gunicorn_conf.py, 4 threads for a
backend), and the task worker:

- `backend`: the CMS (`backend.settings.production`): our API with its shared response
  cache, and the Wagtail admin with our change feed (cache bump and site purge on commit,
  everything else queued for the worker);
- `frontend`: the public site (`frontend_templates.settings.production`) reading `backend`,
  writing its page files for a proxy into the run's folder (SITE_PAGE_FILES_DIR);
- `worker`: `manage.py run_worker` with the backend's environment: the queue (index updates,
  webhooks) and the scheduler (`publish_scheduled` every SCHEDULER_INTERVAL_SECONDS);

and the baselines, each only when a chosen step needs it (`PARTS`; all of them by default):

- `stock` (`stock-api`): the API baseline, Wagtail's unmodified pages API on the same
  database (`bench.stock_settings`);
- `admin` (`stock-admin` and the backend's static files): the publishing baseline, a stock
  coupled Wagtail admin on the same database and content model
  (`bench.stock_admin_settings`): tasks inline, no `api` app, no change feed; an admin
  account and a copy of the CranioSacral page for it;
- `nocache` (`frontend-nocache`): the same site with its page cache switched off through its
  settings (`CMS_CACHE_SECONDS=0`, `CMS_LAST_GOOD_SECONDS=0`): every page view asks the API;
- `site`: the site step's contestants, built or configured at set-up and started by the step
  (bench.site_load): `stock-site`, a `wagtail start` project (bench.stock_site, on its own
  SQLite file whatever the run's database, migrated in
  parallel with the rest of the set-up) and `floor`, the trivial WSGI app (bench.floor_app).

The backend and the frontend share a webhook secret (publish notifications go from the
backend's signals to the frontend's `/_cms/purge/`) and a trusted-client key (the API does not
rate-limit the site's own requests). With `REDIS_URL` set, the caches use that Redis under key
prefixes of this run, deleted at the end; otherwise the backend's processes (web workers, task
worker, publisher) share a file cache in this run's folder (CACHE_DIR) and the frontend's
workers theirs, as `make run` does. Nothing of the repository's `.cache` is used.
"""

import json
import os
import secrets
import subprocess
import time
from pathlib import Path

from cryptography.fernet import Fernet

from bench import servers, stock_site
from bench.admin_setup import STOCK_SLUG
from bench.database import RunDatabase
from bench.servers import BIN, Server, Worker

PYTHON = str(BIN / "python")
CRANIOSACRAL_PATH = "/services/craniosacral-massage/"
STOCK_ADMIN_PATH = f"/services/{STOCK_SLUG}/"
SCHEDULER_INTERVAL_SECONDS = 5
WORKER_POLL_SECONDS = 0.2
IMMEDIATE_TASKS = "django_tasks.backends.immediate.ImmediateBackend"
PARTS = frozenset({"stock", "admin", "nocache", "site"})


class Stack:
    """Configuration, set-up and processes of one run; `stop()` always leaves nothing behind."""

    def __init__(self, workdir: Path, parts: frozenset[str] = PARTS, load_seconds: float = 10.0):
        self.dir = workdir
        self.parts = parts
        self.load_seconds = load_seconds  # each wrk run's duration (bench.site_load)
        self.logs = workdir / "logs"
        self.logs.mkdir()
        self.run_id = secrets.token_hex(4)
        self.webhook_secret = secrets.token_hex(32)
        self.client_key = secrets.token_hex(32)
        self.redis_url = os.environ.get("REDIS_URL", "").strip()
        self.database = RunDatabase.from_environment(workdir, self.run_id)
        self.setup_seconds: dict[str, float] = {}
        ports = {
            name: servers.free_port()
            for name in (
                "backend",
                "stock",
                "stock_admin",
                "frontend",
                "nocache",
                "site",
                "floor",
                "api_floor",
            )
        }
        self.ports = ports
        backend_url = f"http://127.0.0.1:{ports['backend']}"
        frontend_url = f"http://127.0.0.1:{ports['frontend']}"
        self.setup_env = servers.clean_env(
            DJANGO_SETTINGS_MODULE="backend.settings.production",
            DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
            ALLOWED_HOSTS="127.0.0.1,localhost",
            SECURE_SSL_REDIRECT="0",
            DATABASE_URL=self.database.url,
            STATIC_ROOT=workdir / "static",
            MEDIA_ROOT=workdir / "media",
            WAGTAILAPI_BASE_URL=backend_url,
            WAGTAILADMIN_BASE_URL=backend_url,
            BACKEND_PORT=ports["backend"],
            FRONTEND_URL=frontend_url,
            API_TRUSTED_CLIENT_KEY=self.client_key,
            CMS_WEBHOOK_SECRET=self.webhook_secret,  # production requires it, even unused
            # Production refuses to start without the personal-data keys (this run's own).
            PERSONAL_DATA_KEY=Fernet.generate_key().decode(),
            PERSONAL_DATA_LOOKUP_KEY=secrets.token_urlsafe(50),
            # No publish notifications while the demo is loaded: the site is not up yet, and
            # each notification would be retried for 10.5 s before the command could exit.
            FRONTEND_PURGE_URL="",
            # This run's own shared cache and heartbeat, never the repository's .cache.
            CACHE_DIR=workdir / "backend-cache",
            WORKER_HEARTBEAT_FILE=workdir / "worker-heartbeat",
            SCHEDULER_INTERVAL_SECONDS=SCHEDULER_INTERVAL_SECONDS,
            **self._redis("CACHE_KEY_PREFIX", f"bench-{self.run_id}"),
        )
        # Publishing processes (the backend's workers, bench.publisher) notify the frontend.
        self.backend_env = {
            **self.setup_env,
            "FRONTEND_PURGE_URL": f"{frontend_url}/_cms/purge/",
        }
        self.stock_env = {
            **self.backend_env,
            "DJANGO_SETTINGS_MODULE": "bench.stock_settings",
            "WAGTAILAPI_BASE_URL": f"http://127.0.0.1:{ports['stock']}",
            "CACHE_DIR": str(workdir / "stock-cache"),
            **self._redis("CACHE_KEY_PREFIX", f"bench-stock-{self.run_id}"),
        }
        stock_admin_url = f"http://127.0.0.1:{ports['stock_admin']}"
        self.stock_admin_env = {
            **self.backend_env,
            "DJANGO_SETTINGS_MODULE": "bench.stock_admin_settings",
            "TASKS_BACKEND": IMMEDIATE_TASKS,
            "WAGTAILAPI_BASE_URL": stock_admin_url,
            "WAGTAILADMIN_BASE_URL": stock_admin_url,
            "FRONTEND_PURGE_URL": "",  # unused (no api app), and nothing to tell anyway
            "CACHE_DIR": str(workdir / "stock-admin-cache"),
            **self._redis("CACHE_KEY_PREFIX", f"bench-stock-admin-{self.run_id}"),
        }
        self.page_files = workdir / "page-files"
        self.frontend_env = {
            **self._frontend_env("frontend", ports["frontend"]),
            "SITE_PAGE_FILES_DIR": str(self.page_files),
        }
        self.nocache_env = {
            **self._frontend_env("frontend-nocache", ports["nocache"]),
            "CMS_CACHE_SECONDS": "0",
            "CMS_LAST_GOOD_SECONDS": "0",
        }
        self.backend = Server(
            "backend", servers.backend_gunicorn(ports["backend"]), self.backend_env,
            ports["backend"], self.logs,
        )  # fmt: skip
        self.stock = Server(
            "stock-api", servers.backend_gunicorn(ports["stock"]), self.stock_env,
            ports["stock"], self.logs,
        )  # fmt: skip
        self.stock_admin = Server(
            "stock-admin", servers.backend_gunicorn(ports["stock_admin"]),
            self.stock_admin_env, ports["stock_admin"], self.logs,
        )  # fmt: skip
        self.frontend = Server(
            "frontend", servers.gunicorn("frontend_templates.wsgi", ports["frontend"]),
            self.frontend_env, ports["frontend"], self.logs,
        )  # fmt: skip
        self.frontend_nocache = Server(
            "frontend-nocache", servers.gunicorn("frontend_templates.wsgi", ports["nocache"]),
            self.nocache_env, ports["nocache"], self.logs,
        )  # fmt: skip
        self.stock_site_dir = workdir / "stock-site"
        self.stock_site = Server(
            "stock-site", servers.gunicorn(f"{stock_site.PROJECT}.wsgi", ports["site"]),
            stock_site.env(secrets.token_urlsafe(50)), ports["site"], self.logs,
            cwd=self.stock_site_dir, health_path="/",
        )  # fmt: skip
        self.floor_answers = workdir / "floor-answers.json"
        self.floor = Server(
            "floor", servers.gunicorn("bench.floor_app", ports["floor"]),
            servers.clean_env(BENCH_FLOOR_ANSWERS=self.floor_answers), ports["floor"], self.logs,
        )  # fmt: skip
        # The API's floor: the same app answering the API's detail, as a backend is served.
        self.api_floor_answers = workdir / "api-floor-answers.json"
        self.api_floor = Server(
            "api-floor", servers.gunicorn("bench.floor_app", ports["api_floor"], threads=4),
            servers.clean_env(BENCH_FLOOR_ANSWERS=self.api_floor_answers), ports["api_floor"],
            self.logs,
        )  # fmt: skip
        self.worker = Worker(
            "worker",
            [PYTHON, "manage.py", "run_worker", "--poll", str(WORKER_POLL_SECONDS)],
            self.backend_env,
            self.logs,
        )
        self.servers = [
            self.backend,
            self.stock,
            self.stock_admin,
            self.frontend,
            self.frontend_nocache,
            self.worker,
            self.stock_site,
            self.floor,
            self.api_floor,
        ]
        # Started by set_up(); the site and API steps start stock_site and the floors themselves.
        self.started_at_set_up = [
            self.backend,
            *([self.stock] if "stock" in parts else []),
            *([self.stock_admin] if "admin" in parts else []),
            self.frontend,
            *([self.frontend_nocache] if "nocache" in parts else []),
            self.worker,
        ]
        self.publisher: subprocess.Popen | None = None
        self.page_ids: dict[str, int] = {}  # the admin measurements' pages (bench.admin_setup)

    def _redis(self, prefix_variable: str, prefix: str) -> dict[str, str]:
        return {"REDIS_URL": self.redis_url, prefix_variable: prefix} if self.redis_url else {}

    def _frontend_env(self, name: str, port: int) -> dict[str, str]:
        return servers.clean_env(
            DJANGO_SETTINGS_MODULE="frontend_templates.settings.production",
            DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
            ALLOWED_HOSTS="127.0.0.1,localhost",
            SECURE_SSL_REDIRECT="0",
            CMS_API_URL=f"http://127.0.0.1:{self.ports['backend']}/api/v2/",
            SITE_URL=f"http://127.0.0.1:{port}",
            FRONTEND_CACHE_DIR=self.dir / f"{name}-cache",
            FRONTEND_STATIC_ROOT=self.dir / "site-static",
            CMS_WEBHOOK_SECRET=self.webhook_secret,
            API_TRUSTED_CLIENT_KEY=self.client_key,
            **self._redis("FRONTEND_CACHE_KEY_PREFIX", f"bench-{name}-{self.run_id}"),
        )

    def set_up(self) -> None:
        """Migrate + collect static files (+ build the stock site), in parallel; load the demo;
        the admin's set-up; start the servers (all but the site step's own)."""
        started = time.monotonic()
        self.database.create()
        manage = [PYTHON, "manage.py"]
        collect = manage + ["collectstatic", "--noinput", "--verbosity", "0"]
        steps = {
            "migrate": (manage + ["migrate", "--noinput"], self.setup_env),
            "collectstatic (frontend)": (collect, self.frontend_env),
        }
        if "admin" in self.parts:  # only the admin serves the backend's static files
            steps["collectstatic (backend)"] = (collect, self.setup_env)
        if "site" in self.parts:
            steps["stock site (wagtail start, migrate)"] = (
                [PYTHON, "-m", "bench.stock_site", str(self.stock_site_dir)],
                servers.clean_env(),
            )
        running = {
            name: (servers.start_step(command, env, self.logs / f"setup-{index}.log"), index)
            for index, (name, (command, env)) in enumerate(steps.items())
        }
        try:
            for name, (process, index) in running.items():
                servers.finish_step(name, process, self.logs / f"setup-{index}.log")
        finally:  # a failed step or an interruption: the others go too
            for process, _ in running.values():
                if process.poll() is None:
                    process.kill()
                    process.wait(timeout=5)
        self.setup_seconds[" + ".join(steps)] = round(time.monotonic() - started, 1)
        self.setup_seconds["load_demo_content"] = round(
            servers.run_step("load_demo_content", manage + ["load_demo_content"], self.setup_env),
            1,
        )
        if "admin" in self.parts:
            self.set_up_admin()
        drain = manage + ["run_worker", "--once"]
        self.setup_seconds["task queue drained (run_worker --once)"] = round(
            servers.run_step("run_worker --once", drain, self.setup_env), 1
        )
        started = time.monotonic()
        for server in self.started_at_set_up:
            server.start()
        for server in self.started_at_set_up:
            server.wait_healthy()
        self.setup_seconds["start servers"] = round(time.monotonic() - started, 1)

    def set_up_admin(self) -> None:
        """Admin account and the baseline's page; check the baseline imports nothing of `api`
        (set_up then drains the tasks this queued)."""
        started = time.monotonic()
        done = subprocess.run(
            [PYTHON, "-m", "bench.admin_setup"],
            env=self.setup_env, cwd=servers.ROOT, capture_output=True, text=True, timeout=120,
            check=False,
        )  # fmt: skip
        if done.returncode != 0:
            raise servers.BenchError(f"admin set-up failed:\n{done.stdout}\n{done.stderr}")
        self.page_ids = json.loads(done.stdout.strip().splitlines()[-1])
        servers.run_step(
            "stock admin check", [PYTHON, "-m", "bench.admin_setup", "--check-stock"],
            self.stock_admin_env,
        )  # fmt: skip
        self.setup_seconds["admin account, baseline page, check"] = round(
            time.monotonic() - started, 1
        )

    def start_publisher(self, log_name: str = "publisher.log") -> subprocess.Popen:
        """The publishing process (bench.publisher) with the backend's environment."""
        log = (self.logs / log_name).open("w")
        self.publisher = subprocess.Popen(
            [PYTHON, "-m", "bench.publisher"],
            env=self.backend_env,
            cwd=servers.ROOT,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=log,
            text=True,
            start_new_session=True,
        )
        log.close()
        return self.publisher

    def stop(self) -> None:
        """Stop the publisher, every server and the worker, then delete this run's Redis keys
        and its PostgreSQL database."""
        if self.publisher and self.publisher.poll() is None:
            try:
                self.publisher.stdin.close()
                self.publisher.wait(timeout=20)
            except (OSError, subprocess.TimeoutExpired):
                self.publisher.kill()
                self.publisher.wait(timeout=5)
        for server in self.servers:
            server.stop()
        if self.redis_url:
            self._delete_redis_keys()
        self.database.drop()

    def _delete_redis_keys(self) -> None:
        """Delete every key under this run's prefixes (through django-redis, in a subprocess)."""
        code = (
            "import os, django; from django.conf import settings; "
            "settings.configure(CACHES={'default': {"
            "'BACKEND': 'django_redis.cache.RedisCache', 'LOCATION': os.environ['REDIS_URL']}}); "
            "django.setup(); from django_redis import get_redis_connection; "
            "redis = get_redis_connection('default'); "
            "[redis.delete(key) for prefix in os.environ['PREFIXES'].split() "
            "for key in redis.scan_iter(match=prefix + ':*', count=1000)]"
        )
        prefixes = [
            f"bench-{self.run_id}",
            f"bench-stock-{self.run_id}",
            f"bench-stock-admin-{self.run_id}",
            f"bench-frontend-{self.run_id}",
            f"bench-frontend-{self.run_id}-pages",  # the site's finished pages
            f"bench-frontend-nocache-{self.run_id}",
            f"bench-frontend-nocache-{self.run_id}-pages",
        ]
        env = servers.clean_env(REDIS_URL=self.redis_url, PREFIXES=" ".join(prefixes))
        subprocess.run([PYTHON, "-c", code], env=env, cwd=servers.ROOT, timeout=30, check=False)
