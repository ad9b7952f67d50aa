"""docker-compose.yml, the Dockerfile and .dockerignore, read as files (no Docker engine here).

Every service gets the variables it reads and no others: a variable the code reads but
compose never passes would be configured and silently ignored (as AKISMET_API_KEY once was),
one passed but never read is a renamed setting, and the site must never receive the
backend's secrets. The env files are those `python3 -m deploy.env_files` writes.
"""

import json
import os
import re
import secrets
import subprocess
from pathlib import Path

import pytest

from deploy import env_files, nginx_config
from tests.production.compose import (
    COMPOSE,
    DOCKERFILE,
    ENV_EXAMPLE,
    SERVICES,
    container_environment,
    dockerfile_env,
    environment,
    example_env_files,
    service_env_files,
)
from tests.production.processes import ROOT, SECRETS, python_output

PINNED_TAG = re.compile(r"^[\w./-]+:\d+\.\d+(\.\d+)?(-[\w.-]+)?$")
# "NAME" as the first argument of os.environ.get(...), os.environ[...], env.int(...) and the
# other django-environ reads, required_env(...), ... (not a WSGI environ's request headers).
ENV_READ = re.compile(
    r"(?:\bos\.environ(?:\.get)?|\bgetenv|\benv(?:_\w+|\.\w+)?|\brequired\w*)"
    r"\s*[(\[]\s*[\"']([A-Z][A-Z0-9_]*)[\"']"
)
SHELL_READ = re.compile(r"\$\{([A-Z][A-Z0-9_]*)")
# Read by Django itself.
READ_BY_TOOLS = {"DJANGO_SETTINGS_MODULE"}
# The code each service runs.
SERVER_SETTINGS = ROOT / "deploy/gunicorn_conf.py"
BACKEND_CODE = [
    *(path for folder in ("backend", "api", "cms_pages") for path in (ROOT / folder).rglob("*.py")),
    ROOT / "deploy/backend-entrypoint.sh",
    SERVER_SETTINGS,
]
SITE_CODE = [
    *(ROOT / "frontend_templates").rglob("*.py"),
    ROOT / "deploy/frontend-entrypoint.sh",
    SERVER_SETTINGS,
]
CODE = {"backend": BACKEND_CODE, "worker": BACKEND_CODE, "frontend": SITE_CODE}
# Read by the backend but rightly out of its container's reach.
NOT_FOR_THE_CONTAINER = {
    "BACKEND_PORT": "only the default of WAGTAILAPI_BASE_URL, which compose sets",
}
# Variables documented in .env.example, per file: commented-out lines included.
DOCUMENTED = re.compile(r"^(?:# )?([A-Z][A-Z0-9_]*)=", re.MULTILINE)


def names_read(paths: list[Path]) -> set[str]:
    names = set(READ_BY_TOOLS)
    for path in paths:
        text = path.read_text()
        names |= set((SHELL_READ if path.suffix == ".sh" else ENV_READ).findall(text))
        if "dj_database_url.config(" in text:
            names.add("DATABASE_URL")
    return names


def documented_in(file: str) -> set[str]:
    """The names .env.example documents for one env file (commented-out ones too)."""
    return set(DOCUMENTED.findall(env_files.split(ENV_EXAMPLE)[file]))


def passed(service: str, files: dict[str, dict[str, str]]) -> set[str]:
    """The names compose gives the service: its env files' and its `environment:`."""
    return {name for file in service_env_files(service) for name in files[file]} | set(
        environment(service)
    )


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


def test_shared_secrets_come_from_env_and_compose_requires_them():
    for service, name in [
        ("backend", "API_TRUSTED_CLIENT_KEY"),
        ("backend", "CMS_WEBHOOK_SECRET"),
        ("frontend", "API_TRUSTED_CLIENT_KEY"),
        ("frontend", "CMS_WEBHOOK_SECRET"),
        ("postgres", "POSTGRES_PASSWORD"),
    ]:
        assert re.fullmatch(r"\$\{[A-Z_]+:\?[^}]+\}", environment(service)[name])


def test_each_process_gets_its_own_secret_key_from_its_env_file():
    files = example_env_files()
    backend = container_environment("backend", files)
    frontend = container_environment("frontend", files)

    assert backend["DJANGO_SECRET_KEY"] == files[".env.backend"]["DJANGO_SECRET_KEY"]
    assert frontend["DJANGO_SECRET_KEY"] == files[".env.frontend"]["DJANGO_SECRET_KEY"]
    assert backend["DJANGO_SECRET_KEY"] != frontend["DJANGO_SECRET_KEY"]


def test_every_variable_the_production_settings_require_is_passed():
    required = set(
        re.findall(
            r'required_(?:env|secret)\("([A-Z_]+)"\)', read("backend/settings/production.py")
        )
    )
    assert required >= {"ALLOWED_HOSTS", *SECRETS}
    for service in ("backend", "worker"):
        env = container_environment(service, example_env_files())
        assert {name for name in required if env.get(name)} == required


