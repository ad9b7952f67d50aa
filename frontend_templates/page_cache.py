"""Finished pages: the same bytes for every visitor, kept in a cache shared by every worker.

A view decorated with `shared_page` promises that its GET answer depends on nothing but
the URL (and on the content: the key holds the content generation that publish
notifications replace, frontend_templates.api_cache). Such an answer is kept whole: headers,
body, and its gzip and brotli forms, with a weak ETag and a Last-Modified. The page server
(frontend_templates.page_server) answers from here before Django runs at all.

What is never kept: anything but a 200 to a GET marked public by `shared_page` (previews,
search results, 404s and forms showing a visitor's input say `no-store`); an answer that set
a cookie or varies on one (a CSRF token slipped in); an answer made from the API's last good
copies while the API was away (it would outlive the outage).
"""

import gzip
import hashlib
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass
from functools import wraps
from urllib.parse import parse_qsl, urlencode

import brotli
from django.conf import settings
from django.core.cache import caches
from django.core.handlers.wsgi import get_path_info
from django.http.request import split_domain_port, validate_host
from django.urls import Resolver404, resolve
from django.utils.http import http_date

from frontend_templates import api_cache

MAX_PAGE_BYTES = 2 * 1024 * 1024
# Headers the page server sets itself for each answer (per encoding, per request).
OWN_HEADERS = {
    "content-length",
    "content-encoding",
    "etag",
    "last-modified",
    "vary",
    "x-page-cache",
}


# A flag of `shared_page` whose every value makes a variant of the page.
ANY_VALUE = object()


def shared_page(**flags):
    """Mark a view whose GET answer is the same for every visitor, so it may be kept whole.

    `flags` are the query parameters that make a variant of the page, each with the one
    value that does (`response="pending"` after a visitor's response) or `ANY_VALUE` (`page`,
    a list's page number: the view answers 200, the only answer kept, to the numbers of the
    pages there are and 404 to any other value, so the variants kept stay few); every other
    parameter is left out of the cache key, so a view marked here must ignore them. A 200
    without its own Cache-Control gets the public one (settings.PUBLIC_PAGE_CACHE_CONTROL).
    """

    def decorate(view):
        @wraps(view)
        def shared_view(request, *args, **kwargs):
            response = view(request, *args, **kwargs)
            if (
                request.method in ("GET", "HEAD")
                and response.status_code == 200
                and not response.has_header("Cache-Control")
            ):
                response["Cache-Control"] = settings.PUBLIC_PAGE_CACHE_CONTROL
            return response

        shared_view.page_flags = flags
        return shared_view

    return decorate


def _pages():
    return caches["pages"]


# Django's HttpRequest.is_secure() and get_host(), read straight from the environ: building a
# WSGIRequest for them would cost a third more per cache hit (measured: 92 vs 58 us).
def _is_secure(environ: dict) -> bool:
    proxy_header = getattr(settings, "SECURE_PROXY_SSL_HEADER", None)
    if proxy_header and environ.get(proxy_header[0]) == proxy_header[1]:
        return True
    return environ.get("wsgi.url_scheme") == "https"


def _host(environ: dict) -> str:
    return environ.get("HTTP_HOST") or environ.get("SERVER_NAME", "")


@dataclass(frozen=True)
class PageRequest:
    """A GET or HEAD that may be answered with a finished page: its cache key and its URL."""

    key: str
    path: str
    query: str
    generation: int

    @property
    def canonical(self) -> bool:
        """The page's own address (no variant), as a proxy would serve it from a file."""
        return not self.query


