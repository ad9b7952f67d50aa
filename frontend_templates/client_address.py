"""The address of the visitor behind TRUSTED_PROXY_COUNT proxies, read once for the site.

Behind proxies, REMOTE_ADDR is the nearest proxy's. Each proxy appends the address it was
reached from to X-Forwarded-For, so the visitor is the TRUSTED_PROXY_COUNT-th entry counted
from the right; entries further left were written by the visitor and can be anything, so
they are never read. django-ipware does the parsing (ports, IPv6, malformed entries).
The site sends this address to the API with each form (X-CMS-Visitor-IP), for the API's
per-visitor limits. The CMS has its own copy (backend.client_address): the site imports
nothing of it.
"""

from django.conf import settings
from ipware import get_client_ip


def client_ip(request) -> str:
    """The visitor's address: REMOTE_ADDR without proxies or when the header falls short."""
    remote_addr = request.META.get("REMOTE_ADDR", "")
    if not settings.TRUSTED_PROXY_COUNT:
        return remote_addr
    # ipware counts the proxies listed after the client; the nearest one is not listed
    # (it is REMOTE_ADDR). Not strict: entries the visitor forged on the left are ignored.
    found, _routable = get_client_ip(
        request,
        proxy_count=settings.TRUSTED_PROXY_COUNT - 1,
        request_header_order=["HTTP_X_FORWARDED_FOR"],
        strict=False,
    )
    return found or remote_addr
