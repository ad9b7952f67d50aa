"""Processes of the benchmark: set-up commands and gunicorn servers on free loopback ports.

Every server runs in its own session (process group), so that stopping it stops its workers;
`Server.stop` is safe to call twice and also wakes a server that was frozen with SIGSTOP.
The approach is that of `tests/production/processes.py`, without pytest.
"""

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
GUNICORN_CONF = ROOT / "deploy" / "gunicorn_conf.py"


class BenchError(RuntimeError):
    """Set-up failed; the message says which step and quotes its output."""


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def clean_env(**variables) -> dict[str, str]:
    """A minimal environment (nothing inherited but PATH, HOME, LANG) plus `variables`."""
    env = {
        "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}",
        "HOME": str(Path.home()),
        "LANG": "C.UTF-8",
        "PYTHONUNBUFFERED": "1",
    }
    env.update({name: str(value) for name, value in variables.items()})
    return env


def run_step(name: str, command: list[str], env: dict[str, str], timeout: float = 180) -> float:
    """Run a set-up command from the repository root; its duration in seconds.

    Raises BenchError quoting the end of its output when it fails or overruns.
    """
    started = time.monotonic()
    try:
        done = subprocess.run(
            command, env=env, cwd=ROOT, capture_output=True, text=True, timeout=timeout, check=False
        )
    except subprocess.TimeoutExpired as error:
        raise BenchError(f"{name} took more than {timeout:.0f} s") from error
    if done.returncode != 0:
        raise BenchError(
            f"{name} failed ({done.returncode}):\n{done.stdout[-2000:]}\n{done.stderr[-2000:]}"
        )
    return time.monotonic() - started


def start_step(command: list[str], env: dict[str, str], log: Path) -> subprocess.Popen:
    """Start a set-up command in the background (its output in `log`); see `finish_step`."""
    with log.open("w") as output:
        return subprocess.Popen(command, env=env, cwd=ROOT, stdout=output, stderr=subprocess.STDOUT)


def finish_step(name: str, process: subprocess.Popen, log: Path, timeout: float = 180) -> None:
    """Wait for a command from `start_step`; BenchError quoting its log if it failed."""
    try:
        code = process.wait(timeout=timeout)
    except subprocess.TimeoutExpired as error:
        process.kill()
        process.wait(timeout=5)
        raise BenchError(f"{name} took more than {timeout:.0f} s") from error
    if code != 0:
        raise BenchError(f"{name} failed ({code}):\n{log.read_text()[-3000:]}")


def gunicorn(app: str, port: int, threads: int = 1) -> list[str]:
    """The command line of a gunicorn server on 127.0.0.1:`port` as the deploy entrypoints
    have it, for ours and every baseline alike: deploy/gunicorn_conf.py (one worker), with
    `threads` (see backend_gunicorn)."""
    return [
        str(BIN / "gunicorn"),
        app,
        "--bind",
        f"127.0.0.1:{port}",
        "--threads",
        str(threads),
        "--timeout",
        "30",
        "--no-control-socket",
        "--config",
        str(GUNICORN_CONF),
    ]


def backend_gunicorn(port: int) -> list[str]:
    """A backend's gunicorn: 4 threads, deploy/backend-entrypoint.sh's default."""
    return gunicorn("backend.wsgi", port, threads=4)


def answers(url: str) -> bool:
    try:
        return requests.get(url, timeout=2).status_code == 200
    except requests.RequestException:  # not listening yet, or workers still booting
        return False


