"""Pages rendered before anyone asks: after a purge, the changed pages and their neighbours.

The CMS's purge notification names the paths it changed. Those are rendered at once, before
the purge is answered (within PRERENDER_WAIT_SECONDS), so that the first visitor after a
publish, and a CDN purged right after, get the new page from the cache. Their parents, the
home page, the lists and the sitemap follow in a background thread. A page someone else is
rendering already is left to them (frontend_templates.render_lock).
"""

import io
import logging
import sys
import threading
from functools import cache
from urllib.parse import urlsplit

from django.conf import settings
from django.core.handlers.wsgi import WSGIHandler

from frontend_templates import page_cache
from frontend_templates.page_server import PageServer
from frontend_templates.render_lock import lock_for

logger = logging.getLogger(__name__)
# Pages that list or link to others: whatever changed, they may show it.
NEIGHBOURS = ("/", "/services/", "/faq/", "/sitemap.xml")
MOST_NOTIFIED_PATHS = 20
# Background renders not finished yet, for whoever must wait for them (a test, a shutdown).
running: list[threading.Thread] = []


@cache
def _server() -> PageServer:
    return PageServer(WSGIHandler())


def ancestors(path: str) -> list[str]:
    """'/services/x/' -> ['/services/', '/'] (nearest first)."""
    parts = [part for part in path.split("/") if part]
    return [
        "/" + "".join(f"{part}/" for part in parts[:depth])
        for depth in range(len(parts) - 1, -1, -1)
    ]


def environ_for(path: str, origin: str) -> dict:
    """A visitor's plain GET of `path` on the site at `origin` ('https://host')."""
    parts = urlsplit(origin)
    secure = parts.scheme == "https"
    environ = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": path.encode().decode("latin-1"),
        "QUERY_STRING": "",
        "SCRIPT_NAME": "",
        "SERVER_NAME": parts.hostname or "localhost",
        "SERVER_PORT": str(parts.port or (443 if secure else 80)),
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_HOST": parts.netloc,
        "REMOTE_ADDR": "127.0.0.1",
        "wsgi.version": (1, 0),
        "wsgi.url_scheme": parts.scheme,
        "wsgi.input": io.BytesIO(),
        "wsgi.errors": sys.stderr,
        "wsgi.multithread": True,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
    }
    proxy_header = getattr(settings, "SECURE_PROXY_SSL_HEADER", None)
    if secure and proxy_header:
        environ[proxy_header[0]] = proxy_header[1]
    return environ


def render(path: str, origin: str) -> None:
    """Render and keep one page, unless it is kept already or being rendered elsewhere."""
    environ = environ_for(path, origin)
    request = page_cache.page_request(environ)
    if request is None or page_cache.get(request) is not None:
        return
    lock = lock_for(request.key)
    if not lock.acquire():
        return
    try:
        _server().render_and_keep(request, environ)
    except Exception:  # a failed pre-render is only a slower first visit
        logger.exception("Pre-rendering %s failed", path)
    finally:
        lock.release()


def render_all(paths: list[str], origin: str) -> None:
    for path in paths:
        render(path, origin)


def after_purge(paths: list[str], origin: str) -> None:
    """Render the notified `paths` now (bounded wait), then their neighbours in the background."""
    notified = list(dict.fromkeys(p for p in paths if p.startswith("/")))[:MOST_NOTIFIED_PATHS]
    neighbours = [p for path in notified for p in ancestors(path)] + list(NEIGHBOURS)
    later = [p for p in dict.fromkeys(neighbours) if p not in notified]
    now = _start(notified, origin)
    now.join(settings.PRERENDER_WAIT_SECONDS)
    _start(later, origin)


def _start(paths: list[str], origin: str) -> threading.Thread:
    running[:] = [thread for thread in running if thread.is_alive()]
    thread = threading.Thread(target=render_all, args=(paths, origin), daemon=True)
    running.append(thread)
    thread.start()
    return thread


def wait(timeout: float) -> None:
    """Wait for the background renders started so far."""
    for thread in list(running):
        thread.join(timeout)
