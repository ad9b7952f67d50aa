"""Steps a and b: the API's page detail, ours (warm and cold) vs stock Wagtail, and 304s.

Each step takes the running `Stack` and returns plain data, as every bench.*_scenarios does.
"""

import threading

import requests

from bench import load
from bench.load import compare, timed_get, warm_up
from bench.stack import CRANIOSACRAL_PATH, Stack


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
