"""The report of a run: what it ran on, the printed text, and `bench/results.json`.

The rows of the table come from bench.table; this module lays them out and writes the file.
"""

import json
import os
import platform
import sys
from importlib import metadata
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "results.json"
COLUMNS = ("measurement", "ours", "baseline", "budget/goal", "verdict")


def environment(stack) -> dict:
    """What the figures were measured on."""
    versions = {}
    for package in ("wagtail", "django", "gunicorn", "requests"):
        try:
            versions[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            versions[package] = None
    try:
        cpus = len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        cpus = os.cpu_count()
    return {
        "cpus": cpus,
        "machine": platform.machine(),
        "kernel": platform.release(),
        "python": sys.version.split()[0],
        "database": stack.database.description(),
        "cache": (
            "Redis (REDIS_URL; keys under this run's prefixes, deleted afterwards)"
            if stack.redis_url
            else "backend: files in the run's folder (CACHE_DIR) shared by its web workers, "
            "task worker and publisher; frontend: files shared by its workers (REDIS_URL unset)"
        ),
        "servers": "gunicorn, 1 worker each (4 threads for a backend, as deployed), on "
        "127.0.0.1; task worker "
        f"(run_worker, scheduler every {stack.worker.env['SCHEDULER_INTERVAL_SECONDS']} s)",
        "client": "python-requests from the same machine (shares the CPUs); step i: wrk",
        "versions": versions,
        "load_average_1_5_15_min": [round(value, 2) for value in os.getloadavg()],
    }


def render(table: list[tuple[str, ...]]) -> str:
    """A plain-text table with aligned columns."""
    all_rows = [COLUMNS, *table]
    widths = [max(len(row[column]) for row in all_rows) for column in range(len(COLUMNS))]
    line = "-+-".join("-" * width for width in widths)
    out = []
    for index, row in enumerate(all_rows):
        out.append(" | ".join(cell.ljust(widths[i]) for i, cell in enumerate(row)).rstrip())
        if index == 0:
            out.append(line)
    return "\n".join(out)


def render_all(results: dict) -> str:
    env = results["environment"]
    head = [
        "Benchmark: Massage Aha! backend + site, measured on this machine "
        f"({results['finished_at']}, {results['runtime_seconds']:.0f} s)",
        f"Environment: {env['cpus']} CPUs ({env['machine']}), Python {env['python']}, "
        f"Wagtail {env['versions']['wagtail']}, Django {env['versions']['django']}, "
        f"gunicorn {env['versions']['gunicorn']}",
        f"  database: {env['database']}",
        f"  cache: {env['cache']}",
        f"  servers: {env['servers']}; client: {env['client']}",
        f"  load average before / after (1 min): {results['load_average_before'][0]:.2f} / "
        f"{env['load_average_1_5_15_min'][0]:.2f} (other work on the machine skews figures)",
        "Baselines: stock Wagtail = wagtail.api.v2.views.PagesAPIViewSet unmodified "
        "(bench/stock_api_urls.py) on the same database, GET /api/v2/pages/<id>/?fields=*;",
        "  stock + our fields = the same stock viewset given our field list (same payload, "
        "no cache, no prefetching); no page cache = the site with CMS_CACHE_SECONDS=0 and "
        "CMS_LAST_GOOD_SECONDS=0;",
        "  stock coupled Wagtail admin = our content model in Wagtail's admin with Wagtail's "
        "defaults (tasks inline, no change feed: bench/stock_admin_settings.py), same database.",
        "Latency cells: median / p95 ms, requests per second; step i (wrk): requests per "
        "second, p50 / p99 ms (p99 / p50), errors.",
        "",
        render(results["table"]),
    ]
    if results["notes"]:
        head += ["", "Notes:"] + [f"- {note}" for note in results["notes"]]
    return "\n".join(head)


def output_path() -> Path:
    """bench/results.json, or the file named by BENCH_OUTPUT (e.g. for a run with Redis)."""
    chosen = os.environ.get("BENCH_OUTPUT", "").strip()
    return Path(chosen).resolve() if chosen else RESULTS


def write(results: dict) -> Path:
    """Write the results atomically (through <name>.tmp, then a rename)."""
    target = output_path()
    partial = target.with_name(target.name + ".tmp")
    first = ["finished_at", "runtime_seconds", "environment", "table", "notes", "not_measured"]
    ordered = {key: results[key] for key in first if key in results}
    ordered.update({key: value for key, value in results.items() if key not in ordered})
    partial.write_text(json.dumps(ordered, indent=2) + "\n")
    partial.replace(target)
    return target
