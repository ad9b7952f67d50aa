"""`python -m bench` (`make bench`): set up, measure, print the table, write results.json.

Steps: build the stack in a temporary folder (bench.stack), then measure (bench.scenarios):
a) API page detail, ours vs stock Wagtail; b) 304 revalidation; c) the site's page warm,
cold and without page cache, and page sizes; d) publish-to-visible; e) memory; f) the site
with the API hung and stopped. A measurement that fails is reported as not measured and the
others go on. Servers, the publisher and the temporary folder are removed whatever happens
(Ctrl-C and SIGTERM included). Exit status: 0 when everything was measured, 1 otherwise.
"""

import datetime
import os
import re
import signal
import sys
import tempfile
import time
import traceback
from pathlib import Path

from bench import report, scenarios
from bench.servers import BenchError
from bench.stack import Stack

STEPS = [
    ("api", "a/b. API page detail and 304 revalidation", scenarios.api),
    ("frontend", "c. site page: warm, cold, without page cache", scenarios.frontend),
    ("sizes", "c. page and asset sizes", scenarios.sizes),
    ("publish", "d. publish-to-visible", scenarios.publish),
    ("memory", "e. memory", scenarios.memory),
    ("resilience", "f. API hung and stopped", scenarios.resilience),
]
FIXED_NOTES = [
    "cold API = a cache miss: each request spells the path differently (percent-encoded "
    "letters), which the response cache keys apart; this is what the first request after a "
    "content change costs, once the content generation has moved on",
    "the stock endpoint answers with title and meta only (the page models declare no "
    "api_fields), so its answer is much smaller than ours; 'stock + our fields' gives the "
    "same payload as ours without our cache or prefetching",
    "publish-to-visible is measured from the start of save_revision().publish() in a separate "
    "process (bench.publisher, with the backend's environment, as `manage.py shell` would be) "
    "to the first site answer showing the new heading; the site is polled every 50 ms from "
    "the moment the publish is asked for",
    "RSS sums count pages shared by forked workers once per process; PSS shares them out",
    "the benchmark's client runs on the same 2 CPUs as the servers: concurrent figures are "
    "those of the whole machine",
]
LOG_PROBLEM = re.compile(r"Traceback|\bERROR\b|\bCRITICAL\b|\bWARNING\b|Exception")


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
            lines = [line for line in chunk.splitlines() if LOG_PROBLEM.search(line)]
            if lines:
                found[part] = {"count": len(lines), "first": lines[:8]}
        if found:
            findings[log.name] = found
    return findings


def main() -> int:
    signal.signal(signal.SIGTERM, _terminate)
    signal.signal(signal.SIGINT, signal.default_int_handler)  # even when started in background
    started = time.monotonic()
    results: dict = {"notes": [], "not_measured": {}, "load_average_before": os.getloadavg()}
    with tempfile.TemporaryDirectory(prefix="massage-aha-bench-") as workdir:
        stack = Stack(Path(workdir))
        marks: dict[str, int] = {}
        try:
            print("bench: setting up (fresh SQLite, migrate, demo content, 4 servers)...")
            stack.set_up()
            results["setup_seconds"] = stack.setup_seconds
            print(f"bench: set up in {sum(stack.setup_seconds.values()):.0f} s")
            for key, title, measure in STEPS:
                if key == "resilience":
                    marks = {log.name: len(log.read_text()) for log in stack.logs.glob("*.log")}
                step_started = time.monotonic()
                print(f"bench: {title}...", flush=True)
                try:
                    results[key] = measure(stack)
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
            "threads": scenarios.THREADS,
            "ports": stack.ports,
            "pages": scenarios.PAGES,
        }
    results["notes"] += FIXED_NOTES
    if "publish" in results:
        results["notes"] += results["publish"]["notes"]
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
    results["table"] = [list(row) for row in report.rows(results)]
    path = report.write(results)
    print()
    print(report.render_all(results))
    print(f"\nWrote {path.relative_to(Path.cwd()) if path.is_relative_to(Path.cwd()) else path}")
    return 1 if results["not_measured"] else 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:  # servers and the temporary folder are already gone
        print("bench: interrupted", file=sys.stderr)
        sys.exit(130)
