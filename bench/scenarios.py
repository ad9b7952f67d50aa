"""The measurements: each function takes the running `Stack` and returns plain data.

Request counts and time limits are small constants here, chosen so that the whole run stays
under about four minutes on a 2-core machine; every loop is bounded in count and in time.
The benchmark's own client threads share those cores with the servers, so the concurrent
figures are those of server and client together on one machine.
"""

import hashlib
import hmac
import json
import queue
import re
import threading
import time
from urllib.parse import quote

import requests

from bench import load
from bench.load import Hit, timed_get
from bench.publisher import Client
from bench.stack import CRANIOSACRAL_PATH, Stack

THREADS = 8
PAGES = {
    "home": "/",
    "services": "/services/",
    "CranioSacral": CRANIOSACRAL_PATH,
    "FAQ": "/faq/",
    "about": "/about/",
    "contact": "/contact/",
    "search": "/search/?q=massage",
}
HTML_BUDGET_BYTES = 50 * 1024
PUBLISH_BUDGET_SECONDS = 1.0
PUBLISH_TRIALS = 5
PUBLISH_WAIT_SECONDS = 10.0
POLL_SECONDS = 0.05
UNAVAILABLE_BUDGET_SECONDS = 5.0
RETRY_MARK_SECONDS = 5.5  # the frontend's CMS_API_RETRY_SECONDS (5) and a margin


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
        for name, result in load.interleaved(kinds, count, limit).items()
    }
    for name, (request, prepare) in kinds.items():
        if prepare is None:
            found[name]["concurrent"] = load.concurrent(
                request, concurrent_count or count, THREADS, limit
            ).summary()
    return found


def warm_up(request, times: int = 10) -> None:
    """A few untimed requests (each gunicorn worker loads code and fills caches on first use)."""
    with requests.Session() as session:
        for _ in range(times):
            request(session)


class CacheMissPaths:
    """Spellings of one path that the API has never been asked for.

    The API's response cache is keyed on the request's full path as sent, so percent-encoding
    a different set of letters each time (`%63raniosacral` is still `craniosacral`) makes each
    request a cache miss with the same answer: the cost of every first request after a
    content change, when the content generation has moved on.
    """

    def __init__(self, path: str):
        self.path = path
        self.letters = [index for index, char in enumerate(path) if char.isalpha()]
        self.counter = 0
        self.lock = threading.Lock()

    def next(self) -> str:
        with self.lock:
            self.counter += 1
            bits = self.counter
        chars = list(self.path)
        for position, index in enumerate(self.letters):
            if bits >> position & 1:
                chars[index] = f"%{ord(chars[index]):02X}"
        return "".join(chars)


def api(stack: Stack) -> dict:
    """API page detail of the CranioSacral page: ours warm/cold, stock baselines, 304s."""
    headers = {"X-CMS-Client-Key": stack.client_key}
    base = stack.backend.url + "/api/v2/pages/find/?html_path="
    url = base + CRANIOSACRAL_PATH
    first = requests.get(url, headers=headers, timeout=load.TIMEOUT)
    first.raise_for_status()
    page_id, etag = first.json()["id"], first.headers.get("ETag", "")
    stock_url = f"{stack.stock.url}/api/v2/pages/{page_id}/?fields=*"
    stock_fields_url = f"{stack.stock.url}/api/v2/pages-our-fields/{page_id}/?fields=*"

    def ours(session):
        return timed_get(session, url, headers=headers)

    misses = CacheMissPaths(CRANIOSACRAL_PATH)

    def ours_cold(session):
        return timed_get(session, base + misses.next(), headers=headers)

    def stock(session):
        return timed_get(session, stock_url)

    def stock_fields(session):
        return timed_get(session, stock_fields_url)

    def revalidate(session):
        return timed_get(session, url, headers={**headers, "If-None-Match": etag})

    for request in (ours, stock, stock_fields):
        warm_up(request)
    results = {
        "page_id": page_id,
        "urls": {
            "ours": url,
            "stock": stock_url,
            "stock_with_our_fields": stock_fields_url,
        },
        **compare({"ours_warm": ours, "revalidate_304": revalidate, "stock": stock}, 100, 30),
        **compare({"ours_cold": ours_cold, "stock_with_our_fields": stock_fields}, 40, 25),
    }
    results["transfer"] = {
        "full_200": transfer_size(url, headers),
        "not_modified_304": transfer_size(url, {**headers, "If-None-Match": etag}),
        "stock_200": transfer_size(stock_url, {}),
    }
    return results


