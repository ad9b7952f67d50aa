"""How one figure reads in a cell of the table (shared by the modules that build its rows).

Latency cells read `median / p95 ms, requests per second`; a verdict compares ours with the
baseline by median latency, or checks a budget (ok / MISS).
"""


def latency(summary: dict | None) -> str:
    """'2.10 / 3.40 ms, 420/s' (and the status mix when anything was not a 2xx/304)."""
    if not summary or summary.get("median_ms") is None:
        return "n/a"
    text = (
        f"{summary['median_ms']:.2f} / {summary['p95_ms']:.2f} ms, "
        f"{summary['requests_per_second']:.0f}/s"
    )
    odd = {code: n for code, n in summary["statuses"].items() if code not in ("200", "304")}
    if odd:
        text += " [" + ", ".join(f"{n}x {code}" for code, n in sorted(odd.items())) + "]"
    if summary.get("stopped_early_at_time_limit"):
        text += f" (time limit: {summary['requests']}/{summary['planned']})"
    return text


def faster(ours: dict | None, baseline: dict | None) -> str:
    if not ours or not baseline or not ours.get("median_ms") or not baseline.get("median_ms"):
        return "n/a"
    ratio = baseline["median_ms"] / ours["median_ms"]
    if ratio >= 1:
        return f"{ratio:.1f}x faster"
    return f"{1 / ratio:.1f}x SLOWER"


def kib(size: int | None) -> str:
    return "n/a" if size is None else f"{size / 1024:.1f} KiB ({size} B)"


def budget(ok: bool) -> str:
    return "ok" if ok else "MISS"


def wrk_figures(run: dict) -> str:
    """'812/s, p50 9.1 / p99 21.3 ms (2.3x), 0 errors' (non-2xx and socket errors apart when
    there are any)."""
    text = (
        f"{run['requests_per_second']:.0f}/s, p50 {run['p50_ms']:.1f} / p99 "
        f"{run['p99_ms']:.1f} ms ({run['p99_over_p50']:.1f}x), "
    )
    if run["errors"]:
        return text + f"ERRORS: {run['non_2xx']} non-2xx, {run['socket_errors']} socket"
    return text + "0 errors"
