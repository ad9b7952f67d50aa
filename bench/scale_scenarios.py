"""Step j: the API and the site at demo size, then again once 5,000 pages are added.

Does the API's cold path stay flat as content grows? Each endpoint is measured at demo size,
then the catalogue (bench.catalogue) is written into the same stack's database and the same
requests are measured again: the pages list, a page's detail, `find/` by path, the search,
and the site's CranioSacral page, each cold and warm; and, with 5,000 pages, our cold list
against stock Wagtail's list of the same 20 services.

Cold, for the API, is a response-cache miss: the same request spelt in a way the cache has
never seen (bench.api_scenarios.CacheMissPaths over one parameter's value, which the API
decodes to the same answer); for the site, the page from the site without page cache (the
stack's `nocache` part) right after the API's content generation was bumped (untimed), so
that every API answer it asks for misses too. Warm is the same URL again (for the site, the
site with its page cache).
"""

import os
import time

import requests

from bench import load
from bench.api_scenarios import CacheMissPaths
from bench.catalogue import Catalogue
from bench.load import interleaved, timed_get, warm_up
from bench.stack import CRANIOSACRAL_PATH, Stack

ROUNDS = 40  # requests of each kind at each size: the p95 is the second slowest
API_SECONDS = 60  # time limit of each size's API loop (all its kinds, in turns)
SITE_SECONDS = 60
# What the site renders again in the background after a purge (frontend_templates.prerender).
SITE_LISTS = ("/", "/services/", "/faq/", "/sitemap.xml")
SERVICE_TYPE = "cms_pages.ServicePage"
LIST = "pages/?type={}&fields=*&limit=20"
DETAIL_PATH = "/services/swedish-massage/"  # its "More to explore" are its siblings
SEARCH_WORDS = "massage"
API_ENDPOINTS = ("list", "detail", "find", "search")


class Endpoints:
    """The measured requests of one size, as functions of a session: each API endpoint warm
    (one URL) and cold (a spelling never asked for); the site's page from the site (warm) and
    from the site without page cache (cold, once the API's cache is made stale)."""

    def __init__(self, stack: Stack, detail_id: int):
        self.api = stack.backend.url + "/api/v2/"
        self.headers = {"X-CMS-Client-Key": stack.client_key}  # as the site: not throttled
        self.site = stack.frontend.url + CRANIOSACRAL_PATH
        self.nocache = stack.frontend_nocache.url + CRANIOSACRAL_PATH
        self.urls = {
            "list": (LIST.format, SERVICE_TYPE),
            "detail": (f"pages/{detail_id}/?type={{}}".format, SERVICE_TYPE),
            "find": ("pages/find/?html_path={}".format, CRANIOSACRAL_PATH),
            "search": ("search/?q={}".format, SEARCH_WORDS),
        }
        self.misses = {name: CacheMissPaths(value) for name, (_, value) in self.urls.items()}

    def warm_url(self, name: str) -> str:
        template, value = self.urls[name]
        return self.api + template(value)

    def cold_url(self, name: str) -> str:
        return self.api + self.urls[name][0](self.misses[name].next())

    def request(self, name: str, kind: str):
        if name == "site":
            url = self.site if kind == "warm" else self.nocache
            return lambda session: timed_get(session, url)
        url = self.warm_url if kind == "warm" else self.cold_url
        return lambda session: timed_get(session, url(name), headers=self.headers)

    def check(self) -> dict:
        """Each endpoint's answer (200, and the same cold as warm), and what it counts."""
        counts = {}
        for name in self.urls:
            warm, cold = (
                requests.get(url, headers=self.headers, timeout=load.TIMEOUT)
                for url in (self.warm_url(name), self.cold_url(name))
            )
            warm.raise_for_status()
            if cold.content != warm.content:
                raise RuntimeError(f"{name}: the cold spelling answers differently")
            counts[name] = warm.json().get("meta", {}).get("total_count")
        return counts


