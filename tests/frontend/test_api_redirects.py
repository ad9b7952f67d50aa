"""The site's API session follows no redirects: its client key never reaches the host a
redirect names, and a redirect is the API failing (the last good copy, or the 503 page)."""

from http.server import BaseHTTPRequestHandler

import pytest

from frontend_templates import api_cache
from frontend_templates import client as api_client
from tests.frontend.html import main_text
from tests.frontend.live_backend import CLIENT_KEY
from tests.frontend.servers import QuietServer, ServedInThread

SERVICE = "/services/craniosacral-massage/"
HEADING = "What is CranioSacral Massage?"


class StandIn(ServedInThread):
    """A server on `host` answering every request with `status` and `headers`, and recording
    what it got: (method, path, X-CMS-Client-Key) per request."""

    def __init__(self, host: str, status: int, headers: dict[str, str]):
        self.seen: list[tuple[str, str, str]] = []
        stand_in = self

        class Handler(BaseHTTPRequestHandler):
            """Records, then answers as the stand-in was told (`{path}`: the asked path)."""

            def log_message(self, *args):
                pass

            def do_GET(self):
                key = self.headers.get("X-CMS-Client-Key", "")
                stand_in.seen.append((self.command, self.path, key))
                self.send_response(status)
                for name, value in {**headers, "Content-Length": "2"}.items():
                    self.send_header(name, value.format(path=self.path))
                self.end_headers()
                self.wfile.write(b"{}")

            do_POST = do_GET

        self.server = QuietServer((host, 0), Handler)
        self.url = f"http://{host}:{self.server.server_address[1]}"


@pytest.fixture
def other_host():
    """Where the API's redirects point: another address, which must never get the key."""
    with StandIn("127.0.0.2", 200, {"Content-Type": "application/json"}) as host:
        yield host


@pytest.fixture
def redirecting_api(other_host):
    """An API answering every request with a 302 to the same path on `other_host`."""
    with StandIn("127.0.0.1", 302, {"Location": other_host.url + "{path}"}) as api:
        yield api


def test_a_page_is_the_503_page_and_the_key_stays_home(
    client, settings, redirecting_api, other_host
):
    settings.CMS_API_URL = redirecting_api.url + "/api/v2/"

    response = client.get(SERVICE)

    assert response.status_code == 503 and "Back in a moment" in main_text(response)
    method, path, key = redirecting_api.seen[0]
    assert (method, path.partition("?")[0], key) == ("GET", "/api/v2/pages/find/", CLIENT_KEY)
    assert other_host.seen == []


def test_a_seen_page_comes_from_its_last_good_copy(site, settings, redirecting_api, other_host):
    assert HEADING in main_text(site.get(SERVICE))
    api_cache.purge()
    settings.CMS_API_URL = redirecting_api.url + "/api/v2/"

    response = site.get(SERVICE)

    assert response.status_code == 200 and HEADING in main_text(response)
    assert redirecting_api.seen and other_host.seen == []


def test_readiness_and_forms_do_not_follow_it_either(client, settings, redirecting_api, other_host):
    settings.CMS_API_URL = redirecting_api.url + "/api/v2/"

    ready = client.get("/readyz")
    with pytest.raises(api_client.Unavailable):
        api_client.submit("responses/", {"comment": "Lovely."}, visitor_ip="203.0.113.9")

    assert ready.status_code == 503 and ready.json()["checks"]["api"] == "error: unreachable"
    assert [method for method, _, _ in redirecting_api.seen] == ["GET", "POST"]
    assert other_host.seen == []
