"""Purging the CDN in front of the public site, once the site itself has re-rendered a change.

The site's pages carry `s-maxage`, so a CDN (Cloudflare, CloudFront, Varnish) would go on
serving the old copy of a changed page for minutes. Wagtail's frontend_cache app would purge
`page.full_url`, the Wagtail Site's address (`localhost` in the demo) rather than the site's,
and knows nothing of FAQs, practice details or images. So the change feed calls `queue_purge`
right after the site's own purge: the addresses are built here on FRONTEND_URL, and the
worker sends them through Wagtail's backends (WAGTAILFRONTENDCACHE, from the CDN_PURGE_*
variables), so that a slow CDN API never holds up a request.
"""

import logging
from urllib.parse import urlsplit

from django.conf import settings
from django_tasks import task
from wagtail.contrib.frontend_cache.utils import get_backends

from cms_pages.selectors import public_pages

logger = logging.getLogger(__name__)
# Every change can show on the home page (featured services, practice details) and the sitemap.
ALWAYS_PURGED = ("/", "/sitemap.xml")


def with_ancestors(path: str) -> list[str]:
    """'/services/craniosacral-massage/' -> itself, '/services/' and '/' (its parents list it)."""
    path = urlsplit(path).path  # a relative path, or a full URL when Wagtail has several sites
    parts = [part for part in path.split("/") if part]
    return [path] + [
        "/" + "".join(f"{part}/" for part in parts[:depth]) for depth in range(len(parts))
    ]


def public_page_paths() -> set[str]:
    """The address of every page a visitor can open."""
    return {urlsplit(url).path for url in (page.get_url() for page in public_pages()) if url}


def paths_to_purge(payload: dict) -> set[str]:
    """A change notification's addresses: each notified path and its ancestors; for a change
    without paths (an FAQ, the practice details, an image, a document, a collection made
    private) every public page, as the site is a few dozen pages: simpler and surer than
    tracing where each of those appears."""
    paths = set(ALWAYS_PURGED)
    for change in payload["changes"]:
        for path in change["paths"]:
            paths.update(with_ancestors(path))
        if not change["paths"]:
            paths.update(public_page_paths())
    return paths


def queue_purge(payload: dict) -> None:
    """Queue the CDN purge of a change notification (nothing when no CDN is configured)."""
    if settings.WAGTAILFRONTENDCACHE:
        purge_cdn.enqueue(sorted(settings.FRONTEND_URL + path for path in paths_to_purge(payload)))


@task()
def purge_cdn(urls: list[str]) -> None:
    """Ask each configured CDN to drop these URLs; a failure is logged, never raised."""
    for name, backend in get_backends().items():
        try:
            backend.purge_batch(urls)
        except Exception:
            logger.exception("Could not purge %d URLs from the CDN %r", len(urls), name)
