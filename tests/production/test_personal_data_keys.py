"""backend.settings.production and the keys of visitors' personal data: the backend does not
start without them, nor with a placeholder or a value that is not a Fernet key."""

import json
import re

import pytest

from tests.production.processes import (
    PERSONAL_DATA_SECRETS,
    ROOT,
    SHOW_PERSONAL_DATA_KEYS,
    personal_data_secrets,
    production_env,
    run,
)


def start(**variables):
    return run(["python", "-c", SHOW_PERSONAL_DATA_KEYS], production_env(**variables))


@pytest.mark.parametrize("name", PERSONAL_DATA_SECRETS)
def test_refuses_to_start_without_a_key(name):
    env = production_env()
    del env[name]
    result = run(["python", "-c", SHOW_PERSONAL_DATA_KEYS], env)

    assert result.returncode != 0
    assert f"The environment variable {name} must be set in production." in result.stderr


def test_the_example_env_files_placeholders_are_refused():
    text = (ROOT / ".env.example").read_text()
    for name in PERSONAL_DATA_SECRETS:
        [value] = re.findall(rf"^{name}=(.*)$", text, flags=re.MULTILINE)
        result = start(**{name: value})
        assert result.returncode != 0
        assert f"The environment variable {name} is a placeholder" in result.stderr


def test_a_personal_data_key_that_is_not_a_fernet_key_is_refused_and_not_shown():
    not_fernet = "Zq8vN2kLp5Rt7Wx1Bc4Hd6Jf9Gm3Sy0Zq8vN2kLp5Rt7Wx1Bc4Hd6Jf9"

    result = start(PERSONAL_DATA_KEY=not_fernet)

    assert result.returncode != 0
    assert "The environment variable PERSONAL_DATA_KEY is not a list of Fernet keys" in (
        result.stderr
    )
    assert not_fernet not in result.stderr


def test_keys_being_rotated_are_read_in_order_new_first():
    new, old = (personal_data_secrets()["PERSONAL_DATA_KEY"] for _ in range(2))

    result = start(PERSONAL_DATA_KEY=f"{new}, {old}")

    assert result.returncode == 0, result.stderr
    keys, lookup_key = json.loads(result.stdout)
    assert keys == [new, old]
    assert len(lookup_key) >= 32
