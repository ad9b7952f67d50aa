"""Spam checks for visitor submissions, in layers that all work offline.

Honeypot field, signed form timestamp, per-address rate limit, link cap and duplicate
detection (a keyed hash: cms_pages.personal_data.sealing.lookup_hash) need nothing outside
this process; Akismet is consulted when AKISMET_API_KEY is set, and when it is down or slow a
submission is held for the owner, never dropped. Appointment requests are never sent to
Akismet: only responses, which are meant to be published. The Akismet client and its HTTP
library (httpx, ~4 MiB with what it imports) are imported when Akismet is first asked, so the
web processes of a site without a key never carry them.
"""

from __future__ import annotations

import logging
import math
import re
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.conf import settings
from django.core import signing
from django.core.cache import cache

from cms_pages.personal_data.sealing import lookup_hash

if TYPE_CHECKING:
    import akismet

logger = logging.getLogger(__name__)
FORM_STAMP_SALT = "cms.form-token"
LINK = re.compile(r"https?://|www\.", re.IGNORECASE)


@dataclass
class SubmissionRefused(Exception):
    """A submission turned away with a message for the visitor (and an HTTP status)."""

    message: str
    status: int = 400
    retry_after: int | None = None


def issue_form_token() -> str:
    """A signed record of when a form was handed out."""
    return signing.TimestampSigner(salt=FORM_STAMP_SALT).sign(str(time.time()))


def check_form_token(token: str) -> None:
    """Refuse a form sent implausibly fast (a bot) or from a page left open too long."""
    try:
        issued = float(
            signing.TimestampSigner(salt=FORM_STAMP_SALT).unsign(
                token or "", max_age=settings.FORM_TOKEN_MAX_AGE
            )
        )
    except signing.SignatureExpired as error:
        raise SubmissionRefused(
            "This form has expired; please reload the page and send it again."
        ) from error
    except (signing.BadSignature, ValueError) as error:
        raise SubmissionRefused(
            "This form could not be verified; please reload the page."
        ) from error
    if time.time() - issued < settings.FORM_MIN_SECONDS:
        raise SubmissionRefused(
            "That was very quick! Please take a moment and send the form again."
        )


def check_rate_limit(scope: str, ip_address: str | None) -> None:
    """At most FORM_RATE_LIMIT submissions per address in any window, across all workers.

    A sliding window: the previous fixed window's count, weighted by how much of it still
    overlaps the last `window` seconds, plus the current one's. A fixed window alone would let a
    flooder send twice the limit across a window's turn, and give a refused flooder a fresh
    budget at the turn. Refused attempts count too. The cache (Redis, files) holds the
    address's keyed hash, never the address itself.
    """
    limit, window = settings.FORM_RATE_LIMIT
    bucket, into = divmod(time.time(), window)
    prefix = f"form-rate:{scope}:{lookup_hash(ip_address)}:"
    current = _count_attempt(f"{prefix}{int(bucket)}", timeout=2 * window)
    previous = cache.get(f"{prefix}{int(bucket) - 1}", 0)
    attempts = previous * (1 - into / window) + current
    if round(attempts, 6) > limit:  # rounded: a float a hair above the limit is at it
        wait = seconds_until_room(previous, current, limit, window, into)
        raise SubmissionRefused(
            f"Too many submissions from your address; please try again in {wait} seconds.",
            status=429,
            retry_after=wait,
        )


def _count_attempt(key: str, timeout: int) -> int:
    cache.add(key, 0, timeout=timeout)
    try:
        return cache.incr(key)
    except ValueError:  # the key expired between add and incr
        cache.set(key, 1, timeout=timeout)
        return 1


def seconds_until_room(previous: int, current: int, limit: int, window: int, into: float) -> int:
    """Whole seconds until one more attempt fits the sliding window, if none is made before.

    `previous` and `current` are the two fixed windows' counts, `into` how far the current
    window has run. Room comes when the previous window's weight has fallen enough, or, when
    the current window alone is full, that far into the next one (where `current` is the
    previous).
    """
    room = limit - 1 - current
    if room >= 0:
        return _whole_seconds((1 - room / previous) * window - into)
    next_window_share = 1 - (limit - 1) / current
    return _whole_seconds(window - into + next_window_share * window)


def _whole_seconds(seconds: float) -> int:
    return max(1, math.ceil(round(seconds, 6)))  # rounded: the clock's float noise


def count_links(text: str) -> int:
    return len(LINK.findall(text or ""))


def akismet_enabled() -> bool:
    """Whether responses are sent to Akismet (the site tells visitors so): a key is set."""
    return bool(settings.AKISMET_API_KEY)


def akismet_client() -> akismet.SyncClient | None:
    """The Akismet client, or None when no key is configured."""
    if not akismet_enabled():
        return None
    import akismet
    import httpx

    config = akismet.Config(key=settings.AKISMET_API_KEY, url=settings.AKISMET_SITE_URL)
    return akismet.SyncClient(
        config=config, http_client=httpx.Client(timeout=settings.AKISMET_TIMEOUT)
    )


def akismet_failures() -> tuple[type[Exception], ...]:
    """What a call to Akismet raises when it is down, slow or refuses the key."""
    import akismet
    import httpx

    return (akismet.AkismetError, httpx.HTTPError)


AKISMET_UNAVAILABLE = "unavailable"


def akismet_verdict(*, ip_address, user_agent, kind, name, email, text) -> str:
    """'ham', 'spam', 'unavailable' (Akismet down or slow) or '' (not configured)."""
    client = akismet_client()
    if client is None:
        return ""
    try:
        result = client.comment_check(
            user_ip=ip_address or "127.0.0.1",
            user_agent=user_agent,
            comment_type=kind,
            comment_author=name,
            comment_author_email=email,
            comment_content=text,
        )
    except akismet_failures() as error:
        logger.warning("Akismet unavailable, holding the submission: %s", error)
        return AKISMET_UNAVAILABLE
    return "spam" if result else "ham"


def report_to_akismet(*, is_spam: bool, ip_address, user_agent, name, email, text) -> None:
    """Tell Akismet about the owner's decision so that it learns; failures are only logged."""
    client = akismet_client()
    if client is None:
        return
    submit = client.submit_spam if is_spam else client.submit_ham
    try:
        submit(
            user_ip=ip_address or "127.0.0.1",
            user_agent=user_agent,
            comment_type="comment",
            comment_author=name,
            comment_author_email=email,
            comment_content=text,
        )
    except akismet_failures() as error:
        logger.warning("Could not report a moderation decision to Akismet: %s", error)
