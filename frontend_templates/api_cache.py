"""The site's shared cache of API answers: fresh copies, last good copies, and purges.

Fresh copies are keyed on a *generation*, one number in the shared cache (Redis, or files
shared by the workers of one machine). A publish notification replaces the number, which
makes every fresh copy unreachable at once on every worker. Last good copies are kept apart,
under keys without the generation, so that they survive purges: they are what the site shows
when the API is down, slow or failing.
"""

import hashlib
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache

GENERATION_KEY = "generation"
API_DOWN_KEY = "api-down"


@dataclass(frozen=True)
class Answer:
    """What the API said to one GET: its status, its JSON and its ETag."""

    status: int
    data: dict
    etag: str = ""


def generation() -> int:
    """The current generation (created on first use, e.g. after Redis was flushed)."""
    return cache.get_or_set(GENERATION_KEY, time.time_ns, timeout=None)


def purge() -> int:
    """Make every fresh copy stale at once, on every worker; last good copies stay.

    Returns the new generation.
    """
    new = time.time_ns()
    cache.set(GENERATION_KEY, new, timeout=None)
    return new


def _digest(url: str) -> str:
    return hashlib.sha256(url.encode()).hexdigest()


def fresh(url: str) -> Answer | None:
    return cache.get(f"fresh:{generation()}:{_digest(url)}")


def last_good(url: str) -> Answer | None:
    return cache.get(f"last-good:{_digest(url)}")


def remember(url: str, answer: Answer) -> None:
    """Keep an answer as the fresh copy and as the last good copy of `url`."""
    cache.set(f"fresh:{generation()}:{_digest(url)}", answer, settings.CMS_CACHE_SECONDS)
    cache.set(f"last-good:{_digest(url)}", answer, settings.CMS_LAST_GOOD_SECONDS)


def mark_api_down() -> None:
    """After a timeout or a refused connection, stop asking the API for a few seconds."""
    cache.set(API_DOWN_KEY, True, settings.CMS_API_RETRY_SECONDS)


def api_marked_down() -> bool:
    return bool(cache.get(API_DOWN_KEY))
