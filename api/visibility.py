"""What the public may see: one definition used by every endpoint.

Live, without a view restriction on the page or an ancestor, and not past its expiry time
(Wagtail only unpublishes expired content when its scheduler command runs; until then the
API must already hide it).
"""

from django.utils import timezone
from wagtail.models import Page

from cms_pages.models import FAQ


def public_pages():
    # Expiry by id: the search backends can filter on `id` but not on `expire_at`.
    expired = Page.objects.filter(expire_at__lt=timezone.now()).values("pk")
    return Page.objects.live().public().exclude(pk__in=expired)


def public_faqs():
    return FAQ.objects.filter(live=True).exclude(expire_at__lt=timezone.now())


def is_public_faq(faq: FAQ) -> bool:
    """The same test for an FAQ already loaded (e.g. through a service's prefetched links)."""
    return faq.live and not (faq.expire_at and faq.expire_at < timezone.now())
