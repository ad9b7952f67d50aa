"""`python -m bench` (`make bench`): set up, measure, print the table, write results.json.

Steps: build the stack in a temporary folder (bench.stack), then measure (bench.*_scenarios):
a) API page detail, ours vs stock Wagtail; b) 304 revalidation; c) the site's page warm,
cold and without page cache, and page sizes; i) the site's page under wrk against the floor
(a trivial WSGI app serving the same bytes) and a stock coupled Wagtail site, the first view
after a publish, each site worker's memory, and behind the proxy (bench.site_load);
d) publish-to-visible; g) publishing in the admin with Chromium, ours vs a stock coupled
Wagtail admin, and click-to-visible; h) the scheduled go-live lag; j) the API's list,
detail, find and search and the site's page, cold and warm, at demo size and again once a
catalogue of 5,000 pages is added to the same database, and our cold list against stock
Wagtail's (bench.scale_scenarios); e) memory (with those pages loaded); f) the site with the
API hung and stopped. A measurement that fails is reported as not measured and the
others go on; one that cannot run here (no Chromium) is reported as skipped. Servers, the
worker, the publisher and the temporary folder are removed whatever happens (Ctrl-C and
SIGTERM included). Exit status: 0 when everything was measured (or skipped), 1 otherwise.

`python -m bench --only publish` runs the publishing steps only (d, g, h; or name steps:
`--only api,admin_publish`); such a partial run sets up only the baselines its steps need,
prints its table and writes a file only when BENCH_OUTPUT names one. `--seconds` sets each
wrk run's duration (step i; 10 s by default).
"""

import argparse
import datetime
import os
import re
import signal
import sys
import tempfile
import time
import traceback
from pathlib import Path

from bench import (
    api_scenarios,
    load,
    publish_scenarios,
    report,
    scale_scenarios,
    site_load,
    site_load_report,
    site_scenarios,
    table,
    wrk,
)
from bench.servers import BenchError
from bench.stack import PARTS, Stack

STEPS = [
    ("api", "a/b. API page detail and 304 revalidation", api_scenarios.api),
    ("frontend", "c. site page: warm, cold, without page cache", site_scenarios.frontend),
    ("sizes", "c. page and asset sizes", site_scenarios.sizes),
    ("site", "i. site page under wrk: floor, stock, ours; first view; proxy", site_load.site),
    ("publish", "d. publish-to-visible", publish_scenarios.publish),
    (
        "admin_publish",
        "g. publish in the admin (Chromium), ours vs stock",
        publish_scenarios.admin_publish,
    ),
    ("scheduled", "h. scheduled go-live lag", publish_scenarios.scheduled),
    (
        "scale",
        "j. demo size, then 5,000 pages: API list, detail, find, search, site page",
        scale_scenarios.scale,
    ),
    ("memory", "e. memory", site_scenarios.memory),
    ("resilience", "f. API hung and stopped", site_scenarios.resilience),
]
FIXED_NOTES = [
    "cold API = a cache miss: each request spells the path differently (percent-encoded "
    "letters), which the response cache keys apart; this is what the first request after a "
    "content change costs, once the content generation has moved on",
    "the stock endpoint answers with title and meta only (the page models declare no "
    "api_fields), so its answer is much smaller than ours; 'stock + our fields' gives the "
    "same payload as ours without our cache or prefetching",
    "API warm detail vs the floor (a): wrk against our backend (the site's client key sent, so "
    "not throttled) and against bench.floor_app replaying the bytes and headers our backend "
    "sent for that detail, both under the backend's gunicorn command (1 worker, 4 threads: "
    "gthread), taking turns within each encoding",
    "publish-to-visible is measured from the start of save_revision().publish() in a separate "
    "process (bench.publisher, with the backend's environment, as `manage.py shell` would be) "
    "to the first site answer showing the new heading; the site is polled every 50 ms from "
    "the moment the publish is asked for",
    "admin publish (g): Chromium (headless, Playwright) types a marker at the start of the "
    "page's introduction in the editor, waits until Draftail has put it in the form (and for "
    "any autosave in flight), then clicks More actions > Publish (requests to outside hosts, "
    "the header's gravatar, are refused); the POST is timed by Chromium (request start to the "
    "last byte of its 302, the page it redirects to not included); click-to-visible runs from the "
    "start of that POST to the end of the first site answer showing the marker, the site "
    "being polled every 20 ms (a poller also runs during the stock POST, on the stock page, "
    "so that both POSTs share the machine alike); ours and stock take turns; warm-up rounds "
    "are not counted; with 10 publishes the p95 is the slowest; after each of ours, the "
    "publisher process reads from the database when the site's purge was delivered and when "
    "the worker finished the tasks the publish queued",
    "stock coupled Wagtail admin = the same project's content model and Wagtail admin with "
    "Wagtail's defaults (bench/stock_admin_settings.py: tasks inline with django-tasks' "
    "ImmediateBackend, no api app, so no change feed, cache bump or site purge), on the same "
    "database, publishing its own copy of the page",
    "scheduled go-live (h): a separate process saves a revision with approved_go_live_at = "
    "now + 2 s (not published); the lag runs from that go-live time to the first site answer "
    "showing it (polled every 50 ms); the task worker's scheduler publishes it on its next "
    "round, so the lag is up to one scheduler interval plus the publish itself",
    "RSS sums count pages shared by forked workers once per process; PSS shares them out",
    "the benchmark's client runs on the same 2 CPUs as the servers: concurrent figures are "
    "those of the whole machine",
]
LOG_PROBLEM = re.compile(r"Traceback|\bERROR\b|\bCRITICAL\b|\bWARNING\b|Exception")
# The task worker's answer to the SIGTERM that stops it at the end of the run.
LOG_EXPECTED = re.compile(r"Received Terminated - shutting down gracefully")


