"""Step i (bench.site_load) in the report: its rows of the table and its notes.

Its cells read, from wrk, `req/s, p50 / p99 ms (p99/p50), errors`; the budget column holds
the issue's targets.
"""

from bench.cells import budget, kib, wrk_figures


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
                    wrk_figures(runs["ours"][variant]),
                    wrk_figures(runs[baseline][variant]),
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
                f"{wrk_figures(proxy['runs']['ours'][variant])} [{source}]",
                wrk_figures(proxy["runs"]["static"][variant]),
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
