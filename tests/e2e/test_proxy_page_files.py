"""The site's proxy: Debian's nginx with deploy/nginx/site.conf.template in front of the site.

nginx answers a GET or HEAD of a public page from the page files (frontend_templates.
page_files) with the headers the site sends, and hands everything else to the site. Which of
the two answered is read from nginx's access log (`upstream=-` for a file) and, for the
site, from its `X-Page-Cache` header, which only the site sends.

The first tests write the page files themselves, into a folder of their own behind a second
nginx. The last ones (`test_the_site_*`) check that the site writes them on its own: when it
caches a page, and on a publish notification.
"""

import gzip
import textwrap
import threading
import uuid
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest
import requests

from deploy.nginx_config import Nginx, site_variables
from frontend_templates import page_files
from tests.frontend.servers import QuietServer, free_port
from tests.frontend.signing import notification, signed_headers
from tests.waiting import POLL_SECONDS, wait_until

# Headers the site sets on its pages (frontend_templates.middleware, Django's security
# middleware, the page cache's Cache-Control) that nginx must send with a page file too.
SITE_HEADERS = (
    "Content-Type",
    "Cache-Control",
    "Content-Security-Policy",
    "Permissions-Policy",
    "Referrer-Policy",
    "X-Content-Type-Options",
    "X-Frame-Options",
    "Cross-Origin-Opener-Policy",
)
PUBLIC_CACHE_CONTROL = (
    "public, max-age=0, s-maxage=300, stale-while-revalidate=60, stale-if-error=86400"
)
FILE = "-"  # nginx's $upstream_addr when no upstream was asked
CRANIO = "/services/craniosacral-massage/"  # a demo page the site's purge does not pre-render


@dataclass
class Answer:
    """One response through nginx (its body as sent: not un-gzipped), and who gave it: FILE,
    or the site's address."""

    status: int
    headers: requests.structures.CaseInsensitiveDict
    body: bytes
    upstream: str


def fetch(nginx: Nginx, method: str, target: str, **kwargs) -> Answer:
    """`method target` through nginx, without following redirects."""
    offset = nginx.access_log.stat().st_size if nginx.access_log.exists() else 0
    kwargs.setdefault("headers", {}).setdefault("Accept-Encoding", "identity")
    with requests.request(
        method, nginx.url + target, timeout=10, allow_redirects=False, stream=True, **kwargs
    ) as response:
        body = response.raw.read(decode_content=False)
    upstream = logged_upstream(nginx, offset, f'"{method} {target} HTTP/1.1"')
    return Answer(response.status_code, response.headers, body, upstream)


def logged_upstream(nginx: Nginx, offset: int, request_line: str, timeout: float = 5) -> str:
    """The upstream of the request nginx logs after `offset` (it logs once it has answered)."""

    def logged() -> str:
        with open(nginx.access_log, "rb") as log:
            log.seek(offset)
            lines = log.read().decode().splitlines()
        return next((line for line in lines if request_line in line), "")

    line = wait_until(logged, timeout=timeout, what=f"nginx logging {request_line}")
    return line.rsplit("upstream=", 1)[1]


def write_page(path: str, body: bytes, generation: int = 1) -> None:
    assert page_files.write(path, body=body, gzipped=gzip.compress(body), generation=generation)


def site_address(proxied_site) -> str:
    """The site's host:port, as nginx logs it for what the site answered."""
    return proxied_site.site_url.removeprefix("http://")


def from_the_site(proxied_site, path: str) -> requests.Response:
    """The site's own answer, asked directly (not through nginx)."""
    return requests.get(proxied_site.site_url + path, timeout=10, allow_redirects=False)


@pytest.fixture
def files_proxy(proxied_site, live_backend, settings, tmp_path) -> Nginx:
    """nginx in front of the same site, serving page files that the test writes itself with
    frontend_templates.page_files, into a folder the site does not write."""
    settings.SITE_PAGE_FILES_DIR = str(tmp_path / "page-files")
    variables = site_variables(
        upstream=site_address(proxied_site),
        page_files_dir=settings.SITE_PAGE_FILES_DIR,
        port=free_port(),
        media_origins=live_backend.url,
    )
    with Nginx(tmp_path / "nginx", variables) as nginx:
        yield nginx


