"""What only a content change can change, remembered by each process for one content
generation (`api.caching.content_generation`): the site a host name means, the view
restrictions, the practice's details. Every change that could alter them moves the
generation on (the change feed; `api.signals` for sites), and the next request in each
process reads them again, so a cold answer pays for them once per change, not every time.
"""

from django.http.request import split_domain_port
from wagtail.models import Page, Site
from wagtail.models.sites import get_site_for_hostname

from api.bounded_memo import BoundedMemo
from api.caching import content_generation
from cms_pages.models import PracticeSettings

KEYS_KEPT = 64  # host names anyone can send: a bound on what one memo holds
_memos: dict[str, tuple[str, BoundedMemo]] = {}


def remembered(name: str, key, compute):
    """`compute()`, or what it gave for `key` earlier in this content generation."""
    generation = content_generation()
    kept_for, memo = _memos.get(name, (None, None))
    if kept_for != generation:
        memo = BoundedMemo(KEYS_KEPT)
        _memos[name] = (generation, memo)
    return memo.get(key, compute)


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