class Server:
    """One gunicorn server: started in its own process group, stopped with its workers.

    It runs from the repository's root unless told another `cwd`, and counts as up once
    `health_path` answers 200.
    """

    def __init__(
        self,
        name: str,
        command: list[str],
        env: dict[str, str],
        port: int,
        logs: Path,
        cwd: Path = ROOT,
        health_path: str = "/healthz",
    ):
        self.name = name
        self.command = command
        self.env = env
        self.port = port
        self.url = f"http://127.0.0.1:{port}"
        self.log = logs / f"{name}.log"
        self.cwd = cwd
        self.health_path = health_path
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        with self.log.open("w") as output:
            self.process = subprocess.Popen(
                self.command,
                env=self.env,
                cwd=self.cwd,
                stdout=output,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    def wait_healthy(self, timeout: float = 60) -> None:
        """Wait until GET `health_path` answers 200; BenchError quoting the log otherwise."""
        deadline = time.monotonic() + timeout
        while not answers(self.url + self.health_path):
            exited = self.process.poll() is not None
            if exited or time.monotonic() > deadline:
                state = f"exited with {self.process.returncode}" if exited else "timed out"
                raise BenchError(f"{self.name} {state}; its log:\n{self.log.read_text()[-3000:]}")
            time.sleep(0.2)

    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def signal_group(self, signum: int) -> None:
        if self.running():
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signum)

    def freeze(self) -> None:
        """SIGSTOP master and workers: connections are accepted but never answered."""
        self.signal_group(signal.SIGSTOP)

    def thaw(self) -> None:
        self.signal_group(signal.SIGCONT)

    def stop(self) -> None:
        """SIGTERM the process group (after waking it), SIGKILL it if still there after 15 s."""
        if not self.running():
            return
        self.thaw()
        self.signal_group(signal.SIGTERM)
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.signal_group(signal.SIGKILL)
            self.process.wait(timeout=5)

    def pids(self) -> list[int]:
        """The master's pid and its direct children's (the workers)."""
        if not self.running():
            return []
        master = self.process.pid
        found = [master]
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            # Fields after the command name, which is in parentheses and may hold spaces.
            fields = stat.rsplit(")", 1)[1].split()
            if int(fields[1]) == master:
                found.append(int(entry.name))
        return found

    def memory(self) -> dict:
        """Resident memory of master + workers: RSS summed (VmRSS) and PSS summed, in MiB,
        and each process's own (`per_process`: the master first, then the workers).

        RSS counts the pages that forked workers share with the master once per process;
        PSS (/proc/<pid>/smaps_rollup) divides each shared page among the processes that
        share it, so a worker's PSS is what it costs the machine.
        """
        per_process = []
        for pid in self.pids():
            rss_kb = _kb_field(Path(f"/proc/{pid}/status"), "VmRSS:")
            pss_kb = _kb_field(Path(f"/proc/{pid}/smaps_rollup"), "Pss:")
            per_process.append(
                {
                    "pid": pid,
                    "role": "master" if pid == self.process.pid else "worker",
                    "rss_mib": round(rss_kb / 1024, 1),
                    "pss_mib": round(pss_kb / 1024, 1) if pss_kb else None,
                }
            )
        pss = [found["pss_mib"] for found in per_process if found["pss_mib"] is not None]
        return {
            "processes": len(per_process),
            "rss_mib": round(sum(found["rss_mib"] for found in per_process), 1),
            "pss_mib": round(sum(pss), 1) if pss else None,
            "per_process": per_process,
        }


def _kb_field(path: Path, name: str) -> int:
    try:
        for line in path.read_text().splitlines():
            if line.startswith(name):
                return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0


class Worker(Server):
    """A process that serves nothing (the task worker), started and stopped like a server.

    It counts as up once its heartbeat file exists: the scheduler has finished a round.
    """

    def __init__(self, name: str, command: list[str], env: dict[str, str], logs: Path):
        super().__init__(name, command, env, 0, logs)
        self.url = ""
        self.heartbeat = Path(env["WORKER_HEARTBEAT_FILE"])

    def wait_healthy(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while not self.heartbeat.exists():
            exited = self.process.poll() is not None
            if exited or time.monotonic() > deadline:
                state = f"exited with {self.process.returncode}" if exited else "timed out"
                raise BenchError(f"{self.name} {state}; its log:\n{self.log.read_text()[-3000:]}")
            time.sleep(0.2)