def page_request(environ: dict) -> PageRequest | None:
    """The finished page this request may be answered with, or None (Django answers it).

    None for other methods, static files, views not marked `shared_page`, hosts Django would
    refuse, and plain HTTP where the site redirects to HTTPS. The key holds the origin only
    when SITE_URL is unset (absolute links then follow the request's host).
    """
    if environ.get("REQUEST_METHOD") not in ("GET", "HEAD"):
        return None
    path = get_path_info(environ)
    if path.startswith(settings.STATIC_URL):
        return None
    try:
        flags = getattr(resolve(path).func, "page_flags", None)
    except Resolver404:
        return None
    if flags is None:
        return None
    host = _host(environ)
    if not validate_host(split_domain_port(host)[0], settings.ALLOWED_HOSTS):
        return None
    secure = _is_secure(environ)
    if getattr(settings, "SECURE_SSL_REDIRECT", False) and not secure:
        return None
    pairs = parse_qsl(environ.get("QUERY_STRING", ""), keep_blank_values=True)
    query = urlencode(sorted({(k, v) for k, v in pairs if flags.get(k) in (v, ANY_VALUE)}))
    origin = "" if settings.SITE_URL else f"{'https' if secure else 'http'}://{host}"
    generation = api_cache.generation()
    url = f"{origin}{path}?{query}"
    key = f"page:{generation}:{hashlib.sha256(url.encode()).hexdigest()}"
    return PageRequest(key=key, path=path, query=query, generation=generation)


@dataclass(frozen=True)
class Page:
    """A finished answer: status line, headers, and the body in each encoding."""

    status: str
    headers: tuple[tuple[str, str], ...]
    bodies: dict[str, bytes]
    etag: str
    last_modified: str
    modified_at: float


def storable(method: str, status: str, headers: list[tuple[str, str]], body: bytes) -> bool:
    """Whether an answer is the same for every visitor and may be kept (see the docstring)."""
    names = {name.lower(): value for name, value in headers}
    return (
        method == "GET"
        and status.startswith("200 ")
        and names.get("cache-control") == settings.PUBLIC_PAGE_CACHE_CONTROL
        and "set-cookie" not in names
        and "cookie" not in names.get("vary", "").lower()
        and len(body) <= MAX_PAGE_BYTES
    )


def finish(status: str, headers: list[tuple[str, str]], body: bytes) -> Page:
    """A page from Django's answer: compressed once, with its validators."""
    now = time.time()
    return Page(
        status=status,
        headers=tuple((name, value) for name, value in headers if name.lower() not in OWN_HEADERS),
        bodies={
            "identity": body,
            "gzip": gzip.compress(body, compresslevel=9, mtime=0),
            "br": brotli.compress(body, mode=brotli.MODE_TEXT),
        },
        etag=f'W/"{hashlib.sha256(body).hexdigest()[:32]}"',
        last_modified=http_date(now),
        modified_at=now,
    )


class RecentPages:
    """This worker's copies of the pages it served last, in front of the shared cache.

    A key holds the content generation, which every request reads from the shared cache, so
    a copy here is never served after a purge; it spares the transfer and unpickling of the
    page (one small read per request instead of two). Bounded by the bytes of its bodies, not
    by a number of pages (a page may weigh up to MAX_PAGE_BYTES in each encoding), and
    emptied when a page of a newer content generation comes in: the older copies can no
    longer be asked for. As short-lived as the shared entry.
    """

    def __init__(self, budget: int = 2 * 1024 * 1024):
        self.budget, self.weight, self.generation = budget, 0, 0
        self.pages: OrderedDict[str, Page] = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key: str) -> Page | None:
        with self.lock:
            page = self.pages.get(key)
            if page is None:
                return None
            if time.time() - page.modified_at > settings.CMS_CACHE_SECONDS:
                self._drop(key)
                return None
            self.pages.move_to_end(key)
            return page

    def put(self, request: PageRequest, page: Page) -> None:
        weight = page_weight(page)
        with self.lock:
            if request.generation > self.generation:
                self.pages.clear()
                self.weight, self.generation = 0, request.generation
            elif request.generation < self.generation:
                return  # asked before the last purge
            if request.key in self.pages:
                self._drop(request.key)
            if weight > self.budget // 8:  # a large page would push out many small ones
                return
            self.pages[request.key] = page
            self.weight += weight
            while self.weight > self.budget:
                self._drop(next(iter(self.pages)))

    def _drop(self, key: str) -> None:
        self.weight -= page_weight(self.pages.pop(key))


def page_weight(page: Page) -> int:
    return sum(len(body) for body in page.bodies.values())


recent = RecentPages()


def get(request: PageRequest) -> Page | None:
    page = recent.get(request.key)
    if page is None:
        page = _pages().get(request.key)
        if page is not None:
            recent.put(request, page)
    return page


def keep(request: PageRequest, page: Page) -> None:
    _pages().set(request.key, page, settings.CMS_CACHE_SECONDS)
    recent.put(request, page)
