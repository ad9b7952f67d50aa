"""Turning the measurements into the printed table and `bench/results.json`.

Latency cells read `median / p95 ms, requests per second` (step i, from wrk: `req/s, p50 /
p99 ms (p99/p50), errors`). The verdict compares ours with the baseline by median latency,
or checks a budget or one of the issue's targets (ok / MISS).
"""

import json
import os
import platform
import sqlite3
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
        "database": f"SQLite {sqlite3.sqlite_version} (fresh file in a temporary folder)",
        "cache": (
            "Redis (REDIS_URL; keys under this run's prefixes, deleted afterwards)"
            if stack.redis_url
            else "backend: files in the run's folder (CACHE_DIR) shared by its web workers, "
            "task worker and publisher; frontend: files shared by its workers (REDIS_URL unset)"
        ),
        "servers": "gunicorn, 2 sync workers each, on 127.0.0.1; task worker "
        f"(run_worker, scheduler every {stack.worker.env['SCHEDULER_INTERVAL_SECONDS']} s)",
        "client": "python-requests from the same machine (shares the CPUs); step i: wrk",
        "versions": versions,
        "load_average_1_5_15_min": [round(value, 2) for value in os.getloadavg()],
    }


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


def rows(results: dict) -> list[tuple[str, str, str, str, str]]:
    """The table: one row per figure, in the order of the brief (a to f)."""
    table = []
    api = results.get("api")
    if api:
        count = {mode: api["ours_warm"][mode]["planned"] for mode in ("sequential", "concurrent")}
        for mode, label in (("sequential", "sequential"), ("concurrent", "8 threads")):
            table.append(
                (
                    f"a. API detail, warm cache vs stock Wagtail ({label}, n={count[mode]})",
                    latency(api["ours_warm"][mode]),
                    latency(api["stock"][mode]),
                    "faster than stock",
                    faster(api["ours_warm"][mode], api["stock"][mode]),
                )
            )
        for mode, label in (("sequential", "sequential"), ("concurrent", "8 threads")):
            table.append(
                (
                    f"a. API detail, cold (cache miss) vs stock + our fields ({label})",
                    latency(api["ours_cold"][mode]),
                    latency(api["stock_with_our_fields"][mode]),
                    "-",
                    faster(api["ours_cold"][mode], api["stock_with_our_fields"][mode]),
                )
            )
        table.append(
            (
                "a. API detail, cold (cache miss) vs stock Wagtail (sequential)",
                latency(api["ours_cold"]["sequential"]),
                latency(api["stock"]["sequential"]),
                "-",
                faster(api["ours_cold"]["sequential"], api["stock"]["sequential"]),
            )
        )
        transfer = api["transfer"]
        table.append(
            (
                "a. API detail answer size (body; stock has no page-type fields)",
                f"{kib(transfer['full_200']['body_bytes'])}, "
                f"{transfer['full_200']['content_encoding']}",
                f"{kib(transfer['stock_200']['body_bytes'])}, "
                f"{transfer['stock_200']['content_encoding']}",
                "-",
                "info",
            )
        )
        for mode, label in (("sequential", "sequential"), ("concurrent", "8 threads")):
            table.append(
                (
                    f"b. API 304 with If-None-Match vs full 200 ({label})",
                    latency(api["revalidate_304"][mode]),
                    latency(api["ours_warm"][mode]),
                    "-",
                    faster(api["revalidate_304"][mode], api["ours_warm"][mode]),
                )
            )
        not_modified, full = transfer["not_modified_304"], transfer["full_200"]
        table.append(
            (
                "b. bytes on the wire, 304 vs 200 (headers + body)",
                f"{not_modified['total_bytes']} B ({not_modified['status']})",
                f"{full['total_bytes']} B ({full['status']})",
                "-",
                f"{100 * (1 - not_modified['total_bytes'] / full['total_bytes']):.0f}% less",
            )
        )
    site = results.get("frontend")
    if site:
        for kind, title in (("warm", "warm (site cache)"), ("cold", "cold after a purge")):
            for mode, label in (("sequential", "sequential"), ("concurrent", "8 threads")):
                if kind == "cold" and mode == "concurrent":
                    label = "bursts of 8"
                table.append(
                    (
                        f"c. site page, {title} vs no page cache ({label})",
                        latency(site[kind][mode]),
                        latency(site["no_page_cache"][mode]),
                        "-",
                        faster(site[kind][mode], site["no_page_cache"][mode]),
                    )
                )
    sizes = results.get("sizes")
    if sizes:
        for name, page in sizes["pages"].items():
            table.append(
                (
                    f"c. HTML size: {name} ({page['path']}, HTTP {page['status']})",
                    kib(page["html_bytes"]),
                    "-",
                    f"<= {sizes['budget_bytes'] // 1024} KiB",
                    budget(page["within_budget"] and page["status"] == 200),
                )
            )
        for kind, asset in sizes["assets"].items():
            table.append(
                (
                    f"c. {kind.upper()} size (raw; gzip as served)",
                    "n/a"
                    if asset is None
                    else f"{kib(asset['bytes'])}; gzip {asset['gzip_bytes'] or 'n/a'} B",
                    "-",
                    "-",
                    "info",
                )
            )
    table += site_rows(results)
    published = results.get("publish")
    if published:
        trials = published["trials"]
        delivered = [t["purge_delivered_s"] for t in trials if t["purge_delivered_s"] is not None]
        calls = [t["publish_call_s"] for t in trials]
        table.append(
            (
                f"d. publish() call itself, in the publishing process ({_trials(trials)})",
                _seconds(calls),
                "-",
                "-",
                "info",
            )
        )
        table.append(
            (
                f"d. publish -> purge webhook delivered ({_trials(trials)})",
                _seconds(delivered),
                "-",
                "-",
                "info",
            )
        )
        visible = published["visible_s"]
        shown = _seconds(visible) if visible else "never"
        table.append(
            (
                f"d. publish -> visible on the site ({published['within_budget']}/{len(trials)} "
                "within budget)",
                shown + ("" if published["all_visible"] else " (see notes)"),
                "-",
                f"<= {published['budget_s']:.0f} s",
                budget(
                    published["all_visible"] and published["max_visible_s"] <= published["budget_s"]
                ),
            )
        )
    table += admin_rows(results)
    memory = results.get("memory")
    if memory:
        for ours, baseline, label in (
            ("backend", "stock-api", "backend vs stock API server"),
            ("frontend", "frontend-nocache", "site vs site without page cache"),
        ):
            table.append(
                (
                    f"e. memory after load, {label} (RSS sum; PSS sum)",
                    _memory(memory.get(ours)),
                    _memory(memory.get(baseline)),
                    "-",
                    "info",
                )
            )
        table.append(
            (
                "e. memory after load, task worker; stock coupled admin server (RSS; PSS)",
                _memory(memory.get("worker")),
                _memory(memory.get("stock-admin")),
                "-",
                "info",
            )
        )
    down = results.get("resilience")
    if down:
        for state, label in (("hung", "API hung (SIGSTOP)"), ("stopped", "API stopped")):
            seen, unseen = down[state]["seen"], down[state]["unseen"]
            table.append(
                (
                    f"f. {label}: page seen before",
                    f"HTTP {seen['status']} in {seen['seconds']:.2f} s",
                    "-",
                    "200, last good copy",
                    budget(seen["status"] == 200 and seen["shows_page"]),
                )
            )
            table.append(
                (
                    f"f. {label}: page never seen",
                    f"HTTP {unseen['status']} in {unseen['seconds']:.2f} s",
                    "-",
                    f"503 within {down['unseen_budget_s']:.0f} s",
                    budget(
                        unseen["status"] == 503 and unseen["seconds"] <= down["unseen_budget_s"]
                    ),
                )
            )
    return table


