"""docker-compose.yml, the Dockerfile and .dockerignore, read as files (no Docker engine here).

The compose file must only pass variables that some code really reads: a renamed setting
would otherwise be configured in .env and silently ignored.
"""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from deploy import nginx_config
from tests.production.compose import (
    COMPOSE,
    DOCKERFILE,
    SERVICES,
    container_environment,
    dockerfile_env,
    environment,
    read_dotenv,
)
from tests.production.processes import ROOT

PINNED_TAG = re.compile(r"^[\w./-]+:\d+\.\d+(\.\d+)?(-[\w.-]+)?$")
# "NAME" as the first argument of os.environ.get(...), os.environ[...], env_bool(...), ...
ENV_READ = re.compile(
    r"(?:environ(?:\.get)?|getenv|env\w*(?:\.get)?|required)\s*[(\[]\s*[\"']([A-Z][A-Z0-9_]*)[\"']"
)
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


def test_the_stack_has_its_six_services():
    assert set(SERVICES) == {"postgres", "redis", "backend", "worker", "frontend", "proxy"}


@pytest.mark.parametrize("service", ["postgres", "redis", "proxy"])
def test_service_images_are_pinned_to_explicit_versions(service):
    assert PINNED_TAG.match(SERVICES[service]["image"]), SERVICES[service]["image"]


def test_the_proxy_is_the_official_nginx_image_of_a_stable_branch():
    version = re.fullmatch(r"nginx:1\.(\d+)\.\d+-alpine", SERVICES["proxy"]["image"])
    assert version and int(version.group(1)) % 2 == 0  # nginx's stable branches are even


def test_backend_worker_and_frontend_are_built_from_the_dockerfile_on_a_pinned_python():
    for service in ("backend", "worker", "frontend"):
        assert SERVICES[service]["build"] == "."
        assert SERVICES[service]["image"] == SERVICES["backend"]["image"]
    base = re.search(r"^FROM (\S+)", DOCKERFILE, flags=re.MULTILINE).group(1)
    assert PINNED_TAG.match(base), base
    assert base.startswith("python:3.11.")


@pytest.mark.parametrize("service", ["postgres", "redis", "backend", "worker", "frontend", "proxy"])
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
        "proxy": {"frontend"},
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


# --- the site's proxy (deploy/nginx) ---

# Read by both the site and its proxy, for the headers of the page files.
SHARED_WITH_THE_PROXY = {
    "SITE_PAGE_FILES_DIR",
    "CMS_ADMIN_ORIGIN",
    "CMS_MEDIA_ORIGINS",
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "SITE_SHARED_MAX_AGE",
    "SITE_STALE_WHILE_REVALIDATE",
    "SITE_STALE_IF_ERROR",
}
ENVSH = "deploy/nginx/18-site-settings.envsh"
# .env files: the example as it is, and one changing every value the headers depend on.
DOTENVS = {
    "example": {},
    "changed": {
        "CMS_MEDIA_ORIGINS": "https://media.example.com, https://cdn.example.com",
        "SECURE_SSL_REDIRECT": "off",
        "SECURE_HSTS_SECONDS": "0",
        "SITE_SHARED_MAX_AGE": "120",
        "SITE_STALE_WHILE_REVALIDATE": "30",
        "SITE_STALE_IF_ERROR": "3600",
    },
}


def mounts(service: str) -> dict[str, str]:
    """{container path: "source[:mode]"} of a service's volumes."""
    found = {}
    for volume in SERVICES[service].get("volumes", []):
        source, target, *mode = volume.split(":")
        found[target] = ":".join([source, *mode])
    return found


def dotenv(name: str) -> dict[str, str]:
    return {**read_dotenv(read(".env.example")), **DOTENVS[name]}


def proxy_template_variables(values: dict[str, str]) -> dict[str, str]:
    """What the nginx image fills the template with: the proxy's environment after the
    entrypoint has sourced its *.envsh scripts (the image's own exports the DNS servers)."""
    env = {
        name: value
        for name, value in container_environment("proxy", values).items()
        if name in environment("proxy")
    }
    if env.get("NGINX_ENTRYPOINT_LOCAL_RESOLVERS"):
        env["NGINX_LOCAL_RESOLVERS"] = "127.0.0.11"
    script = f'set -eu; . "{ROOT / ENVSH}"; env -0'
    result = subprocess.run(["sh", "-c", script], env=env, capture_output=True, check=True)
    return dict(entry.split("=", 1) for entry in result.stdout.decode().split("\0") if entry)


