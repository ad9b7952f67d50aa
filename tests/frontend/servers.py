"""Small HTTP servers for the site's tests: free ports, readiness, and an API stand-in.

`APIProxy` sits between the site and the live backend. Passing through, it counts the API
requests the site makes; switched to `slow` or `failing` it stands in for an API outage.
"""

import json
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import requests

from tests.waiting import POLL_SECONDS, wait_until

FORWARDED_HEADERS = ("Accept", "If-None-Match", "X-CMS-Client-Key", "User-Agent")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_http(url: str, *, timeout: float, process=None) -> None:
    """Wait until `url` answers (any status); fail early if `process` exits."""

    def answers() -> bool:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"{process.args} exited with {process.returncode}")
        try:
            requests.get(url, timeout=1)
        except requests.RequestException:
            return False
        return True

    wait_until(answers, timeout=timeout, what=f"an answer from {url}")


class QuietServer(ThreadingHTTPServer):
    """A threaded server that never waits for hanging handlers when it shuts down."""

    daemon_threads = True
    block_on_close = False


class ServedInThread:
    """A stand-in whose `server` answers in a thread from `with` to the end of the block."""

    def __enter__(self):
        threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": POLL_SECONDS}, daemon=True
        ).start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()


class APIProxy(ServedInThread):
    """Forward /api/v2/ requests to the live backend, or answer slowly, or fail.

    `mode` is "pass" (forward), "slow" (hold each request `delay` seconds, then forward) or
    "failing" (answer 500). Requests still held when the block ends are dropped, unanswered.
    `requests_seen` counts every request the site made, `paths_seen` lists them.
    """

    def __init__(self, backend_url: str, delay: float = 5.0):
        self.backend_url = backend_url
        self.delay = delay
        self.released = threading.Event()
        self.mode = "pass"
        self.requests_seen = 0
        self.paths_seen: list[str] = []
        self.server = QuietServer(("127.0.0.1", 0), self._handler())
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/api/v2/"

    def _handler(self):
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            """Counts, then forwards, delays or fails each request as the proxy's mode says."""

            def log_message(self, *args):
                pass

            def do_GET(self):
                proxy.requests_seen += 1
                proxy.paths_seen.append(self.path)
                if proxy.mode == "failing":
                    self.answer(500, b'{"message": "server error"}', {})
                    return
                if proxy.mode == "slow" and proxy.released.wait(proxy.delay):
                    return  # the block has ended: nobody waits for this answer any more
                headers = {k: self.headers[k] for k in FORWARDED_HEADERS if k in self.headers}
                upstream = requests.get(proxy.backend_url + self.path, headers=headers, timeout=10)
                keep = {k: v for k, v in upstream.headers.items() if k in ("ETag", "Location")}
                self.answer(upstream.status_code, upstream.content, keep)

            def answer(self, status: int, body: bytes, headers: dict):
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(body)))
                    for name, value in headers.items():
                        self.send_header(name, value)
                    self.end_headers()
                    self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the site gave up waiting: that is what a slow API test wants

        return Handler

    def __exit__(self, *exc):
        self.released.set()
        super().__exit__(*exc)

    @property
    def content_requests(self) -> int:
        """Requests for content, leaving out form tokens (fresh for every form shown)."""
        return sum(not path.startswith("/api/v2/forms/token/") for path in self.paths_seen)


class RecordedAPI(APIProxy):
    """An API stand-in answering from recorded JSON: {(path, html_path or ''): payload}."""

    def __init__(self, answers: dict[tuple[str, str], dict]):
        self.answers = answers
        super().__init__(backend_url="")

    def _handler(self):
        recorded = self
        base = super()._handler()

        class Handler(base):
            """Answers from the recorded payloads; anything else is the API's 404."""

            def do_GET(self):
                recorded.requests_seen += 1
                path, _, query = self.path.partition("?")
                params = dict(p.split("=", 1) for p in query.split("&") if "=" in p)
                key = (
                    path.removeprefix("/api/v2/"),
                    requests.utils.unquote(params.get("html_path", "")),
                )
                payload = recorded.answers.get(key)
                if payload is None:
                    self.answer(404, b'{"message": "not found"}', {})
                else:
                    self.answer(200, json.dumps(payload).encode(), {})

        return Handler