def site_rows(results: dict) -> list[tuple[str, str, str, str, str]]:
    """i. the site's page under wrk beside its anchors, the first view after a publish, each
    site worker's memory; the budget column holds the issue's targets."""
    site = results.get("site")
    if not site:
        return []
    goals, runs, proxy = site["targets"], site["runs"], site["proxy"]
    wrk = results["config"]["wrk"]
    load = f"wrk {wrk['threads']} thread, {wrk['connections']} connections, {wrk['seconds']:g} s"
    table = []
    for variant in runs["ours"]:
        for key, baseline, label in (
            ("ours_over_floor", "floor", "the floor (trivial WSGI app, same bytes)"),
            ("ours_over_stock", "stock", "stock coupled Wagtail page"),
        ):
            table.append(
                (
                    f"i. site page ({variant}), warm, vs {label}; {load}",
                    _wrk(runs["ours"][variant]),
                    _wrk(runs[baseline][variant]),
                    goals[f"{key}:{variant}"]["target"],
                    _verdict(goals[f"{key}:{variant}"], with_value=True),
                )
            )
        target = goals[f"proxy_over_static:{variant}"]
        label = f"i. behind nginx ({variant}): page files vs a static file of the same bytes"
        if proxy.get("not_measured"):
            table.append((label, "not measured", "not measured", target["target"], "n/a"))
            continue
        answered = proxy["answered_by"]["ours"][variant]
        source = f"{answered['source']}, {answered['content_encoding']}"
        table.append(
            (
                label,
                f"{_wrk(proxy['runs']['ours'][variant])} [{source}]",
                _wrk(proxy["runs"]["static"][variant]),
                target["target"],
                _verdict(target, with_value=True),
            )
        )
    view = site["first_view"]
    table.append(
        (
            f"i. first view after a publish (n={view['count']}; one GET "
            f"{view['wait_after_publish_s']:g} s after publish() returned)",
            goals["first_view"]["value"],
            "-",
            goals["first_view"]["target"],
            _verdict(goals["first_view"]),
        )
    )
    for key in ("p99_over_p50", "errors", "worker_pss"):
        table.append(
            (f"i. {goals[key]['target']}", goals[key]["value"], "-", "-", _verdict(goals[key]))
        )
    sizes = {
        name: "; ".join(
            f"{kib(answer['body_bytes'])} {answer['content_encoding']}"
            for answer in answers.values()
        )
        for name, answers in site["answers"].items()
    }
    table.append(
        (
            "i. page answer bodies (identity; gzip, br): ours; stock coupled Wagtail",
            sizes["ours"],
            sizes["stock"],
            "-",
            "info",
        )
    )
    return table


