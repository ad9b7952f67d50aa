"""Fixtures of the browser tests: the site served by gunicorn beside the live backend.

The site runs as it does under `make run`: gunicorn with two workers sharing one page cache
(files, or Redis when REDIS_URL is set), hashed static files, and the CMS's publish
notifications reaching it at /_cms/purge/.
"""

import os
import subprocess
import sys
import uuid
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests

from deploy import nginx_config
from tests.e2e.changes import shell
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


@dataclass
class ProxiedSite:
    """The site's public port as compose runs it: nginx in front of the site's gunicorn."""

    url: str  # nginx
    site_url: str  # the site itself, behind it
    page_files: Path  # SITE_PAGE_FILES_DIR, written by the site, served by nginx
    nginx: nginx_config.Nginx


@pytest.fixture(scope="session")
def proxied_site(live_backend, tmp_path_factory) -> ProxiedSite:
    """A second site process writing its public pages to SITE_PAGE_FILES_DIR, behind Debian's
    nginx with deploy/nginx/site.conf.template; its SITE_URL is nginx's address, and it tells
    visitors apart by the address nginx appends to X-Forwarded-For (TRUSTED_PROXY_COUNT=1)."""
    workdir = tmp_path_factory.mktemp("proxied-site")
    site_port, proxy_port = free_port(), free_port()
    url = f"http://127.0.0.1:{proxy_port}"
    env = site_env(workdir, live_backend.api_url, live_backend.url, url)
    env["SITE_PAGE_FILES_DIR"] = str(workdir / "page-files")
    env["TRUSTED_PROXY_COUNT"] = "1"  # nginx; compose's TLS proxy in front makes it 2
    process = serve_site(workdir, site_port, env, workers=2)
    variables = nginx_config.site_variables(
        upstream=f"127.0.0.1:{site_port}",
        page_files_dir=env["SITE_PAGE_FILES_DIR"],
        port=proxy_port,
        media_origins=live_backend.url,  # the site's CMS_MEDIA_ORIGINS: its admin's origin
    )
    try:
        with nginx_config.Nginx(workdir / "nginx", variables) as nginx:
            yield ProxiedSite(
                url=url,
                site_url=f"http://127.0.0.1:{site_port}",
                page_files=Path(env["SITE_PAGE_FILES_DIR"]),
                nginx=nginx,
            )
    finally:
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


@pytest.fixture
def service(live_backend, live_site) -> dict:
    """A new published service page made in another process, already cached by the site."""
    slug = f"made-elsewhere-{uuid.uuid4().hex[:8]}"
    words = f"Words of {slug}."
    page_id = shell(
        live_backend,
        f"""
        from cms_pages.models import ServiceIndexPage, ServicePage
        page = ServicePage(title="Made elsewhere", slug="{slug}", summary="From a shell.",
                           introduction="<p>{words}</p>")
        ServiceIndexPage.objects.get().add_child(instance=page)
        page.save_revision().publish()
        print(page.pk)
        """,
    ).strip()
    found = {"id": int(page_id), "slug": slug, "path": f"/services/{slug}/", "words": words}
    assert words in requests.get(live_site + found["path"], timeout=10).text
    return found
