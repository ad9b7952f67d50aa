"""Publishing in the Wagtail admin with a real browser: ours vs a stock coupled Wagtail admin.

Headless Chromium (Playwright), logged in to each admin, does what an editor does: open the
ServicePage's editor, type a unique marker at the start of the introduction (a Draftail
rich-text field), wait until Draftail has written it into the form, then "More actions" ->
"Publish" (should the editor's autosave have sent the change meanwhile, the publish waits
for it to be answered, and the count is recorded). After each of our publishes, the
publisher process (bench.publisher) reads from the database when the site's purge was
delivered and when the worker finished the tasks the publish queued. Requests to outside
hosts (the avatar in the admin's header, from gravatar.com) are refused, so that the figures
do not depend on the Internet. For each publish:

- the publish POST itself, from Chromium's own request timing: request start to the last
  byte of the answer (a 302 to the page explorer), not counting the page it redirects to;
- click to the next admin page loaded (the explorer the POST redirects to), by the bench's
  clock: what the editor waits for, Playwright's own overhead included;
- for our stack only, click-to-visible: from the start of that POST until the public site
  (the bench's `frontend`) answers the page with the marker, polled with a plain HTTP client
  every POLL_SECONDS.

`ours` is the backend (our admin: index updates, webhooks and emails queued for the worker,
the API cache bump and the site purge on commit); `stock` is `bench.stock_admin_settings`
(Wagtail's defaults: tasks inline, no change feed) on the same database and content model,
publishing its own copy of the page. Publishes alternate between the two (and which goes
first alternates each round), so both see the same moments of a shared machine; a poller
runs during the stock POST too (on the stock page, whose marker the site never shows), so
that both POSTs share the machine with the same polling. The first WARM_UPS rounds are
not counted.
"""

import os
import re
import threading
import time
from pathlib import Path

import requests

from bench import load
from bench.admin_setup import PASSWORD, USERNAME
from bench.publisher import Client
from bench.stack import CRANIOSACRAL_PATH, STOCK_ADMIN_PATH, Stack