def test_a_page_file_is_served_byte_for_byte_with_the_sites_headers(files_proxy, proxied_site):
    site = from_the_site(proxied_site, "/services/")
    assert site.status_code == 200
    write_page("/services/", site.content)

    answer = fetch(files_proxy, "GET", "/services/")

    assert answer.upstream == FILE
    assert answer.status == 200
    assert answer.body == site.content
    assert "X-Page-Cache" not in answer.headers
    for header in SITE_HEADERS:
        assert answer.headers[header] == site.headers[header], header
    assert answer.headers["Cache-Control"] == PUBLIC_CACHE_CONTROL
    assert "frame-ancestors 'none'" in answer.headers["Content-Security-Policy"]
    assert answer.headers["Vary"] == "Accept-Encoding"
    assert answer.headers["ETag"] and answer.headers["Last-Modified"]


def test_a_browsers_current_copy_of_a_page_file_gets_a_304(files_proxy):
    write_page("/faq/", b"<!doctype html><title>FAQ</title>")
    first = fetch(files_proxy, "GET", "/faq/")
    for validator in (
        {"If-None-Match": first.headers["ETag"]},
        {"If-Modified-Since": first.headers["Last-Modified"]},
    ):
        again = fetch(files_proxy, "GET", "/faq/", headers=validator)
        assert again.upstream == FILE
        assert again.status == 304
        assert again.body == b""


def test_a_page_file_is_sent_gzipped_to_browsers_that_accept_it(files_proxy):
    body = b"<!doctype html><title>Home</title>" + b"<p>Massage</p>" * 200
    write_page("/", body)

    zipped = fetch(files_proxy, "GET", "/", headers={"Accept-Encoding": "gzip, br"})
    head = fetch(files_proxy, "HEAD", "/", headers={"Accept-Encoding": "gzip"})

    assert zipped.upstream == FILE
    assert zipped.headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(zipped.body) == body
    assert zipped.headers["Vary"] == "Accept-Encoding"
    assert zipped.headers["Content-Type"] == "text/html; charset=utf-8"
    assert head.upstream == FILE
    assert head.headers["Content-Encoding"] == "gzip"
    assert head.body == b""


@pytest.mark.parametrize("path", ["/sitemap.xml", "/robots.txt"])
def test_the_sitemap_and_robots_files_keep_the_sites_content_type(files_proxy, proxied_site, path):
    site = from_the_site(proxied_site, path)
    write_page(path, site.content)

    answer = fetch(files_proxy, "GET", path)

    assert answer.upstream == FILE
    assert answer.body == site.content
    assert answer.headers["Content-Type"] == site.headers["Content-Type"]


@pytest.mark.parametrize(
    "method, target",
    [
        ("POST", "/services/"),
        ("OPTIONS", "/services/"),
        ("GET", "/services/?page=2"),
        ("HEAD", "/services/?utm_source=newsletter"),
        ("GET", "/services/index.html"),
        ("GET", "/search/?q=massage"),
    ],
)
def test_what_only_the_site_may_answer_reaches_it_even_with_a_page_file(
    files_proxy, proxied_site, method, target
):
    write_page("/services/", b"the page file")
    # Whatever might be on disk for the site's own addresses is never served.
    search = Path(page_files.root(), "current", "search", "index.html")
    search.parent.mkdir()
    search.write_bytes(b"the page file")

    answer = fetch(files_proxy, method, target)

    assert answer.upstream == site_address(proxied_site)
    assert answer.body != b"the page file"


def test_a_path_without_its_slash_is_the_sites_redirect_not_the_page_file(
    files_proxy, proxied_site
):
    write_page("/services/", b"the page file")

    answer = fetch(files_proxy, "GET", "/services")

    assert answer.upstream == site_address(proxied_site)
    assert answer.status == 301
    assert answer.headers["Location"] == "/services/"


def test_a_page_without_a_file_comes_from_the_site(files_proxy, proxied_site):
    write_page("/", b"the home page file")

    answer = fetch(files_proxy, "GET", "/faq/")

    assert answer.upstream == site_address(proxied_site)
    assert answer.status == 200
    assert answer.headers["X-Page-Cache"] in {"hit", "miss"}


