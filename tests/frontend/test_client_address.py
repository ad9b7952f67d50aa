"""The visitor's address as the site tells it behind TRUSTED_PROXY_COUNT proxies.

The site sends it to the API with each form (X-CMS-Visitor-IP), where the per-visitor
limits and Akismet use it: behind the proxy it must be the visitor's, not the proxy's.
"""

import pytest
from django.test import RequestFactory

from frontend_templates.client_address import client_ip
from tests.client_address_cases import CASES, PROXY, meta
from tests.frontend.test_submissions import a_response, stored_responses


@pytest.mark.parametrize(
    ("proxies", "remote_addr", "forwarded_for", "visitor"), CASES.values(), ids=CASES
)
def test_the_visitor_is_counted_from_the_right(
    settings, proxies, remote_addr, forwarded_for, visitor
):
    settings.TRUSTED_PROXY_COUNT = proxies
    assert client_ip(RequestFactory().get("/", **meta(remote_addr, forwarded_for))) == visitor


def test_behind_a_proxy_the_api_is_told_the_visitors_address(site, settings, live_backend):
    settings.TRUSTED_PROXY_COUNT = 1
    site.defaults.update(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="203.0.113.1, 192.0.2.177")
    data = a_response(site)

    sent = site.post("/responses/", data)

    assert sent.status_code == 302
    assert [r["ip_address"] for r in stored_responses(live_backend, data["comment"])] == [
        "192.0.2.177"
    ]
