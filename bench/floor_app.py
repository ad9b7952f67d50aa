"""The floor of the site measurement: a WSGI app that only hands back recorded answers.

The bench fetches the site's page once per Accept-Encoding variant and records its status,
headers and body (`record`); this app, under the same gunicorn configuration as the site,
answers every request with the recorded variant for the request's Accept-Encoding, byte for
byte. Nothing can answer that page faster through gunicorn, so the site's req/s is compared
with this one's.

`BENCH_FLOOR_ANSWERS` names the JSON file `record` wrote: {accept_encoding: {"status",
"headers", "body_base64"}}; a request whose Accept-Encoding was not recorded gets the answer
recorded without one ("").
"""

import base64
import http.client
import json
import os
from pathlib import Path
from typing import NamedTuple
from urllib.parse import urlsplit

# Headers gunicorn writes itself (or that describe the connection, not the answer).
NOT_COPIED = {"connection", "date", "server", "transfer-encoding", "keep-alive"}


class Answer(NamedTuple):
    """One HTTP answer as sent: status line ("200 OK"), headers in order, body bytes."""

    status: str
    headers: list[tuple[str, str]]
    body: bytes


def fetch(url: str, accept_encoding: str = "") -> Answer:
    """GET `url` (http://host:port/path) and keep the answer exactly as sent (not decoded)."""
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
    try:
        headers = {"Accept-Encoding": accept_encoding} if accept_encoding else {}
        connection.request(
            "GET", parts.path + (f"?{parts.query}" if parts.query else ""), headers=headers
        )
        response = connection.getresponse()
        return Answer(
            f"{response.status} {response.reason}", response.getheaders(), response.read()
        )
    finally:
        connection.close()


def record(path: Path, answers: dict[str, "Answer"]) -> None:
    """Write `answers` {accept_encoding: Answer} in the app's format."""
    recorded = {
        accept: {
            "status": answer.status,
            "headers": [
                [name, value] for name, value in answer.headers if name.lower() not in NOT_COPIED
            ],
            "body_base64": base64.b64encode(answer.body).decode(),
        }
        for accept, answer in answers.items()
    }
    path.write_text(json.dumps(recorded))


def load(path: str) -> dict[str, Answer]:
    recorded = json.loads(Path(path).read_text())
    return {
        accept: Answer(
            answer["status"],
            [(name, value) for name, value in answer["headers"]],
            base64.b64decode(answer["body_base64"]),
        )
        for accept, answer in recorded.items()
    }


ANSWERS = load(os.environ["BENCH_FLOOR_ANSWERS"]) if "BENCH_FLOOR_ANSWERS" in os.environ else {}


def application(environ, start_response):
    status, headers, body = ANSWERS.get(environ.get("HTTP_ACCEPT_ENCODING", ""), ANSWERS[""])
    start_response(status, headers)
    return [body]
