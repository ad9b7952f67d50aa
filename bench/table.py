"""The table of figures: one row per measurement, in the order of the brief.

The rows of step i (bench.site_load_report), of the publishing steps d, g and h
(bench.publish_report) and of step j (bench.scale_report) come from their own modules; this
one holds a, b, c, e and f.
"""

from bench import publish_report, scale_report, site_load_report
from bench.cells import budget, faster, kib, latency, wrk_figures


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
        table += floor_rows(api["under_load"], results["config"]["wrk"])
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
                "a. API detail, cold (cache miss) vs stock Wagtail's default detail "
                "(sequential, taking turns)",
                latency(api["ours_cold"]["sequential"]),
                latency(api["stock_beside_cold"]["sequential"]),
                f"p50 <= {scale_report.STOCK_LIMIT:g}x stock",
                scale_report.ratio(
                    api["ours_cold"]["sequential"],
                    api["stock_beside_cold"]["sequential"],
                    "median_ms",
                    scale_report.STOCK_LIMIT,
                ),
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
    table += site_load_report.site_rows(results)
    table += publish_report.publish_rows(results)
    table += scale_report.scale_rows(results)
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
        stack = memory.get("stack")
        if stack:
            table.append(
                (
                    f"e. backend + site + task worker PSS after load <= {stack['budget_mib']} MiB",
                    _stack(stack),
                    "-",
                    f"<= {stack['budget_mib']} MiB",
                    budget(stack["within_budget"]),
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


def _stack(stack: dict) -> str:
    """'412 MiB (backend 260 + site 81 + worker 71)'; 'n/a' when a part was not measured."""
    if stack["pss_mib"] is None:
        return "n/a"
    parts = stack["parts_pss_mib"]
    return (
        f"{stack['pss_mib']:.0f} MiB (backend {parts['backend']:.0f} + site "
        f"{parts['frontend']:.0f} + worker {parts['worker']:.0f})"
    )


def _memory(found: dict | None) -> str:
    if not found or not found["processes"]:
        return "n/a"
    pss = f"{found['pss_mib']:.0f}" if found["pss_mib"] is not None else "n/a"
    return f"{found['rss_mib']:.0f} MiB; {pss} MiB ({found['processes']} processes)"


def floor_rows(under_load: dict, load: dict) -> list[tuple[str, str, str, str, str]]:
    """a. our warm detail under wrk against the floor (bench.api_scenarios.against_the_floor)."""
    label = "a. API detail, warm, vs the floor (trivial WSGI app, same bytes)"
    if under_load.get("not_measured"):
        return [(label, "not measured", "not measured", "-", "n/a")]
    goal, runs = under_load["goal"], under_load["runs"]
    load_text = f"wrk {load['threads']} thread, {load['connections']} connections"
    return [
        (
            f"{label}, {variant}; {load_text}, {load['seconds']:g} s",
            wrk_figures(runs["ours"][variant]),
            wrk_figures(runs["floor"][variant]),
            f"req/s >= {goal:.0%} of the floor's",
            f"{share:.1%}: {budget(share >= goal)}",
        )
        for variant, share in under_load["share"].items()
    ]
