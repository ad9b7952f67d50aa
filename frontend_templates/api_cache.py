"""The site's shared cache of API answers: fresh copies, last good copies, and purges.

Fresh copies are keyed on a *generation*, one number in the shared cache (Redis, or files
shared by the workers of one machine). A publish notification replaces the number, which
makes every fresh copy unreachable at once on every worker. Last good copies are kept apart,
under keys without the generation, so that they survive purges: they are what the site shows
when the API is down, slow or failing. They are keyed on an *epoch* instead, replaced only
when content may have left public view (a page made private, unpublished, expired, moved or
deleted, a collection made private, a visitor's response withdrawn or erased): then every
last good copy is unreachable at once, since any of them (a list, a neighbour's "More to
explore", the sitemap) may show what was withdrawn. A lost number (Redis flushed, a file
culled) is created anew: losing it drops copies, it never brings old ones back.

Only answers worth keeping through an outage become last good copies: not 404s, not search
results (`remember`), so that made-up paths and queries cannot fill the shared cache for long.
"""

import hashlib
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache

GENERATION_KEY = "generation"
LAST_GOOD_EPOCH_KEY = "last-good-epoch"
API_DOWN_KEY = "api-down"


@dataclass(frozen=True)
class Answer:
    """What the API said to one GET: its status, its JSON and its ETag."""

    status: int
    data: dict
    etag: str = ""


@dataclass(frozen=True)
class Keys:
    """Where the copies of one API URL live, read once before the API is asked.

    An answer fetched across a purge is then kept under the keys of before the purge, where
    nobody looks any more, rather than outliving the change it may predate.
    """

    fresh: str
    last_good: str


def _number(key: str) -> int:
    """A generation or epoch (created on first use, e.g. after Redis was flushed)."""
    return cache.get_or_set(key, time.time_ns, timeout=None)


def generation() -> int:
    """The current generation of fresh copies."""
    return _number(GENERATION_KEY)


def purge(*, forget_last_good: bool = False) -> int:
    """Make every fresh copy stale at once, on every worker; with `forget_last_good`, every
    last good copy too (content has left public view). Returns the new generation."""
    if forget_last_good:
        cache.set(LAST_GOOD_EPOCH_KEY, time.time_ns(), timeout=None)
    new = time.time_ns()
    cache.set(GENERATION_KEY, new, timeout=None)
    return new


def keys(url: str) -> Keys:
    digest = hashlib.sha256(url.encode()).hexdigest()
    return Keys(
        fresh=f"fresh:{generation()}:{digest}",
        last_good=f"last-good:{_number(LAST_GOOD_EPOCH_KEY)}:{digest}",
    )


def fresh(where: Keys) -> Answer | None:
    return cache.get(where.fresh)


def last_good(where: Keys) -> Answer | None:
    return cache.get(where.last_good)


def remember(where: Keys, answer: Answer, *, keep_last_good: bool = True) -> None:
    """Keep an answer as the fresh copy (CMS_CACHE_SECONDS) and, when it is content worth
    showing through an outage (a 200 the caller wants kept), as the last good copy.

    A 404 drops the last good copy: what the API no longer has is not shown in an outage.
    """
    cache.set(where.fresh, answer, settings.CMS_CACHE_SECONDS)
    if answer.status == 404:
        cache.delete(where.last_good)
    elif keep_last_good:
        cache.set(where.last_good, answer, settings.CMS_LAST_GOOD_SECONDS)


def mark_api_down() -> None:
    """After a timeout or a refused connection, stop asking the API for a few seconds."""
    cache.set(API_DOWN_KEY, True, settings.CMS_API_RETRY_SECONDS)


def api_marked_down() -> bool:
    return bool(cache.get(API_DOWN_KEY))
