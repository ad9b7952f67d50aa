"""Start and stop the processes of the production shape, for tests of any room.

`production_env` builds an explicit environment (never the test settings) and `running()`
starts a server command, the backend's entrypoint or `gunicorn frontend_templates.wsgi ...`,
waits for its /healthz and stops it, workers included, when the block ends.
"""

import base64
import os
import secrets
import signal
import socket
import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path

import pytest
import requests

from tests.waiting import wait_until

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent


# The secrets production settings require: random, as an operator generates them.
SECRETS = ("DJANGO_SECRET_KEY", "API_TRUSTED_CLIENT_KEY", "CMS_WEBHOOK_SECRET")
# The backend's alone (the site never has them): the keys of visitors' personal data.
PERSONAL_DATA_SECRETS = ("PERSONAL_DATA_KEY", "PERSONAL_DATA_LOOKUP_KEY")
# A script printing the keys the settings end with, as JSON: [keys, lookup key].
SHOW_PERSONAL_DATA_KEYS = (
    "import json; from django.conf import settings; "
    "print(json.dumps([settings.PERSONAL_DATA_KEYS, settings.PERSONAL_DATA_LOOKUP_KEY]))"
)


def random_secrets(*names: str) -> dict[str, str]:
    return {name: secrets.token_urlsafe(50) for name in names}


def personal_data_secrets() -> dict[str, str]:
    """A fresh Fernet key (32 random bytes, URL-safe base64) and lookup key."""
    return {
        "PERSONAL_DATA_KEY": base64.urlsafe_b64encode(secrets.token_bytes(32)).decode(),
        **random_secrets("PERSONAL_DATA_LOOKUP_KEY"),
    }


def production_env(**variables) -> dict[str, str]:
    """A clean environment for backend.settings.production plus `variables` (str()-ed)."""
    env = {
        "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}",
        "HOME": str(Path.home()),
        "LANG": "C.UTF-8",
        "PYTHONUNBUFFERED": "1",
        "DJANGO_SETTINGS_MODULE": "backend.settings.production",
        **random_secrets(*SECRETS),
        **personal_data_secrets(),
        "ALLOWED_HOSTS": "127.0.0.1",
    }
    env.update({name: str(value) for name, value in variables.items()})
    return env


def run(command: list[str], env: dict[str, str] | None, timeout: float = 120):
    """Run a command from the repository root (in this process's environment if `env` is
    None); the result, with output captured as text."""
    return subprocess.run(
        command, env=env, cwd=ROOT, capture_output=True, text=True, timeout=timeout, check=False
    )


def python_output(script: str, *args: str, env: dict[str, str] | None = None) -> str:
    """What a Python process running `script` with `args` prints; the test fails if it fails."""
    result = run([sys.executable, "-c", script, *args], env)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def running(command: list[str], env: dict[str, str], port: int, log: Path, timeout: float = 60):
    """Run a server until the block ends; yield its URL once GET /healthz answers 200.

    Its stdout goes to `log` and its stderr beside it (`<log>.stderr`); a failed start quotes
    both. The process gets its own session so that stopping it stops its workers too.
    """
    url = f"http://127.0.0.1:{port}"
    errors = log.with_name(f"{log.name}.stderr")
    with log.open("w") as stdout, errors.open("w") as stderr:
        process = subprocess.Popen(  # noqa: S603 - our own command line
            command, env=env, cwd=ROOT, stdout=stdout, stderr=stderr, start_new_session=True
        )

    def failed(state: str):
        output = f"{log.read_text()[-3000:]}\n{errors.read_text()[-3000:]}"
        pytest.fail(f"{command[0]} {state}; its output:\n{output}")

    def healthy() -> bool:
        if process.poll() is not None:
            failed(f"exited with {process.returncode}")
        return answers(f"{url}/healthz")

    try:
        try:
            wait_until(healthy, timeout=timeout, what=f"{url}/healthz answering 200")
        except TimeoutError:
            failed("timed out")
        yield url
    finally:
        stop(process)


def answers(url: str) -> bool:
    try:
        return requests.get(url, timeout=2).status_code == 200
    except requests.RequestException:  # not listening yet, or workers still booting
        return False


def stop(process: subprocess.Popen) -> None:
    """SIGTERM the process group we started, SIGKILL it if it has not gone within 15 s."""
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=5)
