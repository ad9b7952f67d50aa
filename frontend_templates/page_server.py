"""The site's WSGI application: finished pages first, Django only when it has to render.

`PageServer` wraps Django's WSGI handler. A request that may be answered with a finished
page (frontend_templates.page_cache) is answered from the shared cache without running any
middleware, view or API call: in the encoding the browser prefers, or as a 304 when the
browser's copy is still current. On a miss, one worker renders the page (the others wait
for it, frontend_templates.render_lock), keeps it, and writes it for the proxy when there
is one (frontend_templates.page_files). Every other request goes to Django untouched.

`X-Page-Cache` says what happened: `hit`, `miss` (rendered now and kept), `pass` (rendered,
not kept: e.g. a 404, or a page made from stale copies while the API was away).
"""

import logging

from django.conf import settings
from django.utils.http import parse_etags, parse_http_date_safe

from frontend_templates import client, page_cache, page_files
from frontend_templates.page_cache import Page, PageRequest
from frontend_templates.render_lock import lock_for, wait_for

logger = logging.getLogger(__name__)
ENCODINGS = ("br", "gzip")  # in order of preference when the browser accepts both


def preferred_encoding(accept_encoding: str) -> str:
    """'br', 'gzip' or 'identity' for an Accept-Encoding header (q=0 refuses a coding)."""
    accepted = {}
    for part in accept_encoding.lower().split(","):
        name, _, parameters = part.strip().partition(";")
        quality = 1.0
        parameters = parameters.strip()
        if parameters.startswith("q="):
            try:
                quality = float(parameters[2:])
            except ValueError:
                quality = 0.0
        accepted[name.strip()] = quality
    for encoding in ENCODINGS:
        if accepted.get(encoding, accepted.get("*", 0.0)) > 0:
            return encoding
    return "identity"


def not_modified(page: Page, environ: dict) -> bool:
    """Whether the browser's copy is this page (If-None-Match, else If-Modified-Since)."""
    if_none_match = environ.get("HTTP_IF_NONE_MATCH")
    if if_none_match:
        tags = {tag.removeprefix("W/") for tag in parse_etags(if_none_match)}
        return "*" in tags or page.etag.removeprefix("W/") in tags
    since = parse_http_date_safe(environ.get("HTTP_IF_MODIFIED_SINCE", ""))
    return since is not None and int(page.modified_at) <= since


class Rendered:
    """What Django answered to one request, collected whole."""

    def __init__(self, app, environ: dict):
        self.status, self.headers, chunks = "500 Internal Server Error", [], []

        def start_response(status, headers, exc_info=None):
            self.status, self.headers = status, list(headers)
            return chunks.append

        result = app(environ, start_response)
        try:
            chunks.extend(result)
        finally:
            if hasattr(result, "close"):
                result.close()
        self.body = b"".join(chunks)


class PageServer:
    """WSGI middleware answering from the page cache before Django (see the module)."""

    def __init__(self, app):
        self.app = app

    def __call__(self, environ, start_response):
        request = page_cache.page_request(environ)
        if request is None:
            return self.app(environ, start_response)
        page = page_cache.get(request)
        if page is not None:
            return self.serve(page, environ, start_response, "hit")
        if environ["REQUEST_METHOD"] == "HEAD":
            return self.app(environ, start_response)
        page, rendered = self.fill(request, environ)
        if page is not None:
            return self.serve(page, environ, start_response, "hit" if rendered is None else "miss")
        start_response(rendered.status, [*rendered.headers, ("X-Page-Cache", "pass")])
        return [rendered.body]

    def fill(self, request: PageRequest, environ: dict) -> tuple[Page | None, Rendered | None]:
        """The finished page for `request`: rendered here, or by whoever holds its lock
        (then nothing was rendered here: None beside it)."""
        lock = lock_for(request.key)
        if not lock.acquire():
            page = wait_for(
                lambda: page_cache.get(request), lock, settings.RENDER_LOCK_WAIT_SECONDS
            )
            if page is not None:
                return page, None
            return self.render_and_keep(request, environ)  # its holder kept none in time
        try:
            return self.render_and_keep(request, environ)
        finally:
            lock.release()

    def render_and_keep(self, request: PageRequest, environ: dict) -> tuple[Page | None, Rendered]:
        """Render through Django; keep the answer when every visitor may have it."""
        client.forget_stale_answers()
        rendered = Rendered(self.app, environ)
        if client.used_stale_answers() or not page_cache.storable(
            environ["REQUEST_METHOD"], rendered.status, rendered.headers, rendered.body
        ):
            return None, rendered
        page = page_cache.finish(rendered.status, rendered.headers, rendered.body)
        page_cache.keep(request, page)
        if request.canonical and settings.SITE_URL and page_files.enabled():
            page_files.write(
                request.path,
                body=page.bodies["identity"],
                gzipped=page.bodies["gzip"],
                generation=request.generation,
            )
        return page, rendered

    def serve(self, page: Page, environ: dict, start_response, outcome: str):
        validators = [("ETag", page.etag), ("Last-Modified", page.last_modified)]
        if not_modified(page, environ):
            kept = [(n, v) for n, v in page.headers if n.lower() in ("cache-control", "expires")]
            headers = [*kept, *validators, ("Vary", "Accept-Encoding"), ("X-Page-Cache", outcome)]
            start_response("304 Not Modified", headers)
            return []
        encoding = preferred_encoding(environ.get("HTTP_ACCEPT_ENCODING", ""))
        body = page.bodies[encoding]
        headers = [
            *page.headers,
            *validators,
            ("Vary", "Accept-Encoding"),
            ("Content-Length", str(len(body))),
            ("X-Page-Cache", outcome),
        ]
        if encoding != "identity":
            headers.append(("Content-Encoding", encoding))
        start_response(page.status, headers)
        return [] if environ["REQUEST_METHOD"] == "HEAD" else [body]
