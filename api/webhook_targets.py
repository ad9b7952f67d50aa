"""Where webhooks may go: http(s) addresses on the public internet, reached without redirects.

Whoever edits the subscribers chooses where the backend sends POSTs; unchecked, that is a
way to reach the backend's own network (Redis, PostgreSQL, a cloud's metadata service at
169.254.169.254). An address is checked when a subscriber is saved (a clear form error for
the owner) and again before each delivery, since its DNS may have changed since. The POST
itself goes through requests-hardened, which connects to the address it has just checked
(no second lookup an attacker's DNS could answer differently) and never follows a redirect.

WEBHOOK_ALLOW_PRIVATE_TARGETS lifts the address rule (a partner on the same private
network); the site's own purge endpoint (FRONTEND_PURGE_URL) is always allowed.
"""

import ipaddress
import socket
from urllib.parse import urlsplit

import requests
from django.conf import settings
from django.core.exceptions import ValidationError
from requests_hardened import Config, HTTPSession
from requests_hardened.ip_filter import InvalidIPAddress

NOT_PUBLIC = "not a public internet address (loopback, private, link-local, multicast or reserved)"


class RefusedTarget(Exception):
    """A webhook address the backend will not send to; the message tells the owner why."""


def is_public(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    """Whether an address is on the public internet (an IPv4-mapped IPv6 one judged as IPv4).

    6to4 (2002::/16) addresses embed an IPv4 one that Python does not judge: refused.
    """
    if address.version == 6:
        if address.ipv4_mapped is not None:
            return is_public(address.ipv4_mapped)
        if address.sixtofour is not None or address.is_site_local:
            return False
    return address.is_global and not (address.is_multicast or address.is_reserved)


def may_be_private(url: str) -> bool:
    """Private addresses are allowed for every target, or `url` is the site's own purge URL."""
    own = settings.FRONTEND_PURGE_URL
    return settings.WEBHOOK_ALLOW_PRIVATE_TARGETS or bool(own and url == own)


def check_target(url: str) -> None:
    """Raise RefusedTarget unless `url` is http(s) and its host has only public addresses.

    A host that cannot be resolved now raises socket.gaierror.
    """
    try:
        parts = urlsplit(url)
        host, port = parts.hostname, parts.port
    except ValueError as error:
        raise RefusedTarget(f"{url} is not a valid address.") from error
    if parts.scheme not in ("http", "https") or not host:
        raise RefusedTarget(
            "A webhook address must start with http:// or https:// and name a host."
        )
    if may_be_private(url):
        return
    port = port or (443 if parts.scheme == "https" else 80)
    for *_, socket_address in socket.getaddrinfo(host, port, type=socket.SOCK_STREAM):
        address = ipaddress.ip_address(socket_address[0])
        if not is_public(address):
            raise RefusedTarget(f"{host} is at {address}, which is {NOT_PUBLIC}.")


def validate_webhook_url(url: str) -> None:
    """Validator of a subscriber's URL: the reason in the admin form when it is refused."""
    try:
        check_target(url)
    except RefusedTarget as refusal:
        raise ValidationError(str(refusal), code="refused_target") from refusal
    except (socket.gaierror, UnicodeError) as error:
        host = urlsplit(url).hostname
        raise ValidationError(
            f"The host {host} could not be found: check the address.", code="unknown_host"
        ) from error


def post(url: str, **kwargs) -> requests.Response:
    """POST to a webhook target once it passes `check_target`, never following a redirect.

    Raises RefusedTarget when it does not, or when the host's address changed to a
    non-public one between the check and the connection.
    """
    check_target(url)
    filtered = not may_be_private(url)
    config = Config(
        ip_filter_enable=filtered,
        ip_filter_allow_loopback_ips=False,
        never_redirect=True,
        default_timeout=None,  # callers pass their own
    )
    with HTTPSession(config) as session:
        try:
            return session.post(url, **kwargs)
        except InvalidIPAddress as error:
            host = urlsplit(url).hostname
            raise RefusedTarget(f"{host} is now at {error}, which is {NOT_PUBLIC}.") from error