def site_headers(values: dict[str, str]) -> dict:
    """The header settings frontend_templates.settings.production computes in the frontend's
    container for these .env values."""
    code = (
        "import json; from frontend_templates.settings import production as s; print(json.dumps("
        "[s.CONTENT_SECURITY_POLICY, s.PUBLIC_PAGE_CACHE_CONTROL, s.SECURE_SSL_REDIRECT,"
        " s.SECURE_HSTS_SECONDS, s.SITE_PAGE_FILES_DIR]))"
    )
    env = {**container_environment("frontend", values), "PYTHONPATH": str(ROOT)}
    result = subprocess.run(
        [sys.executable, "-c", code], env=env, cwd=ROOT, capture_output=True, check=True
    )
    csp, cache_control, https_only, hsts_seconds, page_files_dir = json.loads(result.stdout)
    return {
        "Content-Security-Policy": f"{csp}; frame-ancestors 'none'",
        "Cache-Control": cache_control,
        "https only": https_only,
        "HSTS seconds": hsts_seconds,
        "page files": page_files_dir,
    }


def test_the_site_is_published_only_through_its_proxy():
    assert "ports" not in SERVICES["frontend"]
    proxy = environment("proxy")
    assert SERVICES["proxy"]["ports"] == [
        f"127.0.0.1:${{FRONTEND_PORT:-8080}}:{proxy['PROXY_PORT']}"
    ]
    # The frontend's gunicorn (deploy/frontend-entrypoint.sh), over the private network.
    assert proxy["SITE_UPSTREAM"] == "frontend:8080"
    healthcheck = " ".join(SERVICES["proxy"]["healthcheck"]["test"])
    assert f"http://127.0.0.1:{proxy['PROXY_PORT']}/healthz" in healthcheck


def test_the_proxy_runs_the_template_and_its_settings_script_through_the_images_entrypoint():
    proxy = mounts("proxy")
    assert proxy["/etc/nginx/templates/default.conf.template"] == (
        "./deploy/nginx/site.conf.template:ro"
    )
    assert proxy["/docker-entrypoint.d/18-site-settings.envsh"] == f"./{ENVSH}:ro"
    # The entrypoint sources only executable *.envsh files, before 20-envsubst-on-templates.sh.
    assert os.access(ROOT / ENVSH, os.X_OK)


def test_the_proxy_reads_the_page_files_the_frontend_writes_from_one_volume():
    folder = environment("frontend")["SITE_PAGE_FILES_DIR"]
    assert environment("proxy")["SITE_PAGE_FILES_DIR"] == folder
    assert mounts("frontend")[folder] == "page-files"
    assert mounts("proxy")[folder] == "page-files:ro"
    assert "page-files" in COMPOSE["volumes"]


def test_the_proxy_and_the_site_are_given_the_same_header_settings():
    frontend, proxy = environment("frontend"), environment("proxy")
    assert {name: proxy[name] for name in SHARED_WITH_THE_PROXY} == {
        name: frontend[name] for name in SHARED_WITH_THE_PROXY
    }


@pytest.mark.parametrize("name", DOTENVS)
def test_page_files_carry_the_headers_the_site_sends(name):
    values = dotenv(name)
    config = nginx_config.render(proxy_template_variables(values))
    site = site_headers(values)
    for header in ("Content-Security-Policy", "Cache-Control"):
        assert f'add_header {header} "{site[header]}" always;' in config
    https_only = re.search(r"\$site_forwarded_proto (\d)\" \$site_page_files_root", config)
    assert https_only.group(1) == ("1" if site["https only"] else "0")
    assert f'$site_forwarded_proto {site["HSTS seconds"]}" $site_hsts' in config
    assert f"{site['page files']}/current;" in config


def test_the_proxys_configuration_is_complete_and_valid_for_nginx(tmp_path):
    variables = proxy_template_variables(dotenv("example"))
    assert nginx_config.TEMPLATE_VARIABLES - set(variables) == set()
    config = nginx_config.write_config(tmp_path, variables)
    nginx = nginx_config.nginx_binary()
    if nginx is None:
        pytest.skip("nginx is not installed (scripts/install-test-tools.sh installs it)")
    command = [nginx, "-t", "-p", str(tmp_path), "-c", str(config), "-e", str(tmp_path / "err")]
    result = subprocess.run(command, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def read(relative: str) -> str:
    return (ROOT / relative).read_text()