def test_the_services_read_the_env_files_of_env_example():
    assert set(env_files.split(ENV_EXAMPLE)) == {".env", ".env.backend", ".env.frontend"}
    assert {service: service_env_files(service) for service in SERVICES} == {
        "postgres": [],
        "redis": [],
        "backend": [".env.backend"],
        "worker": [".env.backend"],
        "frontend": [".env.frontend"],
        # nginx gets the site's header settings only, through `environment:`.
        "proxy": [],
    }


def test_compose_finds_every_value_it_fills_in_in_env():
    # Compose reads .env alone for its ${...}: a name set in another file would be ignored.
    assert set(SHELL_READ.findall(read("docker-compose.yml"))) - documented_in(".env") == set()


@pytest.mark.parametrize("service", ["backend", "worker", "frontend"])
def test_every_variable_passed_to_a_service_is_read_by_it(service):
    assert passed(service, example_env_files()) - names_read(CODE[service]) == set()


@pytest.mark.parametrize("service", ["backend", "worker", "frontend"])
def test_every_variable_a_service_reads_can_reach_it(service):
    # Set by the image or compose, or documented for the service's env file (an operator may
    # uncomment it there). AKISMET_API_KEY, OWNER_NOTIFY_EMAIL, FORM_*, API_THROTTLE_RATE and
    # PREVIEW_TOKEN_MAX_AGE were once read by the backend and never passed.
    reachable = set(dockerfile_env()) | set(environment(service)) | READ_BY_TOOLS
    reachable |= {name for file in service_env_files(service) for name in documented_in(file)}
    unreachable = names_read(CODE[service]) - reachable - set(NOT_FOR_THE_CONTAINER)
    assert unreachable == set()


@pytest.mark.parametrize("service", ["backend", "worker", "frontend"])
def test_no_value_of_an_env_file_is_silently_replaced_by_compose(service):
    files = example_env_files()
    in_files = {name for file in service_env_files(service) for name in files[file]}
    # Compose's `environment:` wins: the same name set in the file would be ignored.
    assert in_files & set(environment(service)) == set()


def test_the_site_and_its_proxy_never_receive_the_backends_secrets():
    files = example_env_files()
    credentials = {
        name: secrets.token_hex(16)
        for name in (
            "AWS_SECRET_ACCESS_KEY",
            "AKISMET_API_KEY",
            "CDN_PURGE_CLOUDFLARE_API_TOKEN",
            "CDN_PURGE_CLOUDFLARE_API_KEY",
        )
    }
    files[".env.backend"].update(credentials)
    backend_only = {
        files[".env.backend"]["DJANGO_SECRET_KEY"],
        files[".env"]["POSTGRES_PASSWORD"],
        *credentials.values(),
    }
    backend = container_environment("backend", files)
    assert backend_only <= {*backend.values(), *files[".env"].values()}
    assert files[".env"]["POSTGRES_PASSWORD"] in backend["DATABASE_URL"]

    for service in ("frontend", "proxy"):
        values = " ".join(container_environment(service, files).values())
        assert [secret for secret in backend_only if secret in values] == []


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
    assert service_env_files("worker") == service_env_files("backend")
    assert SERVICES["worker"]["volumes"] == SERVICES["backend"]["volumes"]


def test_behind_the_tls_proxy_each_process_counts_the_proxies_in_front_of_it():
    files = example_env_files()
    # The backend: the TLS proxy. The site: the TLS proxy, then the stack's own nginx.
    for service, count in [("backend", "1"), ("worker", "1"), ("frontend", "2")]:
        assert container_environment(service, files)["TRUSTED_PROXY_COUNT"] == count
    files[".env"]["FRONTEND_TRUSTED_PROXY_COUNT"] = "3"  # a CDN in front of the site
    assert container_environment("frontend", files)["TRUSTED_PROXY_COUNT"] == "3"


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
    assert {".env", ".env.*", ".local.env", ".git", ".venv", "db.sqlite3", "media", "backups"} <= (
        ignored
    )
    assert "personal-data.keys" in ignored  # `make run`'s keys of visitors' personal data


def test_every_variable_of_the_production_shape_is_documented_in_env_example():
    documented = set(DOCUMENTED.findall(ENV_EXAMPLE))
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


def dotenv(name: str) -> dict[str, dict[str, str]]:
    """The example's env files (fresh secrets), with DOTENVS[name] changed in .env."""
    files = example_env_files()
    files[".env"].update(DOTENVS[name])
    return files


def proxy_template_variables(values: dict[str, dict[str, str]]) -> dict[str, str]:
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


def site_headers(values: dict[str, dict[str, str]]) -> dict:
    """The header settings frontend_templates.settings.production computes in the frontend's
    container for these env files."""
    code = (
        "import json; from frontend_templates.settings import production as s; print(json.dumps("
        "[s.CONTENT_SECURITY_POLICY, s.PUBLIC_PAGE_CACHE_CONTROL, s.SECURE_SSL_REDIRECT,"
        " s.SECURE_HSTS_SECONDS, s.SITE_PAGE_FILES_DIR]))"
    )
    env = {**container_environment("frontend", values), "PYTHONPATH": str(ROOT)}
    csp, cache_control, https_only, hsts_seconds, page_files_dir = json.loads(
        python_output(code, env=env)
    )
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