def test_after_a_purge_the_old_page_file_is_gone_and_the_site_answers(files_proxy, proxied_site):
    write_page("/services/", b"before the purge", generation=1)
    page_files.switch(2)

    answer = fetch(files_proxy, "GET", "/services/")

    assert answer.upstream == site_address(proxied_site)
    assert answer.status == 200
    assert answer.body != b"before the purge"
    assert answer.headers["X-Page-Cache"] in {"hit", "miss"}


def test_behind_https_page_files_go_only_to_https_requests_with_hsts(
    proxied_site, live_backend, settings, tmp_path
):
    """The production shape: SECURE_SSL_REDIRECT on (plain HTTP goes to the site, which
    redirects it) and HSTS, as the TLS-terminating proxy in front says with X-Forwarded-Proto."""
    settings.SITE_PAGE_FILES_DIR = str(tmp_path / "page-files")
    variables = site_variables(
        upstream=site_address(proxied_site),
        page_files_dir=settings.SITE_PAGE_FILES_DIR,
        port=free_port(),
        media_origins=live_backend.url,
        SITE_HTTPS_ONLY=1,
        SITE_HSTS_SECONDS=31536000,
    )
    write_page("/", b"the home page file")
    with Nginx(tmp_path / "nginx", variables) as nginx:
        https = fetch(nginx, "GET", "/", headers={"X-Forwarded-Proto": "https"})
        plain = fetch(nginx, "GET", "/")

    assert https.upstream == FILE
    assert https.body == b"the home page file"
    assert https.headers["Strict-Transport-Security"] == (
        "max-age=31536000; includeSubDomains; preload"
    )
    assert plain.upstream == site_address(proxied_site)
    assert "Strict-Transport-Security" not in plain.headers


class RecordingSite:
    """A stand-in upstream that records what nginx forwards to it (method, target, headers,
    body), to check the proxy's forwarding headers."""

    def __init__(self):
        self.seen: list[dict] = []
        recorder = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def record(self):
                length = int(self.headers.get("Content-Length") or 0)
                recorder.seen.append(
                    {
                        "method": self.command,
                        "target": self.path,
                        "headers": dict(self.headers),
                        "body": self.rfile.read(length),
                    }
                )
                self.send_response(200)
                self.send_header("Content-Length", "8")
                self.end_headers()
                self.wfile.write(b"recorded")

            do_GET = do_POST = record

        self.server = QuietServer(("127.0.0.1", 0), Handler)
        self.address = f"127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": POLL_SECONDS}, daemon=True
        ).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


def test_the_site_gets_the_visitors_host_address_and_scheme(tmp_path, settings):
    settings.SITE_PAGE_FILES_DIR = str(tmp_path / "page-files")
    site = RecordingSite()
    variables = site_variables(
        upstream=site.address,
        page_files_dir=settings.SITE_PAGE_FILES_DIR,
        port=free_port(),
        media_origins="https://cms.example.com",
    )
    try:
        with Nginx(tmp_path / "nginx", variables) as nginx:
            fetch(
                nginx,
                "POST",
                "/contact/?source=footer",
                data=b"name=Ann&message=Hello",
                headers={"X-Forwarded-For": "203.0.113.7", "X-Forwarded-Proto": "https"},
            )
            fetch(nginx, "GET", "/faq/")
    finally:
        site.close()

    posted, got = site.seen
    port = variables["PROXY_PORT"]
    assert (posted["method"], posted["target"]) == ("POST", "/contact/?source=footer")
    assert posted["body"] == b"name=Ann&message=Hello"
    assert posted["headers"]["Host"] == f"127.0.0.1:{port}"
    assert posted["headers"]["X-Forwarded-For"] == "203.0.113.7, 127.0.0.1"
    assert posted["headers"]["X-Forwarded-Proto"] == "https"
    # Without a TLS proxy in front, the scheme of this hop.
    assert got["headers"]["X-Forwarded-Proto"] == "http"
    assert got["headers"]["X-Forwarded-For"] == "127.0.0.1"


# --- with the site writing its own page files (frontend_templates.page_server, purge) ---


def purge(proxied_site, paths=()) -> None:
    """A signed publish notification, as the CMS sends it, through nginx to the site."""
    body = notification(paths=paths)
    answer = requests.post(
        proxied_site.url + "/_cms/purge/",
        data=body,
        headers={"Content-Type": "application/json", **signed_headers(body)},
        timeout=30,
    )
    assert answer.status_code == 204


