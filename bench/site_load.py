"""Step i: the site's page under wrk against its anchors, the first view after a publish, and
the memory of each site worker.

The CranioSacral page, 8 connections, with `Accept-Encoding: gzip, br` and without, each
contestant under the same gunicorn configuration (bench.servers.gunicorn: 2 sync workers):

- `floor`: bench.floor_app answering the bytes and headers the site sent for that page;
- `ours`: the site with the page in its cache (warm);
- `stock`: a stock coupled Wagtail site serving the same text (bench.stock_site).

Contestants take turns within each encoding, so that they share the machine's moments alike.
Then the memory (PSS) of each of the site's workers, the first view after each of
FIRST_VIEWS publishes, and last the proxy rows (bench.proxy_load). `targets` says which of
the issue's targets hold.
"""

import statistics
import time

import requests

from bench import floor_app, load, proxy_load, stock_site, wrk
from bench.publisher import Client
from bench.stack import CRANIOSACRAL_PATH, Stack

# Each variant's Accept-Encoding ("": none sent).
VARIANTS = {"identity": "", "gzip, br": "gzip, br"}
WARM_UP_REQUESTS = 8
FIRST_VIEWS = 7
PURGE_BUDGET_SECONDS = 1.0  # from the publish's return to the first view
GOALS = {
    "ours_over_floor": 0.5,
    "ours_over_stock": 10.0,
    "proxy_over_static": 0.5,
    "first_view_median_ms": 50.0,
    "p99_over_p50": 4.0,
    "worker_pss_mib": 80.0,
}


def site(stack: Stack) -> dict:
    """Every figure of the step (see the module); the servers it started are stopped after."""
    missing = wrk.available()
    if missing:
        raise RuntimeError(missing)
    ours_url = stack.frontend.url + CRANIOSACRAL_PATH
    for accept in VARIANTS.values():
        warm_up(ours_url, accept)
    answers = {variant: floor_app.fetch(ours_url, accept) for variant, accept in VARIANTS.items()}
    for variant, answer in answers.items():
        if not answer.status.startswith("200"):
            raise RuntimeError(f"the site answered {answer.status} to the page ({variant})")
    floor_app.record(stack.floor_answers, {VARIANTS[v]: answer for v, answer in answers.items()})
    stock_path = add_stock_page(stack)
    results: dict = {"path": CRANIOSACRAL_PATH, "stock_path": stock_path}
    try:
        for server in (stack.floor, stack.stock_site):
            server.start()
        for server in (stack.floor, stack.stock_site):
            server.wait_healthy()
        urls = {
            "floor": stack.floor.url + CRANIOSACRAL_PATH,
            "ours": ours_url,
            "stock": stack.stock_site.url + stock_path,
        }
        results["answers"] = {
            name: {variant: described(url, accept) for variant, accept in VARIANTS.items()}
            for name, url in urls.items()
        }
        results["runs"] = runs(stack, urls)
        results["memory"] = stack.frontend.memory()
        results["first_view"] = first_views(stack, ours_url)
    finally:
        stack.floor.stop()
        stack.stock_site.stop()
    results["proxy"] = proxy_load.measure(stack, answers, VARIANTS)
    results["targets"] = targets(results)
    return results


def warm_up(url: str, accept: str) -> None:
    """Untimed requests: each worker loads its code, the page goes into the caches."""
    with requests.Session() as session:
        for _ in range(WARM_UP_REQUESTS):
            # requests sends its own Accept-Encoding unless told; None leaves it out.
            session.get(url, headers={"Accept-Encoding": accept or None}, timeout=load.TIMEOUT)


def add_stock_page(stack: Stack) -> str:
    """Our page's text from our API, published in the stock site; its path there."""
    answer = requests.get(
        stack.backend.url + "/api/v2/pages/find/?html_path=" + CRANIOSACRAL_PATH,
        headers={"X-CMS-Client-Key": stack.client_key},
        timeout=load.TIMEOUT,
    )
    answer.raise_for_status()
    page = answer.json()
    parent = page["meta"]["parent"]
    content = stock_site.page_content(page, [(parent["meta"]["path"].strip("/"), parent["title"])])
    return stock_site.add_page(stack.stock_site_dir, stack.stock_site.env, content)


def described(url: str, accept: str) -> dict:
    """Status, body bytes and content coding of one answer (as sent), and the page cache's
    word on it when there is one."""
    answer = floor_app.fetch(url, accept)
    found = {name.lower(): value for name, value in answer.headers}
    return {
        "status": answer.status,
        "body_bytes": len(answer.body),
        "content_encoding": found.get("content-encoding", "identity"),
        "x_page_cache": found.get("x-page-cache"),
    }


def runs(stack: Stack, urls: dict[str, str]) -> dict:
    """{contestant: {variant: wrk figures}}: for each encoding, the contestants in turn."""
    found: dict = {name: {} for name in urls}
    for variant, accept in VARIANTS.items():
        for name, url in urls.items():
            warm_up(url, accept)
            log = stack.logs / f"wrk-{name}-{variant.replace(', ', '-')}.log"
            found[name][variant] = wrk.run(url, accept, stack.load_seconds, log)
            if name == "ours":  # still served from the cache after the load?
                found[name][variant]["x_page_cache_after"] = described(url, accept)["x_page_cache"]
    return found