def transfer_size(url: str, headers: dict) -> dict:
    """Status, body bytes and (approximate) header bytes of one answer, as sent on the wire.

    The request accepts gzip, as browsers and HTTP libraries do.
    """
    response = requests.get(
        url, headers={"Accept-Encoding": "gzip", **headers}, timeout=load.TIMEOUT
    )
    head = len(f"HTTP/1.1 {response.status_code} {response.reason}\r\n") + 2
    head += sum(len(name) + len(value) + 4 for name, value in response.raw.headers.items())
    body = int(response.headers.get("Content-Length", len(response.content)))
    return {
        "status": response.status_code,
        "content_encoding": response.headers.get("Content-Encoding", "identity"),
        "body_bytes": body,
        "header_bytes": head,
        "total_bytes": head + body,
    }


def purger(stack: Stack, server_url: str):
    """A function that purges a frontend's page cache as the CMS does: a POST signed with
    its time of sending (the site refuses a signature over five minutes old)."""
    body = json.dumps({"event": "bench_purge", "object": {}, "paths": []}).encode()
    secret = stack.webhook_secret.encode()
    session = requests.Session()

    def purge() -> None:
        timestamp = int(time.time())
        signed = f"{timestamp}.".encode() + body
        signature = "sha256=" + hmac.new(secret, signed, hashlib.sha256).hexdigest()
        answer = session.post(
            server_url + "/_cms/purge/",
            data=body,
            headers={
                "Content-Type": "application/json",
                "X-CMS-Timestamp": str(timestamp),
                "X-CMS-Signature": signature,
            },
            timeout=load.TIMEOUT,
        )
        if answer.status_code != 204:
            raise RuntimeError(f"purge answered {answer.status_code}: {answer.text[:200]}")

    return purge


def frontend(stack: Stack) -> dict:
    """The CranioSacral page from the site: warm, cold after a purge, and without page cache."""
    url = stack.frontend.url + CRANIOSACRAL_PATH
    nocache_url = stack.frontend_nocache.url + CRANIOSACRAL_PATH
    purge = purger(stack, stack.frontend.url)

    def page(session):
        return timed_get(session, url)

    def nocache(session):
        return timed_get(session, nocache_url)

    warm_up(page)
    warm_up(nocache)
    results = {
        "urls": {"ours": url, "no_page_cache": nocache_url},
        **compare({"warm": page, "no_page_cache": nocache, "cold": (page, purge)}, 60, 30),
    }
    results["cold"]["concurrent"] = load.bursts(page, 6, THREADS, 20, prepare=purge).summary()
    return results


def sizes(stack: Stack) -> dict:
    """HTML bytes of each page type (against the budget), and the CSS and JS the pages load."""
    found = {}
    with requests.Session() as session:
        for name, path in PAGES.items():
            response = session.get(stack.frontend.url + path, timeout=load.TIMEOUT)
            found[name] = {
                "path": path,
                "status": response.status_code,
                "html_bytes": len(response.content),
                "within_budget": len(response.content) <= HTML_BUDGET_BYTES,
            }
        home = session.get(stack.frontend.url + "/", timeout=load.TIMEOUT).text
        assets = {}
        for kind, pattern in (
            ("css", r'<link rel="stylesheet" href="([^"]+)"'),
            ("js", r'<script src="([^"]+)"'),
        ):
            match = re.search(pattern, home)
            if not match:
                assets[kind] = None
                continue
            asset_url = stack.frontend.url + match.group(1)
            plain = session.get(
                asset_url, headers={"Accept-Encoding": "identity"}, timeout=load.TIMEOUT
            )
            packed = session.get(
                asset_url, headers={"Accept-Encoding": "gzip"}, timeout=load.TIMEOUT, stream=True
            )
            packed.close()
            assets[kind] = {
                "url": match.group(1),
                "bytes": len(plain.content),
                "gzip_bytes": int(packed.headers.get("Content-Length", 0)) or None,
                "cache_control": plain.headers.get("Cache-Control", ""),
            }
    return {"pages": found, "assets": assets, "budget_bytes": HTML_BUDGET_BYTES}


def _read_line(lines: "queue.Queue[str | None]", timeout: float) -> dict:
    try:
        line = lines.get(timeout=timeout)
    except queue.Empty:
        raise RuntimeError(f"the publisher said nothing for {timeout:.0f} s") from None
    if line is None:
        raise RuntimeError("the publisher exited")
    return json.loads(line)


