"""The address of the client behind TRUSTED_PROXY_COUNT proxies, read once for the CMS.

Behind proxies, REMOTE_ADDR is the nearest proxy's. Each proxy appends the address it was
reached from to X-Forwarded-For, so the client is the TRUSTED_PROXY_COUNT-th entry counted
from the right; entries further left were written by the client and can be anything, so
they are never read. django-ipware does the parsing (ports, IPv6, malformed entries).
The API's rate limit, the visitors' forms (their rate limit, Akismet) and the admin's
sign-in lockout (django-axes) all use this one answer. The site has its own copy
(frontend_templates.client_address): it imports nothing of the CMS.
"""

from django.conf import settings
from ipware import get_client_ip


def client_ip(request) -> str:
    """The client's address: REMOTE_ADDR without proxies or when the header falls short."""
    remote_addr = request.META.get("REMOTE_ADDR", "")
    if not settings.TRUSTED_PROXY_COUNT:
        return remote_addr
    # ipware counts the proxies listed after the client; the nearest one is not listed
    # (it is REMOTE_ADDR). Not strict: entries the client forged on the left are ignored.
    found, _routable = get_client_ip(
        request,
        proxy_count=settings.TRUSTED_PROXY_COUNT - 1,
        request_header_order=["HTTP_X_FORWARDED_FOR"],
        strict=False,
    )
    return found or remote_addr
