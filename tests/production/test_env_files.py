"""`python3 -m deploy.env_files`: compose's three env files from .env.example, secrets made."""

import base64
import os
import re
import stat
import subprocess
import sys

from tests.production.processes import ROOT

FILES = (".env", ".env.backend", ".env.frontend")
RANDOM = re.compile(r"[0-9a-f]{64}")


def write_env_files(folder) -> subprocess.CompletedProcess:
    """Run the command as an operator does, in the folder that gets the files."""
    env = {"PATH": os.environ["PATH"], "PYTHONPATH": str(ROOT)}
    command = [sys.executable, "-m", "deploy.env_files"]
    return subprocess.run(command, cwd=folder, env=env, capture_output=True, text=True)


def values(path) -> dict[str, str]:
    return dict(re.findall(r"^([A-Z][A-Z0-9_]*)=(.*)$", path.read_text(), flags=re.MULTILINE))


def test_writes_the_three_files_with_fresh_secrets_readable_by_their_owner_only(tmp_path):
    first, second = tmp_path / "first", tmp_path / "second"
    for folder in (first, second):
        folder.mkdir()
        result = write_env_files(folder)
        assert result.returncode == 0, result.stderr

    assert sorted(path.name for path in first.iterdir()) == sorted(FILES)
    assert {stat.S_IMODE((first / name).stat().st_mode) for name in FILES} == {0o600}
    secrets = {
        (name, variable): value
        for name in FILES
        for variable, value in values(first / name).items()
        if RANDOM.fullmatch(value)
    }
    # Every placeholder of the example, each its own value, new on every run.
    assert set(secrets) == {
        (".env", "POSTGRES_PASSWORD"),
        (".env", "API_TRUSTED_CLIENT_KEY"),
        (".env", "CMS_WEBHOOK_SECRET"),
        (".env.backend", "DJANGO_SECRET_KEY"),
        (".env.backend", "PERSONAL_DATA_LOOKUP_KEY"),
        (".env.frontend", "DJANGO_SECRET_KEY"),
    }
    # The personal-data key is a Fernet key: 32 random bytes, URL-safe base64.
    fernet_keys = [
        values(folder / ".env.backend")["PERSONAL_DATA_KEY"] for folder in (first, second)
    ]
    assert [len(base64.urlsafe_b64decode(key)) for key in fernet_keys] == [32, 32]
    assert fernet_keys[0] != fernet_keys[1]
    assert len(set(secrets.values())) == len(secrets)
    assert not set(secrets.values()) & {
        value for name in FILES for value in values(second / name).values()
    }
    assert not [
        value for name in FILES for value in values(first / name).values() if "change-me" in value
    ]


def test_each_file_holds_its_own_sections_with_their_comments(tmp_path):
    write_env_files(tmp_path)
    backend, site = (
        (tmp_path / ".env.backend").read_text(),
        (tmp_path / ".env.frontend").read_text(),
    )

    assert "# Where the site reads all its content: the CMS's public API." in site
    assert "AKISMET_API_KEY=" in backend and "FORM_RATE_LIMIT=" in backend
    # The site's file has none of the backend's secrets, nor compose's shared ones.
    for name in ("AWS_SECRET_ACCESS_KEY", "AKISMET_API_KEY", "POSTGRES_PASSWORD", "DATABASE_URL"):
        assert name not in values(tmp_path / ".env.frontend")
    assert "CMS_WEBHOOK_SECRET" not in values(tmp_path / ".env.frontend")


def test_existing_files_are_never_overwritten(tmp_path):
    (tmp_path / ".env").write_text("POSTGRES_PASSWORD=the-one-the-database-already-has\n")

    result = write_env_files(tmp_path)

    assert result.returncode == 1
    assert "Nothing was written: .env already there." in result.stderr
    assert (tmp_path / ".env").read_text() == "POSTGRES_PASSWORD=the-one-the-database-already-has\n"
    assert sorted(path.name for path in tmp_path.iterdir()) == [".env"]