def measure(stack: Stack, catalogue: Catalogue, stock_list: str | None = None) -> dict:
    """Every endpoint cold and warm at the database's present size (and stock's list)."""
    find = f"{stack.backend.url}/api/v2/pages/find/?html_path={DETAIL_PATH}"
    detail_id = requests.get(find, timeout=load.TIMEOUT).json()["id"]
    pages = requests.get(f"{stack.backend.url}/api/v2/pages/?limit=1", timeout=load.TIMEOUT)
    ends = Endpoints(stack, detail_id)
    found = {"pages": pages.json()["meta"]["total_count"], "counts": ends.check()}
    found["load_average_before"] = os.getloadavg()
    kinds = {
        f"{name}_{kind}": (ends.request(name, kind), None)
        for name in API_ENDPOINTS
        for kind in ("cold", "warm")
    }
    if stock_list:
        kinds["stock_list"] = (lambda session: timed_get(session, stock_list), None)
    for request, _ in kinds.values():
        warm_up(request, 4)  # code loaded in every worker; stored parts of the pages built
    sequential = interleaved(kinds, ROUNDS, API_SECONDS)
    site, nocache = ends.request("site", "warm"), ends.request("site", "cold")
    warm_up(site, 4)
    warm_up(nocache, 4)
    sequential |= interleaved(
        {"site_warm": (site, None), "site_cold": (nocache, catalogue.bump)}, ROUNDS, SITE_SECONDS
    )
    found["sequential"] = {name: result.summary() for name, result in sequential.items()}
    found["load_average_after"] = os.getloadavg()
    found["urls"] = {name: ends.warm_url(name) for name in ends.urls}
    found["urls"] |= {"site": ends.site, "site_cold": ends.nocache}
    return found


def scale(stack: Stack) -> dict:
    """Demo size, then the catalogue, then 5,000 pages more; our cold list vs stock's."""
    stock_list = stack.stock.url + "/api/v2/" + LIST.format(SERVICE_TYPE)
    with Catalogue(stack) as catalogue:
        catalogue.bump()  # nothing the API cached in the steps before is served
        demo = measure(stack, catalogue)
        started = time.monotonic()
        made = catalogue.build()
        made["seconds"]["in all (bench side)"] = round(time.monotonic() - started, 1)
        with requests.Session() as session:  # the site's background renders, done or ours
            for path in SITE_LISTS:
                session.get(stack.frontend.url + path, timeout=(2, 60)).raise_for_status()
        large = measure(stack, catalogue, stock_list)
    ours = requests.get(large["urls"]["list"], timeout=load.TIMEOUT).json()["items"]
    stock = requests.get(stock_list, timeout=load.TIMEOUT).json()["items"]
    return {
        "catalogue": made,
        "rounds": ROUNDS,
        "demo": demo,
        "large": large,
        "stock_list_url": stock_list,
        "same_list_items": [item["id"] for item in ours] == [item["id"] for item in stock],
        "list_items": len(ours),
        "notes": notes(made, demo, large),
    }


def notes(made: dict, demo: dict, large: dict) -> list[str]:
    seconds = made["seconds"]
    load = {
        size: found["load_average_before"][0] for size, found in (("demo", demo), ("large", large))
    }
    return [
        f"scale (j): the demo is measured first; then {made['pages']:,} pages are added to the "
        f"same database by a process with the backend's environment (bench.catalogue): "
        f"{made['services']:,} services under {made['service_indexes']} services indexes "
        "(the demo's /services/ and four more: ServiceIndexPage's max_count of 1 is an admin "
        f"rule the catalogue does not go through), {made['standard_pages']:,} standard pages "
        f"in {made['sections']} sections, {made['faqs']} FAQs (2 on each service), "
        f"{made['approved_responses']} approved responses (one service in 5, as in the demo); "
        "written in bulk with tree paths, live revisions and search index entries (what "
        "publishing them one by one leaves, without its signals), then announced through the "
        "change feed as the publish of the new top-level pages and /services/; "
        f"{seconds['in all (bench side)']:.0f} s in all (rows {seconds['rows']:.0f} s, search "
        f"index {seconds['search index']:.0f} s"
        + (
            f", PostgreSQL's statistics {seconds['statistics (ANALYZE)']:.0f} s: ANALYZE, as "
            "its autovacuum does within a minute of such a write"
            if "statistics (ANALYZE)" in seconds
            else ""
        )
        + "); the site's lists and sitemap are rendered again before the measurements go on",
        "scale (j): cold API = a response-cache miss; each request spells one parameter's "
        "value differently (percent-encoded letters: the list's and the detail's "
        f"type={SERVICE_TYPE}, find's html_path, search's q={SEARCH_WORDS}), which the API "
        "decodes to the same answer (checked) and its cache keys apart; warm = the same URL "
        f"again; the detail is {DETAIL_PATH} (whose 'More to explore' are siblings); cold "
        "site = the CranioSacral page from the site without page cache right after the API's "
        "content generation was bumped (not timed), so every API answer it asks for misses; "
        "warm site = the site with its page cache",
        f"scale (j): {ROUNDS} requests of each kind at each size, sequential, kinds taking "
        "turns; the two sizes are measured one after the other, so a change in the machine's "
        f"load between them moves the ratio (1-min load average at the start: demo "
        f"{load['demo']:.1f}, 5,000 pages {load['large']:.1f})",
    ]
