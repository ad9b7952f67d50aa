"""Fixtures of the browser tests: the site served by gunicorn beside the live backend.

The site runs as it does under `make run`: gunicorn with two workers sharing one page cache
(files, or Redis when REDIS_URL is set), hashed static files, and the CMS's publish
notifications reaching it at /_cms/purge/.
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.frontend.live_backend import CLIENT_KEY, ROOT, WEBHOOK_SECRET
from tests.frontend.servers import free_port, wait_for_http

CHROMIUM = Path("/usr/bin/chromium")


def site_env(workdir: Path, api_url: str, admin_origin: str, site_url: str) -> dict:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "frontend_templates.settings.dev",
        "CMS_API_URL": api_url,
        "CMS_ADMIN_ORIGIN": admin_origin,
        "SITE_URL": site_url,
        "CMS_WEBHOOK_SECRET": WEBHOOK_SECRET,
        "API_TRUSTED_CLIENT_KEY": CLIENT_KEY,
        "FRONTEND_CACHE_DIR": str(workdir / "cache"),
        "FRONTEND_CACHE_KEY_PREFIX": f"e2e-{os.getpid()}-{workdir.name}",
        "FRONTEND_STATIC_ROOT": str(workdir / "static"),
    }
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    return env


def serve_site(workdir: Path, port: int, env: dict, workers: int):
    """collectstatic, then gunicorn; returns the running process."""
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "--verbosity", "0"],
        cwd=ROOT,
        env=env,
        check=True,
    )
    with open(workdir / "site.log", "ab") as log:
        process = subprocess.Popen(
            [
                *(sys.executable, "-m", "gunicorn", "frontend_templates.wsgi"),
                *("--bind", f"127.0.0.1:{port}", "--workers", str(workers)),
                "--no-control-socket",
            ],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=log,
        )
    wait_for_http(f"http://127.0.0.1:{port}/healthz", timeout=30, process=process)
    return process


@pytest.fixture(scope="session")
def live_site(live_backend, tmp_path_factory) -> str:
    """The site's address, on the port the live backend sends publish notifications to."""
    workdir = tmp_path_factory.mktemp("site")
    port = int(live_backend.site_url.rsplit(":", 1)[1])
    env = site_env(workdir, live_backend.api_url, live_backend.url, live_backend.site_url)
    process = serve_site(workdir, port, env, workers=2)
    yield live_backend.site_url
    process.terminate()
    process.wait(timeout=15)


@pytest.fixture(scope="session")
def site_without_api(tmp_path_factory) -> str:
    """The site with its API stopped and nothing cached: every page is the 503 page."""
    workdir = tmp_path_factory.mktemp("site-down")
    port, closed = free_port(), free_port()
    url = f"http://127.0.0.1:{port}"
    env = site_env(workdir, f"http://127.0.0.1:{closed}/api/v2/", url, url)
    process = serve_site(workdir, port, env, workers=1)
    yield url
    process.terminate()
    process.wait(timeout=15)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Debian's Chromium when installed (browser downloads are not possible everywhere)."""
    args = {
        **browser_type_launch_args,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
        ],
    }
    if CHROMIUM.exists():
        args["executable_path"] = str(CHROMIUM)
    return args