def publish(live_backend, proxied_site, code: str) -> str:
    """Run `code` in a backend shell whose changes notify the proxied site (through nginx),
    as the CMS notifies its site on commit."""
    process = live_backend.manage(
        "shell",
        "--verbosity",
        "0",
        "-c",
        textwrap.dedent(code),
        notify_site=True,
        extra_env={"FRONTEND_PURGE_URL": f"{proxied_site.url}/_cms/purge/"},
        stdout=-1,
        stderr=-1,
    )
    out, err = process.communicate(timeout=120)
    assert process.returncode == 0, err.decode()
    return out.decode()


def page_file(proxied_site, path: str) -> Path:
    return proxied_site.page_files / "current" / page_files.file_name(path)


def wait_for_page_file(proxied_site, path: str, words: str, timeout: float = 15) -> None:
    """Wait until the site has written `path` with `words` (it renders a notified page before
    answering the notification, but gives up waiting after PRERENDER_WAIT_SECONDS)."""
    file = page_file(proxied_site, path)
    wait_until(
        lambda: file.exists() and words.encode() in file.read_bytes(),
        timeout=timeout,
        what=f"the site writing the page file of {path} with {words!r}",
    )


def test_the_site_writes_a_page_it_caches_and_nginx_serves_it_from_then_on(proxied_site):
    purge(proxied_site)  # a new generation: no page cached, no page files

    first = fetch(proxied_site.nginx, "GET", CRANIO)
    again = fetch(proxied_site.nginx, "GET", CRANIO)

    assert first.upstream == site_address(proxied_site)
    assert first.headers["X-Page-Cache"] == "miss"
    assert page_file(proxied_site, CRANIO).read_bytes() == first.body
    assert again.upstream == FILE
    assert again.body == first.body
    for header in SITE_HEADERS:
        assert again.headers[header] == first.headers[header], header


def test_the_site_writes_a_page_file_only_for_the_pages_own_address(proxied_site):
    purge(proxied_site)

    # A variant of the page (the notice after a visitor's reply) and search results: no file.
    variant = fetch(proxied_site.nginx, "GET", f"{CRANIO}?response=pending")
    search = fetch(proxied_site.nginx, "GET", "/search/?q=massage")
    assert variant.status == search.status == 200
    assert variant.upstream == search.upstream == site_address(proxied_site)
    assert not page_file(proxied_site, CRANIO).exists()
    assert not (proxied_site.page_files / "current" / "search").exists()

    # A query the page ignores (a campaign tag) is the page itself: written, then served.
    tagged = fetch(proxied_site.nginx, "GET", f"{CRANIO}?utm_source=newsletter")
    plain = fetch(proxied_site.nginx, "GET", CRANIO)
    assert tagged.upstream == site_address(proxied_site)
    assert plain.upstream == FILE
    assert plain.body == tagged.body != variant.body


def test_the_site_rewrites_the_page_file_nginx_serves_when_the_backend_publishes(
    live_backend, proxied_site
):
    slug = f"behind-the-proxy-{uuid.uuid4().hex[:8]}"
    path = f"/services/{slug}/"
    publish(
        live_backend,
        proxied_site,
        f"""
        from cms_pages.models import ServiceIndexPage, ServicePage
        page = ServicePage(title="Behind the proxy", slug="{slug}", summary="Served by nginx.",
                           introduction="<p>First words of {slug}.</p>")
        ServiceIndexPage.objects.get().add_child(instance=page)
        page.save_revision().publish()
        """,
    )
    wait_for_page_file(proxied_site, path, f"First words of {slug}.")
    first = fetch(proxied_site.nginx, "GET", path)
    assert first.upstream == FILE
    assert f"First words of {slug}.".encode() in first.body

    publish(
        live_backend,
        proxied_site,
        f"""
        from cms_pages.models import ServicePage
        page = ServicePage.objects.get(slug="{slug}")
        page.introduction = "<p>Second words of {slug}.</p>"
        page.save_revision().publish()
        """,
    )
    wait_for_page_file(proxied_site, path, f"Second words of {slug}.")
    second = fetch(proxied_site.nginx, "GET", path)
    assert second.upstream == FILE
    assert f"Second words of {slug}.".encode() in second.body
    assert f"First words of {slug}.".encode() not in second.body
