"""The publishing steps (d, g and h: `--only publish`): how soon a change shows on the site.

Publish-to-visible from a separate process, publishing in the admin with Chromium, and the
scheduled go-live lag.
"""

import json
import queue
import threading
import time
from urllib.parse import quote

import requests

from bench import load
from bench.api_scenarios import CacheMissPaths
from bench.load import timed_get
from bench.publisher import Client
from bench.stack import CRANIOSACRAL_PATH, Stack

PUBLISH_BUDGET_SECONDS = 1.0
PUBLISH_TRIALS = 5
PUBLISH_WAIT_SECONDS = 10.0
POLL_SECONDS = 0.05
SCHEDULE_SAMPLES = 3
SCHEDULE_DELAY_SECONDS = 2.0


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
        for _ in range(4):  # every worker and thread, most likely
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