def publish(stack: Stack) -> dict:
    """Publish-to-visible: publish in another process, poll the site until the change shows."""
    process = stack.start_publisher()
    lines: queue.Queue[str | None] = queue.Queue()

    def pump() -> None:
        for line in process.stdout:
            lines.put(line)
        lines.put(None)

    threading.Thread(target=pump, daemon=True).start()
    _read_line(lines, 60)  # {"ready": true} once Django is set up
    url = stack.frontend.url + CRANIOSACRAL_PATH
    trials, notes = [], []
    with requests.Session() as session:
        timed_get(session, url)  # the page is in the site's cache before each publish
        for number in range(1, PUBLISH_TRIALS + 1):
            marker = f"bench-{stack.run_id}-{number}"
            process.stdin.write(
                json.dumps({"cmd": "publish", "slug": "craniosacral-massage", "marker": marker})
                + "\n"
            )
            process.stdin.flush()
            # Poll from now on, while the other process publishes: the change may show
            # before its publish() call has even returned.
            seen_at, polls = None, 0
            deadline = time.time() + PUBLISH_WAIT_SECONDS
            while time.time() < deadline:
                polls += 1
                hit = timed_get(session, url, keep_text=True)
                if marker in hit.text:
                    seen_at = time.time()
                    break
                time.sleep(POLL_SECONDS)
            times = _read_line(lines, 30)
            delivery = _read_line(lines, 30).get("delivery")
            trial = {
                "marker": marker,
                "publish_call_s": round(times["published"] - times["started"], 3),
                "purge_delivered_s": round(delivery["finished"] - times["started"], 3)
                if delivery
                else None,
                "delivery": delivery,
                "visible_s": round(seen_at - times["started"], 3) if seen_at else None,
                "polls": polls,
            }
            trials.append(trial)
            if seen_at is None:
                trial["diagnosis"] = diagnose_stale(stack, marker)
                notes.append(
                    f"trial {number}: the change was not on the site after "
                    f"{PUBLISH_WAIT_SECONDS:.0f} s; {trial['diagnosis']}; "
                    "the remaining trials were skipped"
                )
                notes.append(
                    "the backend's processes share one cache (Redis with REDIS_URL, else files "
                    "in CACHE_DIR): a publish in any process should move the content "
                    "generation for all; see the backend's and the publisher's logs"
                )
                break
            time.sleep(0.3)
            timed_get(session, url)  # re-cache the new version before the next publish
    process.stdin.write(json.dumps({"cmd": "quit"}) + "\n")
    process.stdin.flush()
    process.wait(timeout=30)
    visible = [trial["visible_s"] for trial in trials if trial["visible_s"] is not None]
    return {
        "trials": trials,
        "visible_s": visible,
        "all_visible": len(visible) == PUBLISH_TRIALS,
        "within_budget": sum(value <= PUBLISH_BUDGET_SECONDS for value in visible),
        "median_visible_s": sorted(visible)[len(visible) // 2] if visible else None,
        "max_visible_s": max(visible) if visible else None,
        "budget_s": PUBLISH_BUDGET_SECONDS,
        "notes": notes,
    }


def diagnose_stale(stack: Stack, marker: str) -> str:
    """Why a published change did not show: ask the API as the site does, and uncached."""
    headers = {"X-CMS-Client-Key": stack.client_key}
    base = stack.backend.url + "/api/v2/pages/find/?html_path="
    as_site = base + quote(CRANIOSACRAL_PATH, safe="")  # what the site's client sends
    misses = CacheMissPaths(CRANIOSACRAL_PATH)
    misses.counter = 1 << 20  # spellings that the API measurements did not use
    seen = {"site": 0, "uncached": 0}
    with requests.Session() as session:
        for _ in range(4):  # both workers, most likely
            seen["site"] += marker in load.send_raw(session, as_site, headers=headers).text
            uncached = base + misses.next()
            seen["uncached"] += marker in load.send_raw(session, uncached, headers=headers).text
    return (
        f"the API had the change in {seen['site']}/4 answers to the URL the site asks for "
        f"and in {seen['uncached']}/4 answers to never-asked spellings of it (uncached), so "
        "the API kept serving its cached copy"
        if seen["uncached"] > seen["site"]
        else f"the API had the change in {seen['site']}/4 answers to the site's URL and "
        f"{seen['uncached']}/4 uncached answers"
    )


def memory(stack: Stack) -> dict:
    """Resident memory of each running server (master + workers) after the load."""
    return {server.name: server.memory() for server in stack.servers if server.running()}


def resilience(stack: Stack) -> dict:
    """The site while the API is hung (SIGSTOP), then while it is stopped.

    Each request follows a purge of the site's fresh copies, and comes after the site's
    "API is down" mark (CMS_API_RETRY_SECONDS, 5 s) has run out: the site has to find out for
    itself, which is the slowest case. A page seen before should come from its last good
    copy; a page never seen should be a quick 503.
    """
    purge = purger(stack, stack.frontend.url)
    urls = {
        "seen": stack.frontend.url + CRANIOSACRAL_PATH,
        "unseen": stack.frontend.url + f"/services/never-seen-{stack.run_id}/",
    }
    results = {"hung": {}, "stopped": {}, "unseen_budget_s": UNAVAILABLE_BUDGET_SECONDS}
    with requests.Session() as session:

        def ask(state: str, kind: str, then_wait: bool = True) -> None:
            purge()
            results[state][kind] = _outcome(timed_get(session, urls[kind], keep_text=True))
            if then_wait:
                time.sleep(RETRY_MARK_SECONDS)

        stack.backend.freeze()
        try:
            ask("hung", "seen")
            ask("hung", "unseen")
        finally:
            stack.backend.thaw()
        stack.backend.stop()
        ask("stopped", "seen")
        ask("stopped", "unseen", then_wait=False)
    return results


def _outcome(hit: Hit) -> dict:
    return {
        "status": hit.status,
        "seconds": round(hit.seconds, 3),
        "shows_page": "CranioSacral" in hit.text,
    }


SCHEDULE_SAMPLES = 3
SCHEDULE_DELAY_SECONDS = 2.0


def admin_publish(stack: Stack) -> dict:
    """Publish in the admin with Chromium, ours vs stock coupled Wagtail (bench.admin_publish)."""
    from bench import admin_publish as browser

    return browser.measure(stack)


def scheduled(stack: Stack) -> dict:
    """Scheduled go-live: a revision approved to go live in 2 s, published by the worker.

    A separate process (bench.publisher, with the backend's environment) saves a revision of
    the CranioSacral page with a new heading and approved_go_live_at = now + 2 s, unpublished;
    the site is then polled from that moment until it shows the heading. The task worker's
    scheduler publishes it on its next round, so the lag is bounded by its interval.

    The lag depends on where the go-live moment falls between two rounds, so the samples are
    not left to chance (taken one after another, they would all fall at the same point of
    the cycle): sample k is saved so that its go-live falls (k + 0.5) / SCHEDULE_SAMPLES of
    an interval after the end of a round (the worker's heartbeat file is touched then).
    """
    publisher = Client(stack.start_publisher("publisher-scheduled.log"))
    url = stack.frontend.url + CRANIOSACRAL_PATH
    interval = float(stack.worker.env["SCHEDULER_INTERVAL_SECONDS"])
    wait = SCHEDULE_DELAY_SECONDS + 2 * interval + PUBLISH_WAIT_SECONDS
    samples = []
    with requests.Session() as session:
        timed_get(session, url)
        for number in range(1, SCHEDULE_SAMPLES + 1):
            marker = f"scheduled-{stack.run_id}-{number}"
            round_ended = stack.worker.heartbeat.stat().st_mtime
            target = round_ended + (number - 0.5) / SCHEDULE_SAMPLES * interval
            while target < time.time() + SCHEDULE_DELAY_SECONDS + 0.1:
                target += interval
            time.sleep(target - SCHEDULE_DELAY_SECONDS - time.time())
            publisher.ask(
                cmd="schedule", slug="craniosacral-massage", marker=marker,
                delay=SCHEDULE_DELAY_SECONDS,
            )  # fmt: skip
            saved = publisher.read()
            go_live = saved["go_live_at"]
            after_round = (go_live - round_ended) % interval
            early, seen_at = False, None
            deadline = go_live + wait
            while time.time() < deadline:
                hit = timed_get(session, url, keep_text=True)
                if marker in hit.text:
                    seen_at = time.time()
                    early = seen_at < go_live
                    break
                time.sleep(POLL_SECONDS)
            publisher.ask(
                cmd="outcome", slug="craniosacral-massage", after_delivery=saved["after_delivery"]
            )
            outcome = publisher.read()
            published = outcome["published_at"]
            samples.append(
                {
                    "marker": marker,
                    "go_live_after_round_end_s": round(after_round, 3),
                    "lag_s": round(seen_at - go_live, 3) if seen_at else None,
                    "published_after_go_live_s": round(published - go_live, 3)
                    if published and seen_at
                    else None,
                    "visible_after_published_s": round(seen_at - published, 3)
                    if published and seen_at
                    else None,
                    "shown_before_go_live": early,
                    "delivery": outcome["delivery"],
                }
            )
            if seen_at is None:
                break
    publisher.quit()
    lags = [sample["lag_s"] for sample in samples if sample["lag_s"] is not None]
    return {
        "samples": samples,
        "lags_s": lags,
        "all_visible": len(lags) == SCHEDULE_SAMPLES,
        "scheduler_interval_s": interval,
        "go_live_delay_s": SCHEDULE_DELAY_SECONDS,
        "bound_s": interval + PUBLISH_BUDGET_SECONDS,
        "wait_s": wait,
    }
