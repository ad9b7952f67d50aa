"""The backend as deployed: gunicorn + production settings on PostgreSQL and Redis.

Requests go to a real server (see `backend_server`); behind the proxy every public request
carries X-Forwarded-Proto: https, which these tests send the same way.
"""

import re
from pathlib import Path

import pytest
import requests

from tests.production.processes import run
from tests.waiting import wait_until

HTTPS = {"X-Forwarded-Proto": "https"}
HASHED_STATIC = re.compile(r'(/static/[\w/.-]+\.[0-9a-f]{12}\.(?:css|js))"')


def get(backend, path: str, **kwargs) -> requests.Response:
    return requests.get(f"{backend.url}{path}", timeout=10, allow_redirects=False, **kwargs)


def wait_for_line(log: Path, text: str, timeout: float = 5) -> str:
    """The first line of the server's output containing `text`, waiting for it to be flushed."""

    def line() -> str:
        return next((line for line in log.read_text().splitlines() if text in line), "")

    return wait_until(line, timeout=timeout, what=f"a line with {text!r} in the server's output")


def test_health_endpoints_report_database_and_redis_and_are_never_cached(backend_server):
    alive = get(backend_server, "/healthz")
    assert alive.status_code == 200
    assert alive.json() == {"status": "ok"}
    assert "no-store" in alive.headers["Cache-Control"]

    ready = get(backend_server, "/readyz")
    assert ready.status_code == 200
    assert ready.json() == {"status": "ok", "checks": {"database": "ok", "cache": "ok"}}
    assert "no-store" in ready.headers["Cache-Control"]
    # The cache check really went through Redis, under this deployment's key prefix.
    assert backend_server.redis.get(backend_server.cache_key("readyz")) is not None


def test_plain_http_is_redirected_to_https_and_https_gets_hsts(backend_server):
    plain = get(backend_server, "/admin/login/")
    assert plain.status_code == 301
    assert plain.headers["Location"] == f"{backend_server.https_origin}/admin/login/"

    secure = get(backend_server, "/admin/login/", headers=HTTPS)
    assert secure.status_code == 200
    assert secure.headers["Strict-Transport-Security"] == (
        "max-age=31536000; includeSubDomains; preload"
    )
    assert secure.headers["X-Frame-Options"] == "DENY"
    assert secure.headers["X-Content-Type-Options"] == "nosniff"
    assert "Secure" in secure.headers["Set-Cookie"]


def test_the_api_answers_the_frontend_over_the_private_network(backend_server):
    response = get(backend_server, "/api/v2/pages/?slug=craniosacral-massage")
    assert response.status_code == 200
    assert [page["title"] for page in response.json()["items"]] == ["CranioSacral Massage"]


def test_unknown_host_is_refused_and_logged_to_stdout(backend_server):
    response = get(backend_server, "/healthz", headers={"Host": "evil.example"})
    assert response.status_code == 400
    line = wait_for_line(backend_server.log, "Invalid HTTP_HOST header: 'evil.example'")
    assert " ERROR django.security.DisallowedHost " in line
    # gunicorn's access log shares the same stream.
    wait_for_line(backend_server.log, '"GET /healthz HTTP/1.1" 400')


def test_admin_uses_hashed_compressed_static_files(backend_server):
    page = get(backend_server, "/admin/login/", headers=HTTPS)
    assert "Sign in" in page.text
    hashed = HASHED_STATIC.findall(page.text)
    assert hashed, "the admin's HTML links no hashed static file"

    static = get(backend_server, hashed[0], headers={**HTTPS, "Accept-Encoding": "gzip"})
    assert static.status_code == 200
    assert "immutable" in static.headers["Cache-Control"]
    assert static.headers["Content-Encoding"] == "gzip"
    on_disk = backend_server.static_root / hashed[0].removeprefix("/static/")
    assert static.content == on_disk.read_bytes()  # requests decompressed the gzip body


def test_admin_session_is_read_from_redis_and_survives_its_eviction(backend_server):
    env = {**backend_server.env, "ADMIN_PASSWORD": "a-long-test-password"}
    created = run(["python", "manage.py", "ensure_admin"], env)
    assert created.returncode == 0, created.stderr

    login = get(backend_server, "/admin/login/", headers=HTTPS)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', login.text).group(1)
    signed_in = requests.post(
        f"{backend_server.url}/admin/login/",
        data={
            "csrfmiddlewaretoken": token,
            "username": "admin",
            "password": "a-long-test-password",
        },
        headers={
            **HTTPS,
            "Referer": f"{backend_server.https_origin}/admin/login/",
            "Cookie": f"csrftoken={login.cookies['csrftoken']}",
        },
        timeout=10,
        allow_redirects=False,
    )
    assert signed_in.status_code == 302, signed_in.text[:500]
    session_id = signed_in.cookies["sessionid"]
    assert "Secure" in signed_in.headers["Set-Cookie"]
    assert "HttpOnly" in signed_in.headers["Set-Cookie"]
    session_key = backend_server.cache_key(f"django.contrib.sessions.cached_db{session_id}")
    assert backend_server.redis.exists(session_key)
    # Redis, full of visitors' junk, evicts the session (allkeys-lru): the database has it.
    backend_server.redis.delete(session_key)

    dashboard = get(
        backend_server, "/admin/", headers={**HTTPS, "Cookie": f"sessionid={session_id}"}
    )
    assert dashboard.status_code == 200
    assert "Massage Aha!" in dashboard.text


def test_uploaded_media_are_served_with_cache_headers(backend_server):
    picture = next((backend_server.media_root / "original_images").glob("*.png"))
    url = f"/media/original_images/{picture.name}"

    response = get(backend_server, url, headers=HTTPS)
    assert response.status_code == 200
    assert response.content == picture.read_bytes()
    assert response.headers["Content-Type"] == "image/png"
    assert response.headers["Cache-Control"] == "public, max-age=604800"
    assert response.headers["Content-Security-Policy"] == "default-src 'none'; sandbox"

    again = get(
        backend_server,
        url,
        headers={**HTTPS, "If-Modified-Since": response.headers["Last-Modified"]},
    )
    assert again.status_code == 304
    assert again.content == b""


@pytest.mark.parametrize(
    "path",
    [
        "/media/documents/private.txt",
        "/media/original_images/%2e%2e/documents/private.txt",
        "/media/%2e%2e/%2e%2e/etc/hostname",
        "/media/original_images/",
    ],
)
def test_media_route_serves_nothing_outside_the_public_media(backend_server, path):
    documents = backend_server.media_root / "documents"
    documents.mkdir(exist_ok=True)
    (documents / "private.txt").write_text("only through /documents/")

    response = get(backend_server, path, headers=HTTPS)
    assert response.status_code in (400, 404)
    assert "only through" not in response.text
