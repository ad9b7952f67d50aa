"""Bounded load loops: N requests one after another, or N requests shared by a few threads.

Every loop stops at its request count or at its time limit, whichever comes first, and says
which. A request is a function of a `requests.Session` returning a `Hit`; it times itself, so
that work done around the request (a cache purge before a cold request) is not counted.

compare() measures several kinds of request both ways. The benchmark's client threads share
the machine's cores with the servers, so the concurrent figures are those of server and
client together on one machine.
"""

import statistics
import threading
import time
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

import requests

TIMEOUT = (2, 10)  # connect, read (seconds) for every request the benchmark sends
THREADS = 8  # client threads of each concurrent loop that compare() runs


@dataclass(frozen=True)
class Hit:
    """One answered request: HTTP status (0 for a failure), seconds, body bytes."""

    status: int
    seconds: float
    body_bytes: int = 0
    text: str = ""


def send_raw(session: requests.Session, url: str, **kwargs) -> requests.Response:
    """GET `url` exactly as written: requests would otherwise decode `%63` back to `c`."""
    prepared = session.prepare_request(requests.Request("GET", url, **kwargs))
    prepared.url = url
    return session.send(prepared, timeout=TIMEOUT, allow_redirects=False)


def timed_get(session: requests.Session, url: str, keep_text: bool = False, **kwargs) -> Hit:
    """GET `url` (as written), timing from sending to the whole body read."""
    started = time.perf_counter()
    try:
        response = send_raw(session, url, **kwargs)
        body = response.content
    except requests.RequestException:
        return Hit(0, time.perf_counter() - started)
    elapsed = time.perf_counter() - started
    text = response.text if keep_text else ""
    return Hit(response.status_code, elapsed, len(body), text)


@dataclass
class Result:
    """What a loop measured, and how it ended."""

    mode: str
    planned: int
    hits: list[Hit] = field(default_factory=list)
    busy_seconds: float = 0.0  # wall time spent requesting (purges excluded)
    stopped_early: bool = False
    threads: int = 1

    def summary(self) -> dict:
        ok = [hit.seconds for hit in self.hits if hit.status]
        statuses = Counter(str(hit.status or "error") for hit in self.hits)
        done = len(self.hits)
        return {
            "mode": self.mode,
            "threads": self.threads,
            "requests": done,
            "planned": self.planned,
            "stopped_early_at_time_limit": self.stopped_early,
            "statuses": dict(statuses),
            "median_ms": round(statistics.median(ok) * 1000, 2) if ok else None,
            "p95_ms": round(percentile(ok, 95) * 1000, 2) if ok else None,
            "max_ms": round(max(ok) * 1000, 2) if ok else None,
            "requests_per_second": round(done / self.busy_seconds, 1)
            if self.busy_seconds
            else None,
            "body_bytes": self.hits[-1].body_bytes if self.hits else None,
        }


def percentile(values: list[float], pct: float) -> float:
    """Nearest-rank percentile (the value below which `pct` % of the values lie)."""
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * pct // 100))  # ceil without floats drifting
    return ordered[int(rank) - 1]


def interleaved(
    kinds: dict[str, tuple[Callable[[requests.Session], Hit], Callable[[], None] | None]],
    count: int,
    time_limit: float,
) -> dict[str, Result]:
    """`count` rounds of one request of each kind, one after another, in turn.

    Taking turns makes a comparison fair on a machine whose load changes while it runs:
    each kind sees the same moments. `prepare()`, when given, runs untimed before its kind.
    """
    results = {name: Result("sequential", count) for name in kinds}
    deadline = time.monotonic() + time_limit
    with requests.Session() as session:
        for _ in range(count):
            if time.monotonic() > deadline:
                for result in results.values():
                    result.stopped_early = True
                break
            for name, (request, prepare) in kinds.items():
                if prepare:
                    prepare()
                hit = request(session)
                results[name].hits.append(hit)
                results[name].busy_seconds += hit.seconds
    return results


def concurrent(
    request: Callable[[requests.Session], Hit], count: int, threads: int, time_limit: float
) -> Result:
    """`count` requests in all, taken by `threads` threads as fast as they can."""
    result = Result("concurrent", count, threads=threads)
    deadline = time.monotonic() + time_limit
    tickets = iter(range(count))
    lock = threading.Lock()

    def worker() -> None:
        with requests.Session() as session:
            while True:
                with lock:
                    if next(tickets, None) is None:
                        return
                    if time.monotonic() > deadline:
                        result.stopped_early = True
                        return
                hit = request(session)
                with lock:
                    result.hits.append(hit)

    started = time.perf_counter()
    with ThreadPoolExecutor(threads) as pool:
        for future in [pool.submit(worker) for _ in range(threads)]:
            future.result()
    result.busy_seconds = time.perf_counter() - started
    return result


def bursts(
    request: Callable[[requests.Session], Hit],
    rounds: int,
    threads: int,
    time_limit: float,
    prepare: Callable[[], None],
) -> Result:
    """`rounds` times: `prepare()` (e.g. a purge), then `threads` requests at the same moment.

    What a site sees when several visitors arrive right after a publish.
    """
    result = Result("concurrent", rounds * threads, threads=threads)
    deadline = time.monotonic() + time_limit
    sessions = [requests.Session() for _ in range(threads)]
    try:
        with ThreadPoolExecutor(threads) as pool:
            for _ in range(rounds):
                if time.monotonic() > deadline:
                    result.stopped_early = True
                    break
                prepare()
                gate = threading.Barrier(threads)

                def one(session: requests.Session, gate: threading.Barrier = gate) -> Hit:
                    gate.wait(timeout=10)
                    return request(session)

                started = time.perf_counter()
                result.hits += list(pool.map(one, sessions))
                result.busy_seconds += time.perf_counter() - started
    finally:
        for session in sessions:
            session.close()
    return result


def compare(kinds: dict, count: int, limit: float, concurrent_count: int | None = None) -> dict:
    """Several requests measured sequentially (taking turns) and then each with THREADS threads.

    `kinds` maps a name to a request, or to (request, prepare) where `prepare()` runs untimed
    before each sequential request of that kind (concurrent loops of such kinds are left to
    the caller). Answers {name: {"sequential": summary, "concurrent": summary}}.
    """
    kinds = {
        name: kind if isinstance(kind, tuple) else (kind, None) for name, kind in kinds.items()
    }
    found = {
        name: {"sequential": result.summary()}
        for name, result in interleaved(kinds, count, limit).items()
    }
    for name, (request, prepare) in kinds.items():
        if prepare is None:
            found[name]["concurrent"] = concurrent(
                request, concurrent_count or count, THREADS, limit
            ).summary()
    return found


def warm_up(request, times: int = 10) -> None:
    """A few untimed requests (each gunicorn worker loads code and fills caches on first use)."""
    with requests.Session() as session:
        for _ in range(times):
            request(session)
