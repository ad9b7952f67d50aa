"""Steps a and b: the API's page detail, ours (warm and cold) vs stock Wagtail, our warm
detail under wrk against the floor, and 304s.

Each step takes the running `Stack` and returns plain data, as every bench.*_scenarios does.
"""

import threading

import requests

from bench import floor_app, load, wrk
from bench.load import compare, timed_get, warm_up
from bench.stack import CRANIOSACRAL_PATH, Stack

FLOOR_SHARE = 0.5  # the target: our warm detail's req/s >= this share of the floor's
# Each variant's Accept-Encoding ("": none sent); the API compresses with gzip alone.
WRK_VARIANTS = {"identity": "", "gzip": "gzip"}


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
        # Stock's default detail again, taking turns with our cold one: the target's ratio
        # compares the two at the same moments of a machine whose load moves.
        **compare(
            {
                "ours_cold": ours_cold,
                "stock_with_our_fields": stock_fields,
                "stock_beside_cold": stock,
            },
            40,
            25,
        ),
    }
    results["under_load"] = against_the_floor(stack, url, headers)
    results["transfer"] = {
        "full_200": transfer_size(url, headers),
        "not_modified_304": transfer_size(url, {**headers, "If-None-Match": etag}),
        "stock_200": transfer_size(stock_url, {}),
    }
    return results


def against_the_floor(stack: Stack, url: str, headers: dict) -> dict:
    """Our warm detail under wrk (as the site asks for it: its client key, so not throttled)
    against the floor: bench.floor_app answering the bytes and headers our backend sent for
    it, per Accept-Encoding, under the backend's gunicorn command. The two take turns within
    each encoding. {"runs": {"ours"|"floor": {variant: wrk figures}}, "share": {variant:
    ours' req/s over the floor's}}, or {"not_measured": why}."""
    missing = wrk.available()
    if missing:
        return {"not_measured": missing}
    answers = {accept: floor_app.fetch(url, accept) for accept in WRK_VARIANTS.values()}
    floor_app.record(stack.api_floor_answers, answers)
    floor_url = stack.api_floor.url + url.removeprefix(stack.backend.url)
    runs: dict = {"ours": {}, "floor": {}}
    stack.api_floor.start()
    try:
        stack.api_floor.wait_healthy()
        for variant, accept in WRK_VARIANTS.items():
            for name, target in (("ours", url), ("floor", floor_url)):
                log = stack.logs / f"wrk-api-{name}-{variant}.log"
                runs[name][variant] = wrk.run(target, accept, stack.load_seconds, log, headers)
    finally:
        stack.api_floor.stop()
    share = {
        variant: runs["ours"][variant]["requests_per_second"]
        / runs["floor"][variant]["requests_per_second"]
        for variant in WRK_VARIANTS
    }
    return {"runs": runs, "share": share, "goal": FLOOR_SHARE}


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
