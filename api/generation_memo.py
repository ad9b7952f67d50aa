"""What only a content change can change, remembered by each process for one content
generation (`api.caching.content_generation`): the site a host name means, the view
restrictions, the practice's details, how many pages of a type are public. Every change
that could alter them moves the generation on (the change feed; `api.signals` for sites),
and the next request in each process reads them again, so a cold answer pays for them once
per change, not every time.
"""

from django.http.request import split_domain_port
from django.utils import timezone
from wagtail.models import Page, Site
from wagtail.models.sites import get_site_for_hostname

from api.bounded_memo import BoundedMemo
from api.caching import content_generation
from cms_pages import selectors
from cms_pages.models import PracticeSettings

KEYS_KEPT = 64  # host names anyone can send: a bound on what one memo holds
_memos: dict[str, tuple[str, BoundedMemo]] = {}


def remembered(name: str, key, compute, holds=None):
    """`compute()`, or what it gave for `key` earlier in this content generation (and, with
    `holds`, that `holds(value)` says is still true: `BoundedMemo.get`)."""
    generation = content_generation()
    kept_for, memo = _memos.get(name, (None, None))
    if kept_for != generation:
        memo = BoundedMemo(KEYS_KEPT)
        _memos[name] = (generation, memo)
    return memo.get(key, compute, holds)


def site_for(request) -> Site | None:
    """Wagtail's `Site.find_for_request`, remembered by host name and port."""
    if not hasattr(request, "_wagtail_site"):  # Wagtail's own per-request cache of it
        hostname, port = split_domain_port(request.get_host())[0], request.get_port()
        request._wagtail_site = remembered("site", (hostname, port), lambda: find(hostname, port))
    return request._wagtail_site


def find(hostname: str, port: str) -> Site | None:
    try:
        return get_site_for_hostname(hostname, port)
    except Site.DoesNotExist:
        return None


def private_q():
    """The condition that a page is in a private section (`PageQuerySet.private_q`)."""
    return remembered("private", None, lambda: Page.objects.all().private_q())


def practice_of(site: Site) -> PracticeSettings:
    """The practice's details on `site` (`PracticeSettings.for_site`)."""
    return remembered("practice", site.pk, lambda: PracticeSettings.for_site(site))


def type_count(site: Site, model: type[Page]) -> int:
    """How many public pages of `model` `site` has (`selectors.site_type_count`): counted
    once per content generation, and again once the first of them has expired, since
    Wagtail's scheduler unpublishes it (a change) only some time later and until then it is
    hidden by its expiry time alone."""

    def count():
        return selectors.site_type_count(site, model, private_q(), timezone.now())

    def holds(counted) -> bool:
        first_expiry = counted[1]
        return first_expiry is None or timezone.now() <= first_expiry

    return remembered("type count", (site.pk, model), count, holds)[0]