CHROMIUM = Path(os.environ.get("BENCH_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
]
PUBLISHES = 10
WARM_UPS = 2
POLL_SECONDS = 0.02
VISIBLE_WAIT_SECONDS = 10.0
AUTOSAVE_WAIT_SECONDS = 10.0
RATIO_GOAL = 0.5  # our POST's median at most half the stock one's
VISIBLE_BUDGET_SECONDS = 1.0  # p95 of click-to-visible
INTRODUCTION = "[data-contentpath=introduction] [contenteditable=true]"


def unavailable() -> str | None:
    """Why the browser measurement cannot run here (None: it can)."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the playwright package is not installed in this Python"
    if not CHROMIUM.exists():
        return f"no Chromium at {CHROMIUM} (set BENCH_CHROMIUM to a Chromium binary)"
    return None


class SitePoller(threading.Thread):
    """GETs a site page every POLL_SECONDS until it shows `marker` (or until stopped)."""

    def __init__(self, url: str, marker: str, timeout: float):
        super().__init__(name="site-poller", daemon=True)
        self.url = url
        self.marker = marker
        self.deadline = time.time() + timeout
        self.stopped = threading.Event()
        self.seen_at: float | None = None  # time.time() when an answer with the marker ended
        self.polls = 0
        self.errors = 0

    def run(self) -> None:
        with requests.Session() as session:
            while not self.stopped.is_set() and time.time() < self.deadline:
                self.polls += 1
                try:
                    text = session.get(self.url, timeout=load.TIMEOUT).text
                except requests.RequestException:
                    self.errors += 1
                    text = ""
                if self.marker in text:
                    self.seen_at = time.time()
                    return
                self.stopped.wait(POLL_SECONDS)

    def finish(self, timeout: float) -> None:
        self.join(timeout)
        self.stopped.set()
        self.join(5)


class Admin:
    """One logged-in browser context on one admin, publishing one page."""

    def __init__(self, browser, name: str, base_url: str, page_id: int, site_url: str):
        self.name = name
        self.base_url = base_url
        self.edit_url = f"{base_url}/admin/pages/{page_id}/edit/"
        self.site_url = site_url
        self.context = browser.new_context()
        self.context.set_default_timeout(30_000)
        self.context.route(re.compile(r"^https?://(?!127\.0\.0\.1[:/])"), _refuse)
        self.page = self.context.new_page()
        self.autosaves_in_flight: set = set()
        self.autosaves = 0
        self.publish_answered_at: float | None = None
        self.page.on("response", self._response_received)
        self.page.on("request", self._request_sent)
        self.page.on("requestfinished", self._request_ended)
        self.page.on("requestfailed", self._request_ended)

    def _is_edit_post(self, request) -> bool:
        return request.method == "POST" and request.url.split("?")[0] == self.edit_url

    def _request_sent(self, request) -> None:
        if self._is_edit_post(request) and b"action-publish" not in (
            request.post_data_buffer or b""
        ):
            self.autosaves += 1
            self.autosaves_in_flight.add(request)

    def _response_received(self, response) -> None:
        if self.is_publish(response):
            self.publish_answered_at = time.time()

    def _request_ended(self, request) -> None:
        self.autosaves_in_flight.discard(request)

    def wait_for_autosaves(self) -> None:
        """Until no autosave of the form is waiting for its answer (at most 10 s)."""
        deadline = time.monotonic() + AUTOSAVE_WAIT_SECONDS
        while self.autosaves_in_flight and time.monotonic() < deadline:
            self.page.wait_for_timeout(20)

    def log_in(self) -> None:
        page = self.page
        page.goto(self.base_url + "/admin/login/")
        page.fill("input[name=username]", USERNAME)
        page.fill("input[name=password]", PASSWORD)
        with page.expect_navigation():
            page.get_by_role("button", name="Sign in").click()
        if not page.url.rstrip("/").endswith("/admin"):
            raise RuntimeError(
                f"{self.name}: logging in to the admin failed (still on {page.url}); "
                "the session cookie may have been refused"
            )

    def is_publish(self, response) -> bool:
        request = response.request
        return self._is_edit_post(request) and b"action-publish" in (
            request.post_data_buffer or b""
        )

    def publish(self, marker: str, poll_for_marker: bool) -> dict:
        """Edit the introduction, publish, time the POST; poll the site from the click."""
        page = self.page
        page.goto(self.edit_url)
        editor = page.locator(INTRODUCTION)
        editor.click()
        page.keyboard.press("Control+Home")
        autosaves_before = self.autosaves
        page.keyboard.type(f"{marker} ")
        # Draftail writes the field's form value a moment after the last keystroke.
        page.wait_for_function(
            "([name, marker]) => document.querySelector(`[name=${name}]`)?.value.includes(marker)",
            arg=["introduction", marker],
        )
        page.get_by_role("button", name="More actions").click()
        button = page.locator("button[name=action-publish]")
        button.wait_for(state="visible")
        self.wait_for_autosaves()
        poller = SitePoller(self.site_url, marker, VISIBLE_WAIT_SECONDS)
        self.publish_answered_at = None
        clicked = time.time()
        poller.start()
        with page.expect_navigation(), page.expect_response(self.is_publish) as answer:
            button.click()
        response = answer.value
        response.finished()
        answered = time.time()
        timing = response.request.timing
        post_started = timing["startTime"] / 1000 if timing["startTime"] > 0 else clicked
        post_ms = timing["responseEnd"] if timing["responseEnd"] > 0 else None
        if poll_for_marker:
            poller.finish(max(0.0, post_started + VISIBLE_WAIT_SECONDS - time.time()))
        else:
            poller.stopped.set()
            poller.finish(5)
        messages = page.locator(".messages").all_inner_texts()
        published = response.status == 302 and any("published" in m for m in messages)
        result = {
            "marker": marker,
            "post_started_at": round(post_started, 3),
            "status": response.status,
            "published": published,
            "post_s": round(post_ms / 1000, 3) if post_ms is not None else None,
            "click_to_next_page_s": round(answered - clicked, 3),
            "timing_ms": {key: round(value, 1) for key, value in timing.items()},
            "autosaves": self.autosaves - autosaves_before,
            "polls": poller.polls,
            "poll_errors": poller.errors,
        }
        if post_ms is None and self.publish_answered_at:  # no timing from Chromium
            result["post_s"] = round(self.publish_answered_at - clicked, 3)
            result["post_timing"] = "wall clock from the click (Chromium gave no responseEnd)"
        if poll_for_marker:
            result["visible_s"] = (
                round(poller.seen_at - post_started, 3) if poller.seen_at is not None else None
            )
        if not published:
            result["messages"] = [m[:200] for m in messages]
        return result

    def close(self) -> None:
        self.context.close()


def after_publish(publisher: Client, started: float) -> dict:
    """What followed one of our publishes, in seconds from the start of its POST: the site's
    purge notification delivered (sent on commit, inside the POST) and the queue's tasks."""
    publisher.ask(cmd="trace", since=started - 0.01, wait=10)
    found = publisher.read(30)
    delivered = [d["finished"] for d in found["deliveries"] if d["finished"] is not None]
    tasks = found["tasks"]
    ended = [task["finished"] for task in tasks if task["finished"] is not None]
    begun = [task["started"] for task in tasks if task["started"] is not None]
    return {
        "purge_delivered_s": round(delivered[0] - started, 3) if delivered else None,
        "purge_status": found["deliveries"][0]["status_code"] if found["deliveries"] else None,
        "tasks_queued": len(tasks),
        "tasks_unfinished": len(tasks) - len(ended),
        "first_task_started_s": round(min(begun) - started, 3) if begun else None,
        "tasks_done_s": round(max(ended) - started, 3) if ended else None,
        "task_kinds": sorted({task["task"] for task in tasks}),
    }


def _refuse(route) -> None:
    route.abort()


def _summary(values: list[float]) -> dict:
    if not values:
        return {"count": 0, "p50_s": None, "p95_s": None, "max_s": None, "values_s": []}
    return {
        "count": len(values),
        "p50_s": round(_median(values), 3),
        "p95_s": round(load.percentile(values, 95), 3),
        "max_s": round(max(values), 3),
        "values_s": values,
    }


def _median(values: list[float]) -> float:
    ordered = sorted(values)
    middle = len(ordered) // 2
    return ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2


def measure(stack: Stack) -> dict:
    """WARM_UPS + PUBLISHES rounds of one publish in each admin; summaries of the counted."""
    reason = unavailable()
    if reason:
        return {"skipped": f"browser measurement skipped: {reason}"}
    from playwright.sync_api import sync_playwright

    ids = stack.page_ids
    rounds: list[dict] = []
    api_modules: set[str] = set()
    publisher = Client(stack.start_publisher("publisher-admin.log"))
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
        )
        try:
            admins = {
                "ours": Admin(
                    browser, "ours", stack.backend.url, ids["ours"],
                    stack.frontend.url + CRANIOSACRAL_PATH,
                ),
                "stock": Admin(
                    browser, "stock", stack.stock_admin.url, ids["stock"],
                    stack.frontend.url + STOCK_ADMIN_PATH,
                ),
            }  # fmt: skip
            for admin in admins.values():
                admin.log_in()
            with requests.Session() as session:  # the site has both pages cached
                for admin in admins.values():
                    session.get(admin.site_url, timeout=load.TIMEOUT)
            for number in range(WARM_UPS + PUBLISHES):
                order = ("ours", "stock") if number % 2 == 0 else ("stock", "ours")
                done = {"warm_up": number < WARM_UPS}
                for name in order:
                    marker = f"BenchMarker{name.title()}{stack.run_id}n{number}"
                    done[name] = admins[name].publish(marker, poll_for_marker=name == "ours")
                    if name == "ours":
                        done[name]["after"] = after_publish(
                            publisher, done[name]["post_started_at"]
                        )
                rounds.append(done)
            for admin in admins.values():
                admin.close()
        finally:
            browser.close()
            publisher.quit()
    with requests.Session() as session:  # every worker of the baseline, most likely
        for _ in range(4):
            answer = session.get(stack.stock_admin.url + "/_bench/api-modules", timeout=10)
            api_modules.update(answer.json()["api_modules"])
    counted = [done for done in rounds if not done["warm_up"]]
    ours_done = [done["ours"] for done in counted if done["ours"]["published"]]
    stock_done = [done["stock"] for done in counted if done["stock"]["published"]]
    ours_post = [one["post_s"] for one in ours_done]
    stock_post = [one["post_s"] for one in stock_done]
    visible = [one["visible_s"] for one in ours_done]
    shown = [value for value in visible if value is not None]
    failed = [
        f"{name} {done[name]['marker']}: HTTP {done[name]['status']}"
        for done in rounds
        for name in ("ours", "stock")
        if not done[name]["published"]
    ]
    ours, stock = _summary(ours_post), _summary(stock_post)
    ratio = round(ours["p50_s"] / stock["p50_s"], 3) if ours["p50_s"] and stock["p50_s"] else None
    seen = _summary(shown)
    afters = [one["after"] for one in ours_done]
    purged = [a["purge_delivered_s"] for a in afters if a["purge_delivered_s"] is not None]
    worked = [a["tasks_done_s"] for a in afters if a["tasks_done_s"] is not None]
    return {
        "publishes": PUBLISHES,
        "warm_ups": WARM_UPS,
        "poll_seconds": POLL_SECONDS,
        "pages": {
            "ours": {"id": ids["ours"], "site_path": CRANIOSACRAL_PATH},
            "stock": {"id": ids["stock"], "site_path": STOCK_ADMIN_PATH},
        },
        "baseline": "stock coupled Wagtail admin (bench.stock_admin_settings: "
        "ImmediateBackend tasks, no api app)",
        "ours_post": ours,
        "stock_post": stock,
        "ours_click_to_next_page": _summary([one["click_to_next_page_s"] for one in ours_done]),
        "stock_click_to_next_page": _summary([one["click_to_next_page_s"] for one in stock_done]),
        "ratio_p50": ratio,
        "ratio_goal": RATIO_GOAL,
        "visible": {**seen, "not_visible": len(visible) - len(shown)},
        "visible_budget_s": VISIBLE_BUDGET_SECONDS,
        "ours_after_post_start": {
            "purge_delivered": _summary(purged),
            "queued_tasks_done": _summary(worked),
            "tasks_per_publish": sorted({a["tasks_queued"] for a in afters}),
            "task_kinds": sorted({kind for a in afters for kind in a["task_kinds"]}),
            "purges_missing": len(afters) - len(purged),
        },
        "all_published": not failed,
        "failed": failed,
        "stock_api_modules_loaded": sorted(api_modules),
        "rounds": rounds,
    }
