"""Fixtures for the API's tests."""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest


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


class Receiver:
    """A real HTTP endpoint on loopback that records what it is sent."""

    def __init__(self, statuses=(204,)):
        self.statuses = list(statuses)
        self.received: list[dict] = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.received.append({"headers": dict(self.headers), "body": body})
                status = (
                    receiver.statuses.pop(0) if len(receiver.statuses) > 1 else receiver.statuses[0]
                )
                self.send_response(status)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/hook"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver():
    """A webhook subscriber's endpoint that answers 204 and records every POST."""
    found = Receiver()
    yield found
    found.close()