def _terminate(signum, frame):
    raise SystemExit(128 + signum)


def log_findings(stack: Stack, marks: dict[str, int]) -> dict:
    """Warnings, errors and tracebacks in each server's log, before and during step f."""
    findings = {}
    for log in sorted(stack.logs.glob("*.log")):
        text = log.read_text(errors="replace")
        mark = marks.get(log.name, len(text))
        found = {}
        for part, chunk in (("under load", text[:mark]), ("during f (expected)", text[mark:])):
            all_lines = chunk.splitlines()
            lines = [
                _with_exception(line, all_lines[number + 1 :])
                for number, line in enumerate(all_lines)
                if LOG_PROBLEM.search(line) and not LOG_EXPECTED.search(line)
            ]
            if lines:
                found[part] = {"count": len(lines), "first": lines[:8]}
        if found:
            findings[log.name] = found
    return findings


def _with_exception(line: str, following: list[str]) -> str:
    """A traceback's first line, followed by its last (the exception and its message)."""
    if not line.startswith("Traceback"):
        return line
    for later in following:
        if later and not later.startswith((" ", "Traceback", "During handling", "The above")):
            return f"{line} ... {later}"
    return line


GROUPS = {"publish": ["publish", "admin_publish", "scheduled"]}
# The stack's optional parts (bench.stack.PARTS) each step needs; memory reports what runs.
NEEDS = {
    "api": {"stock"},
    "frontend": {"nocache"},
    "site": {"site"},
    "admin_publish": {"admin"},
    "scale": {"stock", "nocache"},
    "memory": {"stock", "admin", "nocache"},
}


def arguments(argv: list[str] | None = None) -> argparse.Namespace:
    """The options, with `steps`: all, or those named by --only (step keys or group names)."""
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n")[0])
    parser.add_argument(
        "--only",
        help="comma-separated steps to run: " + ", ".join([*GROUPS, *(key for key, _, _ in STEPS)]),
    )
    parser.add_argument(
        "--seconds",
        type=float,
        default=wrk.DEFAULT_SECONDS,
        help=f"duration of each wrk run (default {wrk.DEFAULT_SECONDS:g})",
    )
    options = parser.parse_args(argv)
    if options.seconds < 1:
        parser.error("--seconds must be at least 1")
    options.steps = STEPS
    if options.only:
        names: set[str] = set()
        for name in options.only.split(","):
            name = name.strip()
            if name not in GROUPS and name not in {key for key, _, _ in STEPS}:
                parser.error(f"unknown step {name!r}")
            names.update(GROUPS.get(name, [name]))
        options.steps = [step for step in STEPS if step[0] in names]
    return options


