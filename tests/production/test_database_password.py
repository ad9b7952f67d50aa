"""POSTGRES_PASSWORD: compose stops without it, the backend without a real one.

Compose builds the backend's DATABASE_URL from .env's POSTGRES_PASSWORD; the backend's
production settings check the password in it like every other secret, so the backend never
becomes healthy on a weak one and nothing that waits for it (worker, site, proxy) starts.
"""

import secrets

import pytest

from tests.production.compose import container_environment, example_env_files
from tests.production.processes import production_env, run

LOAD_SETTINGS = ["python", "-c", "import django; django.setup()"]
REFUSED = {
    "the example's placeholder": ("change-me", "is a placeholder"),
    "31 characters": (secrets.token_hex(16)[:31], "is not a random string of at least 32"),
    "one character repeated": ("a" * 40, "is not a random string of at least 32"),
}


def backend_started_with(password: str):
    """Load the backend's settings in the container compose builds for this password."""
    files = example_env_files()
    files[".env"]["POSTGRES_PASSWORD"] = password
    return run(LOAD_SETTINGS, production_env(**container_environment("backend", files)))


def test_compose_stops_without_one():
    files = example_env_files()
    files[".env"]["POSTGRES_PASSWORD"] = ""
    for service in ("postgres", "backend", "worker"):
        with pytest.raises(ValueError, match="set POSTGRES_PASSWORD in .env"):
            container_environment(service, files)


@pytest.mark.parametrize("password, problem", REFUSED.values(), ids=REFUSED.keys())
def test_the_backend_refuses_a_weak_one_and_names_it_without_showing_it(password, problem):
    result = backend_started_with(password)

    assert result.returncode != 0
    assert f"POSTGRES_PASSWORD (in DATABASE_URL) {problem}" in result.stderr
    assert f":{password}@" not in result.stderr


def test_the_backend_accepts_the_one_deploy_env_files_makes():
    # The example's files: a fresh random POSTGRES_PASSWORD.
    files = example_env_files()
    result = run(LOAD_SETTINGS, production_env(**container_environment("backend", files)))
    assert result.returncode == 0, result.stderr


def test_a_database_url_without_a_password_is_not_checked():
    # Peer or trust authentication (the test suite's own PostgreSQL).
    env = production_env(DATABASE_URL="postgres://postgres@127.0.0.1:5432/postgres")
    assert run(LOAD_SETTINGS, env).returncode == 0
