"""Visitors told apart behind a real nginx, as compose deploys the two processes.

Behind a proxy every request comes from the proxy's address. With TRUSTED_PROXY_COUNT=1 the
site and the backend take the visitor's from the end of X-Forwarded-For, where nginx appends
it, so one visitor flooding a form or the API is refused while another is not, and whatever
the flooding visitor writes into X-Forwarded-For does not make them someone new. Visitors
are distinct loopback source addresses.

The site is `proxied_site` (Debian's nginx in front; the site calls the API directly, past the
proxy, and forwards the visitor's address beside its trusted key). The API is a second
backend process on the live database behind an nginx of its own (the same server block,
with no page files: every request goes through), with a low rate limit.
"""

import uuid

import pytest
import requests
from requests.adapters import HTTPAdapter

from deploy import nginx_config
from tests.frontend.servers import free_port
from tests.frontend.test_submissions import appointment_typed

FLOODER, NEIGHBOUR, SHAPESHIFTER = "127.0.0.2", "127.0.0.3", "127.0.0.4"
FORM_RATE_LIMIT = 5  # the live backend's (FORM_RATE_LIMIT's default), per sliding 10 minutes
API_RATE_LIMIT = 10  # per minute, for the proxied API below
TOO_MANY_FORMS = "Too many submissions from your address"


class FromAddress(HTTPAdapter):
    """Connections that leave from one loopback address: one visitor of their own."""

    def __init__(self, address: str):
        self.address = address
        super().__init__()

    def init_poolmanager(self, *args, **kwargs):
        super().init_poolmanager(*args, **kwargs, source_address=(self.address, 0))


def visitor(address: str) -> requests.Session:
    session = requests.Session()
    session.mount("http://", FromAddress(address))
    return session


@pytest.fixture(scope="module")
def proxied_api(live_backend, tmp_path_factory) -> str:
    """The API's address behind nginx: a backend process with TRUSTED_PROXY_COUNT=1."""
    workdir = tmp_path_factory.mktemp("proxied-api")
    backend_port, proxy_port = free_port(), free_port()
    process = live_backend.serve(
        backend_port,
        notify_site=False,
        TRUSTED_PROXY_COUNT="1",
        API_THROTTLE_RATE=f"{API_RATE_LIMIT}/minute",
    )
    variables = nginx_config.site_variables(
        upstream=f"127.0.0.1:{backend_port}",
        page_files_dir=workdir / "no-page-files",
        port=proxy_port,
        media_origins=live_backend.url,
    )
    try:
        with nginx_config.Nginx(workdir / "nginx", variables) as nginx:
            yield nginx.url + "/api/v2/"
    finally:
        process.terminate()
        process.wait(timeout=15)


def page_id(live_backend, path: str) -> int:
    found = requests.get(
        live_backend.api_url + "pages/find/", params={"html_path": path}, timeout=5
    )
    return found.json()["id"]


def form_tokens(session: requests.Session, site_url: str) -> dict:
    """What the site's script puts into a form (and the CSRF cookie beside it)."""
    tokens = session.get(site_url + "/_forms/token/", timeout=10).json()
    return {"form_token": tokens["form_token"], "csrfmiddlewaretoken": tokens["csrf_token"]}


def send_response(session, site_url: str, live_backend, **headers) -> requests.Response:
    """A 'Leave a Reply' form on the CranioSacral page, through the site."""
    data = {
        "page": page_id(live_backend, "/services/craniosacral-massage/"),
        "name": "Robin",
        "email": "robin@example.com",
        "website": "",
        "comment": f"My shoulders feel lighter ({uuid.uuid4().hex[:10]}).",
        "nickname": "",
        **form_tokens(session, site_url),
    }
    return session.post(
        site_url + "/responses/", data=data, headers=headers, allow_redirects=False, timeout=10
    )


def send_appointment_request(session, site_url: str, live_backend, **headers):
    """The contact page's appointment request form, through the site."""
    data = {
        **appointment_typed(),
        "nickname": "",
        **form_tokens(session, site_url),
    }
    return session.post(
        site_url + "/contact/", data=data, headers=headers, allow_redirects=False, timeout=10
    )


# Each form, and where the site sends a visitor whose form it took.
FORMS = {
    "response": (send_response, "/services/craniosacral-massage/?response=pending#respond"),
    "appointment request": (send_appointment_request, "/contact/?request=sent#request-sent"),
}


@pytest.mark.parametrize(("send", "taken_to"), FORMS.values(), ids=FORMS)
def test_one_visitor_flooding_a_form_is_refused_and_another_is_not(
    proxied_site, live_backend, send, taken_to
):
    flooder, neighbour = visitor(FLOODER), visitor(NEIGHBOUR)
    site = proxied_site.url

    statuses = [send(flooder, site, live_backend).status_code for _ in range(FORM_RATE_LIMIT + 1)]

    assert statuses == [302] * FORM_RATE_LIMIT + [429]  # a whole budget, the flooder's own
    taken = send(neighbour, site, live_backend)
    assert (taken.status_code, taken.headers.get("Location")) == (302, taken_to)
    for forged in (NEIGHBOUR, f"198.51.100.{uuid.uuid4().int % 250 + 1}", "unknown, 10.0.0.1"):
        refused = send(flooder, site, live_backend, **{"X-Forwarded-For": forged})
        assert refused.status_code == 429, forged
        assert TOO_MANY_FORMS in refused.text
        assert int(refused.headers["Retry-After"]) > 0


def api_status(session: requests.Session, api_url: str, **headers) -> int:
    return session.get(api_url + "practice/", headers=headers, timeout=10).status_code


def test_one_visitor_flooding_the_api_is_throttled_and_another_is_not(proxied_api):
    flooder, neighbour = visitor(FLOODER), visitor(NEIGHBOUR)

    statuses = [api_status(flooder, proxied_api) for _ in range(API_RATE_LIMIT + 1)]

    assert statuses == [200] * API_RATE_LIMIT + [429]
    limited = flooder.get(proxied_api + "practice/", timeout=10)
    assert limited.status_code == 429
    assert "Too many requests" in limited.json()["message"]
    assert int(limited.headers["Retry-After"]) > 0
    answer = neighbour.get(proxied_api + "practice/", timeout=10)
    assert answer.status_code == 200
    assert answer.json()["name"]
    for forged in (NEIGHBOUR, "198.51.100.9", "198.51.100.9, 127.0.0.5"):
        assert api_status(flooder, proxied_api, **{"X-Forwarded-For": forged}) == 429, forged


def test_a_new_x_forwarded_for_on_every_request_does_not_escape_the_api_limit(proxied_api):
    shapeshifter = visitor(SHAPESHIFTER)

    statuses = [
        api_status(shapeshifter, proxied_api, **{"X-Forwarded-For": f"198.51.100.{n + 1}"})
        for n in range(API_RATE_LIMIT + 1)
    ]

    assert statuses == [200] * API_RATE_LIMIT + [429]
