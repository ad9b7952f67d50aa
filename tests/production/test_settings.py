"""backend.settings.production (and, for its secrets, the site's production settings), loaded in
a fresh process exactly as the container loads them."""

import json
import re

import pytest

from tests.production.compose import container_environment, example_env_files
from tests.production.processes import ROOT, SECRETS, production_env, random_secrets, run

SHOW_SETTINGS = """
import json
from django.conf import settings
from django.core.files.storage import default_storage
database = settings.DATABASES["default"]
print(json.dumps({
    "allowed_hosts": settings.ALLOWED_HOSTS,
    "database": [database["ENGINE"], database["HOST"], database["NAME"]],
    "cache": settings.CACHES["default"]["LOCATION"],
    "sessions": settings.SESSION_ENGINE,
    "ssl_redirect": settings.SECURE_SSL_REDIRECT,
    "static_root": str(settings.STATIC_ROOT),
    "media_root": str(settings.MEDIA_ROOT),
    "storage": settings.STORAGES["default"],
    "serve_media": settings.SERVE_MEDIA,
    "middleware": settings.MIDDLEWARE,
    "url": default_storage.url("original_images/room.png"),
}))
"""


def settings_in(env: dict[str, str]) -> dict:
    result = run(["python", "-c", SHOW_SETTINGS], env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def file_settings(**variables) -> dict:
    return settings_in(production_env(**variables))


@pytest.mark.parametrize("name", [*SECRETS, "ALLOWED_HOSTS"])
@pytest.mark.parametrize("value", [None, "  "], ids=["unset", "blank"])
def test_refuses_to_start_without_a_required_variable(name, value):
    env = production_env()
    if value is None:
        del env[name]
    else:
        env[name] = value

    result = run(["python", "-c", "import django; django.setup()"], env)

    assert result.returncode != 0
    assert f"The environment variable {name} must be set in production." in result.stderr


# --- secrets: both processes refuse to start with one that is not a long random string ---

SETTINGS_MODULES = {
    "backend": "backend.settings.production",
    "site": "frontend_templates.settings.production",
}
# What the process does first at start-up: load its settings.
LOAD_SETTINGS = "from django.conf import settings; settings.SECRET_KEY"
PLACEHOLDERS = {
    "env example": "change-me-three",
    "capitals": "CHANGE-ME-" + "a8Kd3Lq0Zx" * 3,
    "dev default": "dev-only-insecure-key-not-for-production",
    "test default": "test-only-insecure-site-key-" + "7" * 10,
}
NOT_RANDOM = {
    "31 characters": "Zq8vN2kLp5Rt7Wx1Bc4Hd6Jf9Gm3Sy0",
    "one character": "x" * 50,
    "a short pattern": "12" * 30,
}


def start(process: str, **variables):
    env = production_env(DJANGO_SETTINGS_MODULE=SETTINGS_MODULES[process], **variables)
    return run(["python", "-c", LOAD_SETTINGS], env)


@pytest.mark.parametrize("name", SECRETS)
def test_the_site_names_a_missing_secret(name):
    result = start("site", **{name: ""})

    assert result.returncode != 0
    assert f"Set the environment variable {name} for production." in result.stderr


@pytest.mark.parametrize("process", SETTINGS_MODULES)
@pytest.mark.parametrize("name", SECRETS)
@pytest.mark.parametrize("value", PLACEHOLDERS.values(), ids=PLACEHOLDERS.keys())
def test_a_placeholder_secret_is_refused_and_named_but_not_shown(process, name, value):
    result = start(process, **{name: value})

    assert result.returncode != 0
    assert f"The environment variable {name} is a placeholder: set a random value" in result.stderr
    assert value not in result.stderr


@pytest.mark.parametrize("process", SETTINGS_MODULES)
@pytest.mark.parametrize("name", SECRETS)
@pytest.mark.parametrize("value", NOT_RANDOM.values(), ids=NOT_RANDOM.keys())
def test_a_short_or_repetitive_secret_is_refused_and_named(process, name, value):
    result = start(process, **{name: value})

    assert result.returncode != 0
    expected = f"The environment variable {name} is not a random string of at least 32 characters"
    assert expected in result.stderr
    assert value not in result.stderr


@pytest.mark.parametrize("process", SETTINGS_MODULES)
def test_random_secrets_of_32_characters_are_accepted(process):
    result = start(process, **random_secrets(*SECRETS))  # 50 bytes: 67 characters
    assert result.returncode == 0, result.stderr
    exactly_32 = {name: value[:32] for name, value in random_secrets(*SECRETS).items()}
    result = start(process, **exactly_32)
    assert result.returncode == 0, result.stderr


def example_values(name: str) -> set[str]:
    """Every value .env.example gives the variable (once per env file it documents)."""
    text = (ROOT / ".env.example").read_text()
    return set(re.findall(rf"^{name}=(.*)$", text, flags=re.MULTILINE))


@pytest.mark.parametrize("process", SETTINGS_MODULES)
@pytest.mark.parametrize("name", SECRETS)
def test_the_example_env_files_values_are_refused(process, name):
    values = example_values(name)

    assert values
    for value in values:
        result = start(process, **{name: value})
        assert result.returncode != 0
        assert f"The environment variable {name} is a placeholder" in result.stderr


def test_deploy_check_is_clean():
    result = run(
        ["python", "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        production_env(ALLOWED_HOSTS="cms.example.com"),
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_media_stay_on_disk_and_are_served_by_the_backend_by_default():
    found = file_settings(MEDIA_ROOT="/data/media")

    assert found["storage"] == {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    assert found["url"] == "/media/original_images/room.png"
    assert found["serve_media"] is True
    whitenoise = found["middleware"].index("whitenoise.middleware.WhiteNoiseMiddleware")
    assert found["middleware"][whitenoise + 1] == "backend.media.MediaFilesMiddleware"


def test_serve_media_off_leaves_media_to_another_server():
    found = file_settings(SERVE_MEDIA="0")

    assert found["serve_media"] is False
    assert "backend.media.MediaFilesMiddleware" not in found["middleware"]


def test_a_named_bucket_moves_media_to_s3_compatible_storage():
    found = file_settings(
        AWS_STORAGE_BUCKET_NAME="massage-media",
        AWS_S3_ENDPOINT_URL="https://objects.example.test",
        AWS_S3_REGION_NAME="us-central-1",
        AWS_ACCESS_KEY_ID="test-access-key",
        AWS_SECRET_ACCESS_KEY="test-secret-key",
    )

    assert found["storage"] == {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": "massage-media",
            "endpoint_url": "https://objects.example.test",
            "region_name": "us-central-1",
            "access_key": "test-access-key",
            "secret_key": "test-secret-key",
            "querystring_auth": False,
            "file_overwrite": False,
        },
    }
    # Public, unsigned URLs in the bucket; the backend no longer serves /media/.
    assert found["url"] == "https://objects.example.test/massage-media/original_images/room.png"
    assert found["serve_media"] is False
    assert "backend.media.MediaFilesMiddleware" not in found["middleware"]


def test_backend_container_settings_from_the_example_env_file():
    # The env files `python3 -m deploy.env_files` writes: fresh secrets for the placeholders.
    found = settings_in(production_env(**container_environment("backend", example_env_files())))

    assert found["allowed_hosts"] == ["cms.example.com", "backend", "localhost"]
    assert found["database"] == ["django.db.backends.postgresql", "postgres", "massage"]
    assert found["cache"] == "redis://redis:6379/0"
    assert found["sessions"] == "django.contrib.sessions.backends.cached_db"
    assert found["ssl_redirect"] is True
    assert (found["static_root"], found["media_root"]) == ("/app/staticfiles", "/data/media")
    # The example's empty AWS_* lines keep media on the volume, served by the backend.
    assert found["storage"] == {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    assert found["serve_media"] is True