def _wrk(run: dict) -> str:
    """'812/s, p50 9.1 / p99 21.3 ms (2.3x), 0 errors' (non-2xx and socket errors apart when
    there are any)."""
    text = (
        f"{run['requests_per_second']:.0f}/s, p50 {run['p50_ms']:.1f} / p99 "
        f"{run['p99_ms']:.1f} ms ({run['p99_over_p50']:.1f}x), "
    )
    if run["errors"]:
        return text + f"ERRORS: {run['non_2xx']} non-2xx, {run['socket_errors']} socket"
    return text + "0 errors"


def _verdict(target: dict, with_value: bool = False) -> str:
    """ok / MISS (n/a when not measured), after the measured ratio when asked."""
    if target["met"] is None:
        return "n/a"
    return (f"{target['value']}: " if with_value else "") + budget(target["met"])


def site_notes(site: dict) -> list[str]:
    """How step i measured, and the load average around each wrk run."""
    runs, proxy, view = site["runs"], site["proxy"], site["first_view"]
    all_runs = {f"{name} {variant}": run for name in runs for variant, run in runs[name].items()}
    if not proxy.get("not_measured"):
        all_runs |= {
            f"nginx {name} {variant}": run
            for name in proxy["runs"]
            for variant, run in proxy["runs"][name].items()
        }
    example = next(iter(all_runs.values()))["command"]
    notes = [
        "i. load: " + example.rsplit(" ", 1)[0] + " <url>: wrk's Lua script "
        "(bench/wrk_report.lua) counts each answer's status class, which costs wrk some of its "
        "own rate alike in every row; the contestants take turns for each encoding; "
        "gunicorn's sync workers close the connection after each answer, nginx keeps it open",
        "i. load average (1 min) before/after each wrk run: "
        + ", ".join(
            f"{name} {run['load_average_1_min'][0]:.2f}/{run['load_average_1_min'][1]:.2f}"
            for name, run in all_runs.items()
        ),
        "i. every contestant runs under the same gunicorn command (2 sync workers; "
        "bench.servers.gunicorn); the floor (bench/floor_app.py) answers the bytes and headers "
        "the site answered for the page, per Accept-Encoding; stock coupled Wagtail = "
        "`wagtail start stock_site` (the project template's production settings: DEBUG off, "
        "SQLite, no cache) with a content page type as Wagtail's tutorial writes one (heading, "
        "rich-text introduction, StreamField of headings, paragraphs and lists) holding the "
        "CranioSacral page's text from our API; its page has no header, navigation, footer, "
        "image or JSON-LD, so it is smaller than ours",
        f"i. first view after a publish: bench.publisher publishes a new heading, the bench "
        f"waits {view['wait_after_publish_s']:g} s from publish()'s return, then times one GET "
        "(new connection, Accept-Encoding: gzip, br) to the end of the body; X-Page-Cache of "
        "those answers: "
        + ", ".join(str(v["x_page_cache"]) for v in view["views"])
        + "; purge delivered, s after publish() returned (negative: before, on commit): "
        + ", ".join(
            "n/a"
            if v["purge_delivered_after_publish_s"] is None
            else f"{v['purge_delivered_after_publish_s']:.2f}"
            for v in view["views"]
        ),
    ]
    after = {variant: run.get("x_page_cache_after") for variant, run in runs["ours"].items()}
    notes.append(
        "i. ours warm: X-Page-Cache before the load "
        + ", ".join(f"{v} {a['x_page_cache']}" for v, a in site["answers"]["ours"].items())
        + "; after it "
        + ", ".join(f"{v} {cache}" for v, cache in after.items())
    )
    if proxy.get("not_measured"):
        notes.append(f"i. behind the proxy: NOT MEASURED: {proxy['not_measured']}")
    else:
        notes.append(
            f"i. behind the proxy: Debian's nginx ({proxy['nginx_workers']} worker) with "
            "deploy/nginx/site.conf.template (deploy/nginx_config.py), upstream the site; "
            "the static baseline is the same configuration whose page-files folder holds the "
            "same bytes, written by the bench; the site wrote its page file: "
            + ("yes" if proxy["site_wrote_the_page_file"] else "NO (so nginx asked the site)")
        )
    return notes


