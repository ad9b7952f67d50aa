"""Fixtures for the API's tests."""

import itertools
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from api.models import WebhookSubscriber
from tests.waiting import POLL_SECONDS


@pytest.fixture
def api(client):
    """A client for the public API that returns parsed JSON alongside the response."""

    class API:
        def get(self, path, **headers):
            return client.get(f"/api/v2/{path}", headers=headers)

        def json(self, path, status=200):
            response = self.get(path)
            assert response.status_code == status, response.content[:500]
            return response.json()

    return API()


# Arrival numbers shared by every Receiver: the order of requests across several of them.
ARRIVALS = itertools.count()


class Receiver:
    """A real HTTP endpoint on loopback that records what it is sent: a webhook's POSTs or a
    CDN's PURGE requests. Its statuses are answered in turn, the last one repeated; a status of
    None hangs up without answering. `headers` go with every answer (a redirect's Location)."""

    def __init__(self, statuses=(204,), headers: dict | None = None):
        self.statuses = list(statuses)
        self.headers = headers or {}
        self.received: list[dict] = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                receiver.received.append(
                    {
                        "method": self.command,
                        "path": self.path,
                        "headers": dict(self.headers),
                        "body": body,
                        "arrival": next(ARRIVALS),
                    }
                )
                status = (
                    receiver.statuses.pop(0) if len(receiver.statuses) > 1 else receiver.statuses[0]
                )
                if status is None:
                    self.close_connection = True
                    return
                self.send_response(status)
                for name, value in receiver.headers.items():
                    self.send_header(name, value)
                self.end_headers()

            do_PURGE = do_POST

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/hook"
        threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": POLL_SECONDS}, daemon=True
        ).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver():
    """A webhook subscriber's endpoint that answers 204 and records every POST."""
    found = Receiver()
    yield found
    found.close()


@pytest.fixture
def announcements(receiver, django_capture_on_commit_callbacks):
    """Run a change and return the notifications it sent (parsed), once committed: what a
    partner's webhook (and the site's purge endpoint, told the same) hears of it."""
    WebhookSubscriber.objects.create(name="Partner", url=receiver.url)

    def run(change) -> list[dict]:
        receiver.received.clear()
        with django_capture_on_commit_callbacks(execute=True):
            change()
        return [json.loads(message["body"]) for message in receiver.received]

    return run