def needed_parts(steps: list[tuple]) -> frozenset[str]:
    return frozenset().union(*(NEEDS.get(key, set()) for key, _, _ in steps)) & PARTS


def main() -> int:
    options = arguments()
    steps = options.steps
    partial = len(steps) < len(STEPS)
    signal.signal(signal.SIGTERM, _terminate)
    signal.signal(signal.SIGINT, signal.default_int_handler)  # even when started in background
    started = time.monotonic()
    results: dict = {"notes": [], "not_measured": {}, "load_average_before": os.getloadavg()}
    with tempfile.TemporaryDirectory(prefix="massage-aha-bench-") as workdir:
        stack = Stack(Path(workdir), needed_parts(steps), options.seconds)
        marks: dict[str, int] = {}
        try:
            print(
                f"bench: setting up (fresh {stack.database.kind} database, migrate, demo content, "
                "servers, worker; "
                f"baselines: {', '.join(sorted(stack.parts)) or 'none'})...",
                flush=True,
            )
            stack.set_up()
            results["setup_seconds"] = stack.setup_seconds
            print(f"bench: set up in {sum(stack.setup_seconds.values()):.0f} s")
            for key, title, measure in steps:
                if key == "resilience":
                    marks = {log.name: len(log.read_text()) for log in stack.logs.glob("*.log")}
                step_started = time.monotonic()
                print(f"bench: {title}...", flush=True)
                try:
                    results[key] = measure(stack)
                    if isinstance(results[key], dict) and results[key].get("skipped"):
                        print(f"bench:   SKIPPED: {results[key]['skipped']}", flush=True)
                except Exception as error:  # noqa: BLE001 - reported, the others go on
                    traceback.print_exc()
                    results["not_measured"][key] = f"{error.__class__.__name__}: {error}"
                print(f"bench:   {time.monotonic() - step_started:.0f} s", flush=True)
        except BenchError as error:
            results["not_measured"]["everything"] = str(error)
            print(f"bench: set-up failed: {error}", file=sys.stderr)
        finally:
            stack.stop()
            results["server_logs"] = log_findings(stack, marks)
        results["environment"] = report.environment(stack)
        results["config"] = {
            "threads": load.THREADS,
            "ports": stack.ports,
            "pages": site_scenarios.PAGES,
            "baselines_set_up": sorted(stack.parts),
            "wrk": {
                "threads": wrk.THREADS,
                "connections": wrk.CONNECTIONS,
                "seconds": stack.load_seconds,
            },
        }
    results["notes"] += FIXED_NOTES
    for key in ("publish", "scale"):
        if key in results:
            results["notes"] += results[key]["notes"]
    if "site" in results:
        results["notes"] += site_load_report.site_notes(results["site"])
    for key in ("admin_publish", "scheduled"):
        if results.get(key, {}).get("skipped"):
            results["notes"].append(f"SKIPPED: {key}: {results[key]['skipped']}")
    if partial:
        results["notes"].append(
            "partial run: only " + ", ".join(key for key, _, _ in steps) + " (--only)"
        )
    for key, reason in results["not_measured"].items():
        results["notes"].append(f"NOT MEASURED: {key}: {reason}")
    for name, found in results["server_logs"].items():
        for part, lines in found.items():
            results["notes"].append(
                f"log {name} {part}: {lines['count']} warning/error line(s), first: "
                f"{lines['first'][0][:160]}"
            )
    results["runtime_seconds"] = round(time.monotonic() - started, 1)
    results["finished_at"] = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")
    results["table"] = [list(row) for row in table.rows(results)]
    print()
    print(report.render_all(results))
    if partial and not os.environ.get("BENCH_OUTPUT", "").strip():
        print("\nPartial run (--only): no results file written (set BENCH_OUTPUT to keep one)")
    else:
        path = report.write(results)
        shown = path.relative_to(Path.cwd()) if path.is_relative_to(Path.cwd()) else path
        print(f"\nWrote {shown}")
    return 1 if results["not_measured"] else 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:  # servers and the temporary folder are already gone
        print("bench: interrupted", file=sys.stderr)
        sys.exit(130)
