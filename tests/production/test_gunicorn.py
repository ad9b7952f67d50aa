"""Every gunicorn server runs with deploy/gunicorn_conf.py: one worker by default; with more,
the app imported once, in the master, and shared by the workers forked from it. The master
must then hold nothing a worker could inherit and share with its siblings: no connection, no
thread.
"""

import os
from pathlib import Path

import pytest
import requests

from tests.production.processes import ROOT, python_output

CONFIG = "--config deploy/gunicorn_conf.py"
HTTPS = {"X-Forwarded-Proto": "https"}  # as the proxy in front sends it
# Socket states in /proc/net/tcp*: a listening socket is what a master may hold.
LISTEN = "0A"


SERVER_SETTINGS = """
from deploy import gunicorn_conf
print(gunicorn_conf.workers, gunicorn_conf.preload_app)
"""

# A worker once its app is loaded (the hook gunicorn calls then).
WORKER_INIT = """
import gc
from deploy import gunicorn_conf
before = gc.get_freeze_count()
gunicorn_conf.post_worker_init(worker=None)
print(before, gc.get_freeze_count() > before)
"""


def server_settings(**environment: str) -> str:
    """workers and preload_app as deploy/gunicorn_conf.py sets them in `environment`."""
    return python_output(SERVER_SETTINGS, env={"PATH": os.environ["PATH"], **environment})


def test_one_worker_by_default_without_a_second_copy_of_the_app_in_the_master():
    assert server_settings() == "1 False"


def test_several_workers_share_the_app_imported_once_in_the_master():
    assert server_settings(WEB_CONCURRENCY="3") == "3 True"


def test_a_worker_freezes_what_it_imported_so_that_full_collections_stay_cheap():
    assert python_output(WORKER_INIT) == "0 True"


@pytest.mark.parametrize(
    "script", ["deploy/backend-entrypoint.sh", "deploy/frontend-entrypoint.sh", "scripts/run.sh"]
)
def test_every_server_starts_with_the_shared_settings(script):
    assert CONFIG in (ROOT / script).read_text()


def processes_serving(port: int) -> dict[int, int]:
    """pid -> parent pid of every process whose command line binds 127.0.0.1:`port`."""
    found = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
            status = (entry / "status").read_text()
        except OSError:
            continue
        if f"127.0.0.1:{port}" in command and "gunicorn" in command:
            parent = next(line for line in status.splitlines() if line.startswith("PPid:"))
            found[int(entry.name)] = int(parent.split()[1])
    return found


def socket_states(pid: int) -> list[str]:
    """The TCP state of each TCP socket the process holds open."""
    inodes = set()
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        target = os.readlink(fd)
        if target.startswith("socket:["):
            inodes.add(target[len("socket:[") : -1])
    states = []
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            fields = line.split()
            if fields[9] in inodes:
                states.append(fields[3])
    return states


def threads(pid: int) -> int:
    status = Path(f"/proc/{pid}/status").read_text().splitlines()
    return int(next(line for line in status if line.startswith("Threads:")).split()[1])


def test_the_master_holds_no_connection_nor_thread_once_workers_used_theirs(backend_server):
    # The workers reach PostgreSQL and Redis (readyz) and serve the API.
    for path in ("/readyz", "/api/v2/pages/", "/readyz"):
        answer = requests.get(backend_server.url + path, headers=HTTPS, timeout=10)
        assert answer.status_code == 200
    port = int(backend_server.url.rsplit(":", 1)[1])
    serving = processes_serving(port)
    masters = [pid for pid, parent in serving.items() if parent not in serving]
    assert len(masters) == 1, serving
    master = masters[0]
    workers = [pid for pid, parent in serving.items() if parent == master]
    assert len(workers) == 2

    assert threads(master) == 1
    assert set(socket_states(master)) == {LISTEN}
    # The workers do hold connections of their own (the check above would see them).
    assert any(state != LISTEN for worker in workers for state in socket_states(worker))


FREED_BLOCKS = """
import sys
if sys.argv[1] == "with-settings":
    import deploy.gunicorn_conf
def rss_kib():
    status = open("/proc/self/status").read().splitlines()
    return int(next(line for line in status if line.startswith("VmRSS:")).split()[1])
larger = bytearray(4 * 1024 * 1024)
del larger  # glibc now serves blocks up to 4 MiB from its heap
before = rss_kib()
blocks = [bytearray(512 * 1024) for _ in range(100)]
later = bytearray(64 * 1024)  # a longer-lived block above them
del blocks
print(rss_kib() - before)
"""


def kept_after_freeing(*args: str) -> int:
    """KiB a process still holds after freeing 50 MiB of 512 KiB blocks."""
    return int(python_output(FREED_BLOCKS, *args))


def test_large_blocks_are_given_back_to_the_system_once_freed():
    assert kept_after_freeing("without") > 40 * 1024  # glibc's default keeps them
    assert kept_after_freeing("with-settings") < 4 * 1024
