"""What runs in the image without compose's settings: production, never the dev settings.

The Dockerfile's ENV is the whole environment of `docker run massage-aha python manage.py
...`; outside the image, manage.py and backend.wsgi fall back to the dev settings (DEBUG on)
for a developer's `make run`, which must keep working.
"""

import requests

from tests.production.compose import dockerfile_env
from tests.production.processes import free_port, production_env, run, running

SHOW_SETTINGS = "from django.conf import settings; print(settings.SETTINGS_MODULE, settings.DEBUG)"
# How the image's processes load their settings: management commands (the entrypoint's
# migrate, the worker, an operator's shell) and gunicorn's WSGI module.
MANAGE_PY = ["python", "manage.py", "shell", "--verbosity", "0", "--command", SHOW_SETTINGS]
WSGI = ["python", "-c", f"import backend.wsgi; {SHOW_SETTINGS}"]


def image_env(**variables) -> dict[str, str]:
    """A container of the image started without compose: the image's ENV and the secrets and
    host names production asks for, no settings module of our own."""
    env = production_env(**variables)
    del env["DJANGO_SETTINGS_MODULE"]
    return {**env, **dockerfile_env(), **variables}


def test_the_images_default_settings_module_is_the_backends_production_settings():
    assert dockerfile_env()["DJANGO_SETTINGS_MODULE"] == "backend.settings.production"


def test_commands_run_in_the_image_use_the_production_settings():
    for command in (MANAGE_PY, WSGI):
        result = run(command, image_env())
        assert result.returncode == 0, result.stderr
        assert result.stdout.split() == ["backend.settings.production", "False"]


def test_a_developers_manage_py_keeps_the_dev_settings():
    env = production_env()  # outside the image: no settings module chosen
    del env["DJANGO_SETTINGS_MODULE"]

    result = run(MANAGE_PY, env)

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["backend.settings.dev", "True"]


def test_the_sites_entrypoint_runs_the_sites_production_settings_in_the_image(tmp_path):
    port = free_port()
    env = image_env(
        ALLOWED_HOSTS="127.0.0.1",
        CMS_API_URL=f"http://127.0.0.1:{free_port()}/api/v2/",
        FRONTEND_STATIC_ROOT=str(tmp_path / "static"),
        FRONTEND_CACHE_DIR=str(tmp_path / "cache"),
        GUNICORN_BIND=f"127.0.0.1:{port}",
        WEB_CONCURRENCY="1",
    )

    with running(["deploy/frontend-entrypoint.sh"], env, port, tmp_path / "site.log") as url:
        health = requests.get(f"{url}/healthz", timeout=5)
        plain_http = requests.get(f"{url}/robots.txt", timeout=5, allow_redirects=False)

    # The site's own answer (its Permissions-Policy), from its production settings: plain
    # HTTP is redirected to HTTPS.
    assert health.json() == {"status": "ok"}
    assert health.headers["Permissions-Policy"].startswith("camera=()")
    assert plain_http.status_code == 301
    assert plain_http.headers["Location"] == f"https://127.0.0.1:{port}/robots.txt"
