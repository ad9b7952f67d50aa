"""Load from a real load generator: wrk (Debian's package), one thread, 8 connections.

Python request loops share the machine's two cores with the servers and measure the client
as much as the server; wrk is a small event loop in C. Each run is `wrk -t1 -c8 -d<s>s
--latency -s bench/wrk_report.lua [-H "Accept-Encoding: ..."] <url>`: the Lua script counts
the answers by status class (2xx or not) and prints one JSON line with the totals, the
latency percentiles and wrk's socket errors. wrk's own output (with the latency
distribution) goes to the run's log folder. The machine is shared, so the 1-minute load
average is read before and after.
"""

import json
import os
import shutil
import subprocess
from pathlib import Path

SCRIPT = Path(__file__).resolve().parent / "wrk_report.lua"
THREADS = 1
CONNECTIONS = 8
DEFAULT_SECONDS = 10.0
MARK = "BENCH_WRK_JSON "


def available() -> str | None:
    """None when wrk can be run, else why not."""
    if shutil.which("wrk"):
        return None
    return "wrk is not installed (scripts/install-bench-tools.sh installs Debian's package)"


def run(
    url: str, accept_encoding: str, seconds: float, log: Path, headers: dict | None = None
) -> dict:
    """One wrk run against `url` (with that Accept-Encoding, "": none, and `headers`): req/s,
    p50/p90/p99 (ms), errors, and the load average around it."""
    command = [
        "wrk", f"-t{THREADS}", f"-c{CONNECTIONS}", f"-d{seconds:g}s", "--latency",
        "--timeout", "5s", "-s", str(SCRIPT),
    ]  # fmt: skip
    if accept_encoding:
        command += ["-H", f"Accept-Encoding: {accept_encoding}"]
    for name, value in (headers or {}).items():
        command += ["-H", f"{name}: {value}"]
    command.append(url)
    load_before = os.getloadavg()[0]
    done = subprocess.run(
        command, capture_output=True, text=True, timeout=seconds + 60, check=False
    )
    load_after = os.getloadavg()[0]
    log.write_text(" ".join(command) + "\n\n" + done.stdout + done.stderr)
    lines = [line for line in done.stdout.splitlines() if line.startswith(MARK)]
    if done.returncode != 0 or not lines:
        raise RuntimeError(f"wrk failed ({done.returncode}): {(done.stderr or done.stdout)[-500:]}")
    found = json.loads(lines[-1].removeprefix(MARK))
    requests, duration = found["requests"], found["duration_us"] / 1e6
    socket_errors = sum(
        found[key] for key in ("connect_errors", "read_errors", "write_errors", "timeouts")
    )
    p50, p99 = found["p50_us"] / 1000, found["p99_us"] / 1000
    return {
        "requests": requests,
        "seconds": round(duration, 2),
        "requests_per_second": round(requests / duration, 1) if duration else None,
        "p50_ms": round(p50, 2),
        "p90_ms": round(found["p90_us"] / 1000, 2),
        "p99_ms": round(p99, 2),
        "max_ms": round(found["max_us"] / 1000, 2),
        "p99_over_p50": round(p99 / p50, 2) if p50 else None,
        "status_2xx": found["status_2xx"],
        "non_2xx": found["status_other"],
        "socket_errors": socket_errors,
        "errors": found["status_other"] + socket_errors,
        "bytes_per_answer": round(found["bytes"] / requests) if requests else None,
        "load_average_1_min": [round(load_before, 2), round(load_after, 2)],
        "command": " ".join(command),
    }
