"""HTTP caching of the public API: a shared response cache, ETags and Cache-Control.

Every stored response is keyed on a *content generation*: one number in the shared cache
(Redis in production) that any content change replaces. Changing it makes every cached
response, list and search included, unreachable at once on every worker; nothing needs to
know which responses a change affected.
"""

import hashlib
import hmac
import logging
import time
from typing import NamedTuple

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse, HttpResponseNotModified, JsonResponse
from django.middleware.gzip import GZipMiddleware
from django.utils.cache import patch_vary_headers
from rest_framework.throttling import AnonRateThrottle

from backend.client_address import client_ip
from cms_pages.spam import akismet_enabled

logger = logging.getLogger(__name__)
GENERATION_KEY = "api:content-generation"
API_PREFIX = "/api/v2/"
UNCACHED_PREFIXES = ("/api/v2/page_preview/", "/api/v2/responses/", "/api/v2/forms/")
SEARCH_PATH = "/api/v2/search/"  # pages/, images/ and documents/ also take ?search=
CACHE_CONTROL = "public, max-age={max_age}, stale-while-revalidate={swr}, stale-if-error={sie}"


def content_generation() -> str:
    """The current content generation (created on first use, e.g. after a cache flush)."""
    return str(cache.get_or_set(GENERATION_KEY, time.time_ns, timeout=None))


def bump_content_generation() -> None:
    """Make every cached API response stale at once."""
    cache.set(GENERATION_KEY, time.time_ns(), timeout=None)


class StoredFor(NamedTuple):
    """What a stored answer was kept for: it is the answer while the content generation and
    the Akismet setting are these, until `expires` (a `time.time()`)."""

    generation: str
    akismet: bool
    expires: float


def etag_for(content: bytes) -> str:
    return '"' + hashlib.sha256(content).hexdigest()[:32] + '"'


def is_trusted_client(request) -> bool:
    """Whether the caller is the site's own frontend (it sends API_TRUSTED_CLIENT_KEY)."""
    return is_trusted_key(request.headers.get("X-CMS-Client-Key", ""))


def is_trusted_key(sent: str) -> bool:
    """Whether `sent` is API_TRUSTED_CLIENT_KEY (and one is set)."""
    key = settings.API_TRUSTED_CLIENT_KEY
    # Constant time: how long a wrong key takes to refuse tells nothing of the right one.
    return bool(key) and hmac.compare_digest(sent.encode(), key.encode())


class TrustedClientThrottle(AnonRateThrottle):
    """Per-IP rate limit for anonymous clients; the site's own frontend is exempt.

    The frontend sends the shared key in `X-CMS-Client-Key`; without the exemption every
    visitor would share the frontend server's single IP address and budget.
    """

    def allow_request(self, request, view):
        if is_trusted_client(request):
            return True
        return super().allow_request(request, view)

    def get_cache_key(self, request, view):
        # The public API is anonymous: every client is counted by its address.
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}

    def get_ident(self, request):
        # DRF's own takes the whole X-Forwarded-For, which a client can rewrite every time.
        return client_ip(request)


class APIGZipMiddleware(GZipMiddleware):
    """Compress API answers only: admin pages carry CSRF tokens (BREACH)."""

    def process_response(self, request, response):
        if not request.path.startswith(API_PREFIX):
            return response
        return super().process_response(request, response)


class APICacheMiddleware:
    """Serve GET/HEAD API responses from the shared cache; add ETag and Cache-Control.

    Runs for /api/v2/ only. It also applies the anonymous rate limit, so that cached
    answers are throttled exactly like fresh ones. Only 200s are stored, searches briefly
    (`lifetime`): anyone can ask for endless unknown paths and search words, and a shared
    cache filled with them would push out everything useful.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path.startswith(API_PREFIX) or request.method not in ("GET", "HEAD"):
            return self.get_response(request)
        throttle = TrustedClientThrottle()
        if not throttle.allow_request(request, None):
            wait = max(1, int(throttle.wait() or 1))
            response = JsonResponse(
                {"message": f"Too many requests; try again in {wait} seconds."}, status=429
            )
            response["Retry-After"] = str(wait)
            return response
        if request.path.startswith(UNCACHED_PREFIXES):
            response = self.get_response(request)
            response["Cache-Control"] = "no-store"
            return response
        generation, akismet = content_generation(), akismet_enabled()
        key = self.cache_key(request, generation, akismet)
        stored = cache.get(key)
        if stored is not None:
            content, content_type, expires = stored
            response = self.respond(request, content, content_type)
            # What api.warm_answers needs to send this answer again without Django.
            response.stored_for = StoredFor(generation, akismet, expires)
            return response
        response = self.get_response(request)
        if response.status_code != 200:  # 404s and errors: never stored
            response["Cache-Control"] = "no-cache"
            return response
        content, content_type = response.content, response["Content-Type"]
        lifetime = self.lifetime(request)
        stored = (content, content_type, time.time() + lifetime)
        answer = self.respond(request, content, content_type)
        # Stored once the answer is sent: the WSGI server closes a response after its last
        # byte, so the client does not wait for the cache's write (pickled, compressed and
        # written to a file without Redis: ~1 ms for a list of 20 pages).
        answer._resource_closers.append(lambda: self.store(key, stored, lifetime, request))
        return answer

    def store(self, key: str, stored: tuple[bytes, str, float], lifetime: int, request) -> None:
        try:
            cache.set(key, stored, timeout=lifetime)
        except Exception:  # served all the same; the next request builds it again
            logger.warning("Could not store the API answer for %s", request.path, exc_info=True)

    @staticmethod
    def lifetime(request) -> int:
        """Seconds an answer is kept: a search's (words anyone can type) only briefly."""
        if request.path.startswith(SEARCH_PATH) or "search" in request.GET:
            return settings.API_SEARCH_CACHE_SECONDS
        return settings.API_RESPONSE_CACHE_SECONDS

    @staticmethod
    def cache_key(request, generation: str, akismet: bool) -> str:
        """The answer's key: the content generation, the path, and whether Akismet is on
        (practice/ tells visitors so; a restart with another AKISMET_API_KEY changes no
        content, and answers kept before it must not tell the old story). The value kept is
        (content, content type, expiry time); the prefix changed with that shape, so that a
        value of the former shape, (content, content type), is never read."""
        path = hashlib.sha256(request.get_full_path().encode()).hexdigest()
        return f"api:answer:{generation}:{'akismet' if akismet else 'no-akismet'}:{path}"

    @staticmethod
    def respond(request, content: bytes, content_type: str) -> HttpResponse:
        etag = etag_for(content)
        # A gzipped answer carries the weak form W/"..." (GZipMiddleware); both match.
        asked = request.headers.get("If-None-Match", "").split(",")
        if etag in [tag.strip().removeprefix("W/") for tag in asked]:
            response = HttpResponseNotModified()
        else:
            response = HttpResponse(content, content_type=content_type)
        response["ETag"] = etag
        response["Cache-Control"] = CACHE_CONTROL.format(
            max_age=settings.API_MAX_AGE,
            swr=settings.API_STALE_WHILE_REVALIDATE,
            sie=settings.API_STALE_IF_ERROR,
        )
        patch_vary_headers(response, ["Accept-Encoding"])
        return response