def admin_rows(results: dict) -> list[tuple[str, str, str, str, str]]:
    """g. publishing in the admin with Chromium; h. scheduled go-live lag."""
    table = []
    admin = results.get("admin_publish")
    if admin and admin.get("skipped"):
        table.append(("g. admin publish (Chromium)", "skipped", "-", "-", "skipped"))
    elif admin:
        ours, stock, ratio = admin["ours_post"], admin["stock_post"], admin["ratio_p50"]
        failed = "" if admin["all_published"] else f" ({len(admin['failed'])} failed)"
        table.append(
            (
                f"g. admin publish POST vs stock coupled Wagtail admin (n={ours['count']}; "
                "p50 / p95)",
                _p50_p95(ours) + failed,
                _p50_p95(stock),
                f"ours p50 <= {admin['ratio_goal']:g} x stock",
                "n/a"
                if ratio is None
                else f"{ratio:.2f}x stock: " + budget(ratio <= admin["ratio_goal"]),
            )
        )
        table.append(
            (
                "g. admin publish click -> next admin page loaded (p50 / p95; bench's clock)",
                _p50_p95(admin["ours_click_to_next_page"]),
                _p50_p95(admin["stock_click_to_next_page"]),
                "-",
                "info",
            )
        )
        visible = admin["visible"]
        missing = f" ({visible['not_visible']} never shown)" if visible["not_visible"] else ""
        table.append(
            (
                f"g. admin publish click -> visible on the site (n={visible['count']}; p50 / p95)",
                _p50_p95(visible) + missing,
                "-",
                f"p95 <= {admin['visible_budget_s']:g} s",
                budget(
                    not visible["not_visible"]
                    and visible["p95_s"] is not None
                    and visible["p95_s"] <= admin["visible_budget_s"]
                ),
            )
        )
        after = admin.get("ours_after_post_start")
        if after:
            tasks = "/".join(str(count) for count in after["tasks_per_publish"]) or "0"
            table.append(
                (
                    "g. ours, from POST start: site purge delivered; worker done with the "
                    f"{tasks} queued tasks (p50 / p95)",
                    f"{_p50_p95(after['purge_delivered'])}; {_p50_p95(after['queued_tasks_done'])}",
                    "-",
                    "-",
                    "info",
                )
            )
    timed = results.get("scheduled")
    if timed:
        lags = timed["lags_s"]
        shown = (
            ", ".join(
                f"{sample['lag_s']:.2f} s (at {sample['go_live_after_round_end_s']:.1f})"
                for sample in timed["samples"]
                if sample["lag_s"] is not None
            )
            or "never"
        )
        table.append(
            (
                f"h. scheduled go-live -> visible ({len(timed['samples'])} samples; worker's "
                f"scheduler every {timed['scheduler_interval_s']:g} s; at = go-live, s after a "
                "round)",
                shown + ("" if timed["all_visible"] else " (see notes)"),
                "-",
                f"<= {timed['bound_s']:g} s (interval + 1 s)",
                budget(timed["all_visible"] and max(lags) <= timed["bound_s"]),
            )
        )
    return table


def _p50_p95(summary: dict) -> str:
    if not summary.get("count"):
        return "n/a"
    return f"{summary['p50_s'] * 1000:.0f} / {summary['p95_s'] * 1000:.0f} ms"


def _trials(trials: list) -> str:
    return f"{len(trials)} trial" + ("" if len(trials) == 1 else "s")


def _seconds(values: list[float]) -> str:
    if not values:
        return "n/a"
    ordered = sorted(values)
    return (
        f"median {ordered[len(ordered) // 2]:.3f} s, max {ordered[-1]:.3f} s "
        f"({', '.join(f'{v:.2f}' for v in values)})"
    )


def _memory(found: dict | None) -> str:
    if not found or not found["processes"]:
        return "n/a"
    pss = f"{found['pss_mib']:.0f}" if found["pss_mib"] is not None else "n/a"
    return f"{found['rss_mib']:.0f} MiB; {pss} MiB ({found['processes']} processes)"


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