def first_views(stack: Stack, url: str) -> dict:
    """FIRST_VIEWS times: publish a new heading (bench.publisher, the backend's environment),
    wait PURGE_BUDGET_SECONDS from the publish's return, then time one GET of the page on a
    new connection, as a visitor's first view; did it show the new heading?"""
    publisher = Client(stack.start_publisher("publisher-first-view.log"))
    views = []
    try:
        for number in range(1, FIRST_VIEWS + 1):
            marker = f"first-view-{stack.run_id}-{number}"
            publisher.ask(cmd="publish", slug="craniosacral-massage", marker=marker)
            times = publisher.read()
            time.sleep(max(0.0, times["published"] + PURGE_BUDGET_SECONDS - time.time()))
            started = time.perf_counter()
            answer = requests.get(
                url, headers={"Accept-Encoding": "gzip, br"}, timeout=load.TIMEOUT
            )
            text = answer.text
            seconds = time.perf_counter() - started
            delivery = publisher.read().get("delivery")
            views.append(
                {
                    "marker": marker,
                    "ms": round(seconds * 1000, 1),
                    "status": answer.status_code,
                    "shows_new_content": marker in text,
                    "x_page_cache": answer.headers.get("X-Page-Cache"),
                    "purge_delivered_after_publish_s": round(
                        delivery["finished"] - times["published"], 3
                    )
                    if delivery
                    else None,
                    "purge_status": delivery["status_code"] if delivery else None,
                }
            )
    finally:
        publisher.quit()
    times_ms = sorted(view["ms"] for view in views)
    return {
        "views": views,
        "wait_after_publish_s": PURGE_BUDGET_SECONDS,
        "median_ms": statistics.median(times_ms),
        "max_ms": times_ms[-1],
        "showing_new_content": sum(view["shows_new_content"] for view in views),
        "count": len(views),
    }


def targets(results: dict) -> dict[str, dict]:
    """The issue's targets, by key: {"target", "value", "met"} (met None: not measured)."""
    found: dict[str, dict] = {}
    runs_, proxy = results["runs"], results["proxy"]
    measured = not proxy.get("not_measured")
    pairs = {
        "ours_over_floor": (runs_["ours"], runs_["floor"], "the floor's"),
        "ours_over_stock": (runs_["ours"], runs_["stock"], "stock coupled Wagtail's"),
        "proxy_over_static": (
            (proxy["runs"]["ours"], proxy["runs"]["static"], "static's")
            if measured
            else (None, None, "static's")
        ),
    }
    for key, (ours, baseline, name) in pairs.items():
        goal = GOALS[key]
        for variant in VARIANTS:
            target = f"req/s >= {_ratio(goal, goal)}{' of' if goal < 1 else ''} {name} ({variant})"
            if ours is None:
                found[f"{key}:{variant}"] = {
                    "target": target,
                    "value": f"not measured: {proxy['not_measured']}",
                    "met": None,
                }
                continue
            value = ours[variant]["requests_per_second"] / baseline[variant]["requests_per_second"]
            found[f"{key}:{variant}"] = {
                "target": target,
                "value": _ratio(value, goal),
                "met": value >= goal,
            }
    view = results["first_view"]
    found["first_view"] = {
        "target": f"first view after a publish: median <= {GOALS['first_view_median_ms']:g} ms, "
        "showing the new content",
        "value": f"median {view['median_ms']:.1f} ms, max {view['max_ms']:.1f} ms; "
        f"{view['showing_new_content']}/{view['count']} show it",
        "met": view["median_ms"] <= GOALS["first_view_median_ms"]
        and view["showing_new_content"] == view["count"],
    }
    # The site's own tail; behind nginx, p50 is a fraction of a millisecond and p99 mostly
    # what the shared machine's scheduler adds (the static baseline shows the same).
    site_runs = {f"ours {variant}": runs_["ours"][variant] for variant in VARIANTS}
    found["p99_over_p50"] = {
        "target": f"p99 <= {GOALS['p99_over_p50']:g}x p50 under 8 connections (the site's page)",
        "value": ", ".join(f"{name} {run['p99_over_p50']:.1f}x" for name, run in site_runs.items()),
        "met": all(run["p99_over_p50"] <= GOALS["p99_over_p50"] for run in site_runs.values()),
    }
    ours_runs = dict(site_runs)
    if measured:
        ours_runs |= {f"proxy {variant}": proxy["runs"]["ours"][variant] for variant in VARIANTS}
    found["errors"] = {
        "target": "no errors under load (non-2xx answers, socket errors; ours, behind the proxy)",
        "value": ", ".join(f"{name} {run['errors']}" for name, run in ours_runs.items()),
        "met": not any(run["errors"] for run in ours_runs.values()),
    }
    workers = [p["pss_mib"] for p in results["memory"]["per_process"] if p["role"] == "worker"]
    measured = bool(workers) and None not in workers
    found["worker_pss"] = {
        "target": f"PSS of each site worker after the load <= {GOALS['worker_pss_mib']:g} MiB",
        "value": ", ".join("n/a" if pss is None else f"{pss:.0f}" for pss in workers) + " MiB",
        "met": max(workers) <= GOALS["worker_pss_mib"] if measured else None,
    }
    return found


def _ratio(value: float, goal: float) -> str:
    """A share of a faster anchor as a percentage (goal below 1: '49.6%'), a multiple of a
    slower one as such ('12.3x')."""
    shown = f"{value:.1%}" if goal < 1 else f"{value:.1f}x"
    return shown.replace(".0%", "%").replace(".0x", "x")
