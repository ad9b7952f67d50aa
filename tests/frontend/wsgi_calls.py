"""Calling the site's WSGI application in-process, as gunicorn would, for the page cache.

Django's test client goes around the page server (it calls Django's handler directly), so
the page cache's tests call the same stack as `frontend_templates.wsgi` with real environs.
"""

import io
from dataclasses import dataclass
from urllib.parse import urlencode

from django.core.handlers.wsgi import WSGIHandler

from frontend_templates.page_server import PageServer
from frontend_templates.prerender import environ_for
from tests.wsgi_answers import answer_of


@dataclass
class Answer:
    status: int
    headers: dict[str, str]  # lower-case names
    content: bytes

    def header(self, name: str) -> str:
        return self.headers.get(name.lower(), "")


def site_application() -> PageServer:
    """The site as gunicorn runs it: the page server in front of Django."""
    return PageServer(WSGIHandler())


def call(
    app,
    path: str,
    *,
    method: str = "GET",
    query: str = "",
    host: str = "testserver",
    headers: dict | None = None,
    remote_addr: str = "127.0.0.1",
    form: dict | None = None,
) -> Answer:
    environ = {
        **environ_for(path, f"http://{host}"),
        "REQUEST_METHOD": method,
        "QUERY_STRING": query,
        "REMOTE_ADDR": remote_addr,
    }
    if form is not None:
        body = urlencode(form).encode()
        environ["wsgi.input"] = io.BytesIO(body)
        environ["CONTENT_TYPE"] = "application/x-www-form-urlencoded"
        environ["CONTENT_LENGTH"] = str(len(body))
    for name, value in (headers or {}).items():
        environ["HTTP_" + name.upper().replace("-", "_")] = value
    status, response_headers, content = answer_of(app, environ)
    headers = {name.lower(): value for name, value in response_headers}
    return Answer(int(status.split()[0]), headers, content)
