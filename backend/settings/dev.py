"""Settings for `make run` on a developer's machine: debug on, local hosts only."""

import base64
import os
import secrets
from pathlib import Path

from .base import *  # noqa: F403
from .base import env

DEBUG = True
SECRET_KEY = SECRET_KEY or "dev-only-insecure-key-not-for-production"  # noqa: F405
ALLOWED_HOSTS = env.list(
    "ALLOWED_HOSTS", cast=str.strip, default=["127.0.0.1", "localhost", "[::1]"]
)
STORAGES["staticfiles"]["BACKEND"] = (  # noqa: F405
    "django.contrib.staticfiles.storage.StaticFilesStorage"
)


def local_personal_data_keys(path: Path) -> dict[str, str]:
    """The personal-data keys kept in `path`, generated into it first if it is missing.

    Written whole under a temporary name and linked into place, so that processes starting
    together (the web server, the worker) all read the same complete file.
    """
    if not path.exists():
        draft = path.with_name(f".{path.name}.{os.getpid()}")
        draft.write_text(
            "# Keys of the visitors' personal data in the database beside this file (README\n"
            "# 'Personal data'). Keep it with the database and out of git: without it the\n"
            "# sealed data cannot be read, and a backup of the database cannot be restored.\n"
            f"PERSONAL_DATA_KEY={base64.urlsafe_b64encode(secrets.token_bytes(32)).decode()}\n"
            f"PERSONAL_DATA_LOOKUP_KEY={secrets.token_urlsafe(32)}\n"
        )
        draft.chmod(0o600)
        try:
            os.link(draft, path)
        except FileExistsError:  # another process was first: its keys are the ones
            pass
        finally:
            draft.unlink()
    lines = path.read_text().splitlines()
    return dict(line.split("=", 1) for line in lines if "=" in line and not line.startswith("#"))


# Visitors' personal data: the environment's keys, else those of a file beside the SQLite
# database (in the project with another database), generated on the first start.
if not (PERSONAL_DATA_KEYS and PERSONAL_DATA_LOOKUP_KEY):  # noqa: F405
    _database = DATABASES["default"]  # noqa: F405
    _folder = (
        Path(_database["NAME"]).parent
        if _database["ENGINE"] == "django.db.backends.sqlite3"
        else BASE_DIR  # noqa: F405
    )
    _keys = local_personal_data_keys(_folder / "personal-data.keys")
    PERSONAL_DATA_KEYS = PERSONAL_DATA_KEYS or _keys["PERSONAL_DATA_KEY"].split(",")  # noqa: F405
    PERSONAL_DATA_LOOKUP_KEY = PERSONAL_DATA_LOOKUP_KEY or _keys["PERSONAL_DATA_LOOKUP_KEY"]  # noqa: F405
