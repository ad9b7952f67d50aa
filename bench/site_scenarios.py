"""Steps c, e and f: the site's page warm, cold and without page cache, and page sizes; the
memory of every server once the load is over; the site while the API is hung and stopped.
"""

import hashlib
import hmac
import json
import re
import time

import requests

from bench import load
from bench.load import THREADS, Hit, compare, timed_get, warm_up
from bench.stack import CRANIOSACRAL_PATH, Stack

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
UNAVAILABLE_BUDGET_SECONDS = 5.0
RETRY_MARK_SECONDS = 5.5  # the frontend's CMS_API_RETRY_SECONDS (5) and a margin
# Ours after the load, PostgreSQL and Redis beside them: the whole stack fits a 1 GB server.
STACK_PARTS = ("backend", "frontend", "worker")
STACK_BUDGET_MIB = 300


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


def memory(stack: Stack) -> dict:
    """Resident memory of each running server (master + workers) after the load, and under
    `stack` the PSS of ours (backend, site, task worker) against STACK_BUDGET_MIB."""
    found = {server.name: server.memory() for server in stack.servers if server.running()}
    return {**found, "stack": stack_pss(found)}


def stack_pss(found: dict) -> dict:
    """The PSS sum of the backend, the site and the task worker (None unless all three were
    measured) and whether it fits STACK_BUDGET_MIB."""
    parts = {name: found.get(name, {}).get("pss_mib") for name in STACK_PARTS}
    total = None if None in parts.values() else round(sum(parts.values()), 1)
    return {
        "pss_mib": total,
        "parts_pss_mib": parts,
        "budget_mib": STACK_BUDGET_MIB,
        "within_budget": total is not None and total <= STACK_BUDGET_MIB,
    }


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
