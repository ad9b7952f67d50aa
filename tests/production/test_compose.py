"""docker-compose.yml, the Dockerfile and .dockerignore, read as files (no Docker engine here).

The compose file must only pass variables that some code really reads: a renamed setting
would otherwise be configured in .env and silently ignored.
"""

import os
import re
from pathlib import Path

import pytest

from tests.production.compose import (
    DOCKERFILE,
    SERVICES,
    dockerfile_env,
    environment,
)
from tests.production.processes import ROOT

PINNED_TAG = re.compile(r"^[\w./-]+:\d+\.\d+(\.\d+)?(-[\w.-]+)?$")
# "NAME" as the first argument of os.environ.get(...), os.environ[...], env_bool(...), ...
ENV_READ = re.compile(r"(?:environ(?:\.get)?|getenv|env\w*)\s*[(\[]\s*[\"']([A-Z][A-Z0-9_]*)[\"']")
SHELL_READ = re.compile(r"\$\{([A-Z][A-Z0-9_]*)")
# Read by Django itself and by gunicorn (its default number of workers).
READ_BY_TOOLS = {"DJANGO_SETTINGS_MODULE", "WEB_CONCURRENCY"}


def names_read(paths: list[Path]) -> set[str]:
    names = set(READ_BY_TOOLS)
    for path in paths:
        text = path.read_text()
        names |= set((SHELL_READ if path.suffix == ".sh" else ENV_READ).findall(text))
        if "dj_database_url.config(" in text:
            names.add("DATABASE_URL")
    return names


def test_the_stack_has_its_five_services():
    assert set(SERVICES) == {"postgres", "redis", "backend", "worker", "frontend"}


@pytest.mark.parametrize("service", ["postgres", "redis"])
def test_service_images_are_pinned_to_explicit_versions(service):
    assert PINNED_TAG.match(SERVICES[service]["image"]), SERVICES[service]["image"]


def test_backend_worker_and_frontend_are_built_from_the_dockerfile_on_a_pinned_python():
    for service in ("backend", "worker", "frontend"):
        assert SERVICES[service]["build"] == "."
        assert SERVICES[service]["image"] == SERVICES["backend"]["image"]
    base = re.search(r"^FROM (\S+)", DOCKERFILE, flags=re.MULTILINE).group(1)
    assert PINNED_TAG.match(base), base
    assert base.startswith("python:3.11.")


@pytest.mark.parametrize("service", ["postgres", "redis", "backend", "worker", "frontend"])
def test_every_service_has_a_healthcheck(service):
    test = SERVICES[service]["healthcheck"]["test"]
    assert test and test[0] in {"CMD", "CMD-SHELL"}


@pytest.mark.parametrize("service, port", [("backend", 8000), ("frontend", 8080)])
def test_app_services_start_gunicorn_through_their_entrypoint(service, port):
    entrypoint = f"deploy/{service}-entrypoint.sh"
    assert SERVICES[service]["command"] == [entrypoint]
    assert os.access(ROOT / entrypoint, os.X_OK)
    script = read(entrypoint)
    assert (
        f"exec gunicorn {'backend' if service == 'backend' else 'frontend_templates'}.wsgi"
        in script
    )
    assert f"0.0.0.0:{port}" in script
    assert f"http://localhost:{port}/healthz" in " ".join(SERVICES[service]["healthcheck"]["test"])


def test_services_start_only_after_what_they_need_is_healthy():
    needs = {
        "backend": {"postgres", "redis"},
        "worker": {"backend"},
        "frontend": {"backend", "redis"},
    }
    for service in SERVICES:
        depends_on = SERVICES[service].get("depends_on", {})
        assert set(depends_on) == needs.get(service, set())
        assert all(entry["condition"] == "service_healthy" for entry in depends_on.values())


def test_backend_runs_production_settings_against_the_stacks_postgres_and_redis():
    env = environment("backend")
    assert env["DJANGO_SETTINGS_MODULE"] == "backend.settings.production"
    assert (
        env["DATABASE_URL"].startswith("postgres://") and "@postgres:5432/" in env["DATABASE_URL"]
    )
    assert env["REDIS_URL"] == "redis://redis:6379/0"


