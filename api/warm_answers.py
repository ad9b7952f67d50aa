"""The API's warm answers, sent again by the WSGI application before Django runs.

`APICacheMiddleware` answers a repeated API request from the shared cache, but Django still
builds a request and runs a dozen middleware on the way in and out around it, and the stored
answer is read and unpickled again: the backend answered a warm page detail at ~30% of the
rate of a WSGI app that only hands back the same bytes. Once the shared cache has answered a
request in this process, `WarmAnswers` keeps that answer exactly as Django sent it (status,
headers, body) and sends it again to the same request for as long as the shared cache would
answer it the same way (`api.caching.StoredFor`): the same content generation, read from the
shared cache on every request so that a change made by any process is seen at once; the same
Akismet setting; and not past the stored answer's expiry.

Only requests whose answer depends on nothing but the key take this path: GET, no body, no
`Origin` (CORS answers each origin); the key is the host, the scheme (and the proxy's
X-Forwarded-Proto), the path, the query string, whether gzip is accepted and If-None-Match
(a 304 is sent again as a 200 is). Anonymous callers are throttled here as by the
middleware; the site's own frontend (its trusted key) is not. `REVIEWED_MIDDLEWARE` is the
middleware this key was checked against: a change there needs the key looked at again.
"""

import logging
import threading
import time
from typing import NamedTuple

from django.conf import settings
from django.core.handlers.wsgi import WSGIRequest
from django.middleware.gzip import re_accepts_gzip

from api.caching import (
    API_PREFIX,
    UNCACHED_PREFIXES,
    StoredFor,
    TrustedClientThrottle,
    content_generation,
    is_trusted_key,
)
from cms_pages.spam import akismet_enabled

logger = logging.getLogger(__name__)
BYTES_KEPT = 4 * 1024 * 1024  # what one process keeps at most: ~300 page details


class SentAnswer(NamedTuple):
    """One answer as Django sent it, and what it was stored for."""

    stored_for: StoredFor
    status: str
    headers: tuple[tuple[str, str], ...]
    body: bytes

    @property
    def size(self) -> int:
        return len(self.body) + sum(len(name) + len(value) for name, value in self.headers)


class WarmAnswers:
    """WSGI middleware sending warm API answers again without Django (see the module)."""

    REVIEWED_MIDDLEWARE = (
        "backend.admin_garbage.AdminGarbageMiddleware",
        "django.middleware.security.SecurityMiddleware",
        "api.caching.APIGZipMiddleware",
        "whitenoise.middleware.WhiteNoiseMiddleware",
        "corsheaders.middleware.CorsMiddleware",
        "api.body_limit.APIBodyLimitMiddleware",
        "api.caching.APICacheMiddleware",
    )

    def __init__(self, application):
        self.application = application
        self.answers: dict[tuple, SentAnswer] = {}
        self.generation = ""  # the one the answers kept were stored for
        self.bytes_kept = 0
        self.lock = threading.Lock()
        # The header a proxy tells the scheme in (SecurityMiddleware's HSTS depends on it).
        self.proxy_scheme_header = (settings.SECURE_PROXY_SSL_HEADER or ("",))[0]

    def __call__(self, environ, start_response):
        key = self.key(environ)
        if key is None:
            return self.application(environ, start_response)
        sent = self.answers.get(key)
        if sent is not None and self.sendable(sent, environ):
            start_response(sent.status, list(sent.headers))
            return [sent.body]
        recorded = {}

        def recording(status, headers, exc_info=None):
            recorded["status"], recorded["headers"] = status, tuple(headers)
            return start_response(status, headers, exc_info)

        response = self.application(environ, recording)
        stored_for = getattr(response, "stored_for", None)
        if stored_for is not None and recorded["status"][:4] in ("200 ", "304 "):
            self.keep(key, SentAnswer(stored_for, **recorded, body=response.content))
        return response

    def key(self, environ: dict) -> tuple | None:
        """What the answer to this request depends on, or None when it is not sent again."""
        path = environ.get("PATH_INFO", "")
        if (
            environ.get("REQUEST_METHOD") != "GET"
            or not path.startswith(API_PREFIX)
            or path.startswith(UNCACHED_PREFIXES)
            or "HTTP_ORIGIN" in environ
            or environ.get("CONTENT_LENGTH", "0") not in ("", "0")
            or "HTTP_TRANSFER_ENCODING" in environ
        ):
            return None
        return (
            environ.get("HTTP_HOST"),
            environ.get("wsgi.url_scheme"),
            environ.get(self.proxy_scheme_header),
            environ.get("SCRIPT_NAME"),
            path,
            environ.get("QUERY_STRING"),
            # GZipMiddleware's own test of Accept-Encoding
            re_accepts_gzip.search(environ.get("HTTP_ACCEPT_ENCODING", "")) is not None,
            environ.get("HTTP_IF_NONE_MATCH"),
        )

    def sendable(self, sent: SentAnswer, environ: dict) -> bool:
        try:
            return self.still_true(sent.stored_for) and self.allowed(environ)
        except Exception:  # the shared cache unreachable: Django answers, and reports it
            logger.warning("Warm answers: the shared cache could not be read", exc_info=True)
            return False

    @staticmethod
    def still_true(stored_for: StoredFor) -> bool:
        return (
            time.time() < stored_for.expires
            and stored_for.akismet == akismet_enabled()
            and stored_for.generation == content_generation()
        )

    @staticmethod
    def allowed(environ: dict) -> bool:
        """The trusted frontend always; anyone else within the anonymous rate limit (counted
        as the middleware counts it; over it, Django answers the 429)."""
        if is_trusted_key(environ.get("HTTP_X_CMS_CLIENT_KEY", "")):
            return True
        return TrustedClientThrottle().allow_request(WSGIRequest(environ), None)

    def keep(self, key: tuple, sent: SentAnswer) -> None:
        with self.lock:
            full = self.bytes_kept + sent.size > BYTES_KEPT  # then forget all: see BoundedMemo
            if full or sent.stored_for.generation != self.generation:
                self.answers.clear()
                self.bytes_kept = 0
                self.generation = sent.stored_for.generation
            previous = self.answers.get(key)
            self.bytes_kept += sent.size - (previous.size if previous else 0)
            self.answers[key] = sent
