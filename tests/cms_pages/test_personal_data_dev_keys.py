"""`make run`'s settings (backend.settings.dev) generate the personal-data keys on the first
start, into a file beside the SQLite database, and every later process reads the same ones."""

import json
import os
import stat
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from cryptography.fernet import Fernet

from tests.production.processes import SHOW_PERSONAL_DATA_KEYS, python_output


def dev_keys(database: Path, **variables) -> tuple[list[str], str]:
    env = {
        name: value for name, value in os.environ.items() if not name.startswith("PERSONAL_DATA_")
    }
    env.update(
        DJANGO_SETTINGS_MODULE="backend.settings.dev",
        DATABASE_URL=f"sqlite:///{database}",
        **variables,
    )
    keys, lookup_key = json.loads(python_output(SHOW_PERSONAL_DATA_KEYS, env=env))
    return keys, lookup_key


def test_generated_once_beside_the_database_and_kept(tmp_path):
    database = tmp_path / "data" / "db.sqlite3"
    database.parent.mkdir()

    with ThreadPoolExecutor(3) as starting:  # the web server, the worker, a shell at once
        first = list(starting.map(lambda _: dev_keys(database), range(3)))

    keyfile = database.parent / "personal-data.keys"
    assert stat.S_IMODE(keyfile.stat().st_mode) == 0o600
    assert [path.name for path in database.parent.iterdir()] == ["personal-data.keys"]
    assert first[0] == first[1] == first[2] == dev_keys(database)  # the same ever after
    [key], lookup_key = first[0]
    Fernet(key)  # a valid Fernet key
    assert len(lookup_key) >= 32
    assert "PERSONAL_DATA_KEY=" in keyfile.read_text() and key in keyfile.read_text()


def test_keys_from_the_environment_win(tmp_path):
    key = Fernet.generate_key().decode()

    keys, _ = dev_keys(tmp_path / "db.sqlite3", PERSONAL_DATA_KEY=key)

    assert keys == [key]