def test_backend_and_frontend_reach_each_other_over_the_private_network():
    backend, frontend = environment("backend"), environment("frontend")
    assert frontend["DJANGO_SETTINGS_MODULE"] == "frontend_templates.settings.production"
    assert frontend["CMS_API_URL"] == "http://backend:8000/api/v2/"
    assert "backend" in backend["ALLOWED_HOSTS"].split(",")
    assert backend["FRONTEND_PURGE_URL"].startswith("http://frontend:8080/")
    assert "frontend" in frontend["ALLOWED_HOSTS"].split(",")
    # Both sides of the rate-limit exemption and of the signed notifications share one value.
    for name in ("API_TRUSTED_CLIENT_KEY", "CMS_WEBHOOK_SECRET"):
        assert backend[name] == frontend[name]


def test_secrets_come_from_env_and_are_required():
    for service, name in [
        ("backend", "DJANGO_SECRET_KEY"),
        ("backend", "API_TRUSTED_CLIENT_KEY"),
        ("backend", "CMS_WEBHOOK_SECRET"),
        ("frontend", "DJANGO_SECRET_KEY"),
        ("postgres", "POSTGRES_PASSWORD"),
    ]:
        assert re.fullmatch(r"\$\{[A-Z_]+:\?[^}]+\}", environment(service)[name])


def test_every_variable_the_production_settings_require_is_passed():
    required = set(
        re.findall(r'required_env\("([A-Z_]+)"\)', read("backend/settings/production.py"))
    )
    assert required == {"DJANGO_SECRET_KEY", "ALLOWED_HOSTS"}
    assert required <= set(environment("backend"))


@pytest.mark.parametrize("service", ["backend", "worker"])
def test_every_variable_passed_to_the_backend_and_its_worker_is_read_by_them(service):
    readers = [*(ROOT / "backend" / "settings").glob("*.py"), ROOT / "deploy/backend-entrypoint.sh"]
    assert set(environment(service)) - names_read(readers) == set()


def test_the_worker_runs_the_worker_command_with_the_backends_settings_and_media():
    # Compose runs it as its command; the same works from the project root with the
    # project's virtualenv on PATH.
    assert SERVICES["worker"]["command"] == ["python", "manage.py", "run_worker"]
    assert SERVICES["worker"]["healthcheck"]["test"][1:] == [
        "python",
        "manage.py",
        "run_worker",
        "--check",
    ]
    backend, worker = environment("backend"), environment("worker")
    assert {name: worker[name] for name in backend if name != "WEB_CONCURRENCY"} == {
        name: value for name, value in backend.items() if name != "WEB_CONCURRENCY"
    }
    assert SERVICES["worker"]["volumes"] == SERVICES["backend"]["volumes"]


def test_every_variable_passed_to_the_frontend_is_read_by_it():
    readers = [*(ROOT / "frontend_templates").rglob("*.py"), ROOT / "deploy/frontend-entrypoint.sh"]
    assert set(environment("frontend")) - names_read(readers) == set()


def test_media_volume_is_mounted_where_the_image_keeps_media():
    assert f"media:{dockerfile_env()['MEDIA_ROOT']}" in SERVICES["backend"]["volumes"]
    assert "postgres-data:/var/lib/postgresql/data" in SERVICES["postgres"]["volumes"]


def test_image_runs_as_an_unprivileged_user_without_dev_dependencies():
    users = re.findall(r"^USER (\S+)", DOCKERFILE, flags=re.MULTILINE)
    assert users and users[-1] not in {"root", "0"}
    assert "requirements-dev" not in DOCKERFILE
    assert 'CMD ["deploy/backend-entrypoint.sh"]' in DOCKERFILE


def test_dockerignore_keeps_secrets_and_local_data_out_of_the_image():
    ignored = set(read(".dockerignore").splitlines())
    assert {".env", ".git", ".venv", "db.sqlite3", "media", "backups"} <= ignored


def test_every_variable_of_the_production_shape_is_documented_in_env_example():
    documented = set(re.findall(r"^(?:# )?([A-Z][A-Z0-9_]*)=", read(".env.example"), re.MULTILINE))
    # What .env can set: interpolated names, passed-on names, and what the deploy code reads.
    configurable = set(SHELL_READ.findall(read("docker-compose.yml")))
    configurable |= {
        name
        for service in SERVICES.values()
        for name, value in (service.get("environment") or {}).items()
        if value is None
    }
    configurable |= names_read([ROOT / "backend/settings/production.py", *ROOT.glob("deploy/*.sh")])
    assert configurable - READ_BY_TOOLS - documented == set()


def read(relative: str) -> str:
    return (ROOT / relative).read_text()
