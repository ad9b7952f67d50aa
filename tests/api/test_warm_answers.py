"""Warm API answers sent again before Django runs (api.warm_answers), called as gunicorn
calls the backend's WSGI application."""

import datetime
import gzip
import json

import pytest
import time_machine
from django.conf import settings
from django.core.handlers.wsgi import WSGIHandler
from django.test import RequestFactory

from api import warm_answers
from api.caching import TrustedClientThrottle
from api.warm_answers import WarmAnswers
from tests.wsgi_answers import answer_of

pytestmark = pytest.mark.django_db

CRANIOSACRAL = "/api/v2/pages/find/?html_path=/services/craniosacral-massage/"
TRUSTED = {"X-CMS-Client-Key": "frontend-key"}
WARM_PATHS = [
    CRANIOSACRAL,
    "/api/v2/pages/?type=cms_pages.ServicePage&fields=*",
    "/api/v2/practice/",
    "/api/v2/search/?q=massage",
]


class CountedDjango:
    """Django's WSGI handler, counting the requests that reached it."""

    def __init__(self):
        self.handler = WSGIHandler()
        self.calls = 0

    def __call__(self, environ, start_response):
        self.calls += 1
        return self.handler(environ, start_response)


@pytest.fixture
def django_app(keep_test_connection, settings):
    settings.API_TRUSTED_CLIENT_KEY = "frontend-key"
    return CountedDjango()


@pytest.fixture
def backend(django_app):
    """The backend's WSGI application as backend.wsgi builds it."""
    return WarmAnswers(django_app)


def call(app, path: str, method: str = "GET", **headers) -> tuple[str, list, bytes]:
    return answer_of(app, RequestFactory().generic(method, path, headers=headers).environ)


def warmed(backend, path: str, **headers) -> tuple[str, list, bytes]:
    """The answer the shared cache gave Django (the second request: the first stored it)."""
    call(backend, path, **headers)
    return call(backend, path, **headers)


@pytest.mark.parametrize("path", WARM_PATHS)
@pytest.mark.parametrize("encoding", ["", "gzip, deflate, br"])
def test_a_warm_answer_is_sent_again_as_django_sent_it(
    backend, django_app, demo_content, path, encoding
):
    headers = {**TRUSTED, "Accept-Encoding": encoding}
    from_shared_cache = warmed(backend, path, **headers)
    assert from_shared_cache[0] == "200 OK" and django_app.calls == 2

    assert call(backend, path, **headers) == from_shared_cache
    assert django_app.calls == 2


@pytest.mark.parametrize("encoding", ["", "gzip"])
def test_a_warm_answer_is_the_one_django_gives(backend, django_app, demo_content, encoding):
    """Django compresses each answer again (with random padding against BREACH): the same
    answer but for the compressed bytes' length."""
    headers = {**TRUSTED, "Accept-Encoding": encoding}
    warmed(backend, CRANIOSACRAL, **headers)
    status, sent_headers, body = call(backend, CRANIOSACRAL, **headers)
    django_status, django_headers, django_body = call(django_app, CRANIOSACRAL, **headers)

    def unzipped(content: bytes) -> dict:
        return json.loads(gzip.decompress(content) if encoding else content)

    def without_length(headers: list) -> list:
        return [(name, value) for name, value in headers if name != "Content-Length"]

    assert status == django_status == "200 OK"
    assert without_length(sent_headers) == without_length(django_headers)
    assert unzipped(body) == unzipped(django_body)
    assert (("Content-Encoding", "gzip") in sent_headers) == bool(encoding)


def test_a_revalidation_is_answered_again_as_django_answered_it(backend, django_app, demo_content):
    """Once the answer is in the shared cache, each new If-None-Match reaches Django once."""
    etag = dict(warmed(backend, CRANIOSACRAL, **TRUSTED)[1])["ETag"]
    for tag, status in [
        (etag, "304 Not Modified"),
        (f'"an old tag", W/{etag}', "304 Not Modified"),
        ('"an old tag"', "200 OK"),
    ]:
        first = call(backend, CRANIOSACRAL, **TRUSTED, **{"If-None-Match": tag})
        assert first[0] == status and (first[2] == b"") == (status != "200 OK")
        assert call(backend, CRANIOSACRAL, **TRUSTED, **{"If-None-Match": tag}) == first
    assert django_app.calls == 2 + 3


def test_a_publish_is_seen_by_the_next_request(
    backend, django_app, craniosacral, django_capture_on_commit_callbacks
):
    warmed(backend, CRANIOSACRAL, **TRUSTED)
    craniosacral.title = "CranioSacral Massage, renamed"
    with django_capture_on_commit_callbacks(execute=True):
        craniosacral.save_revision().publish()

    status, _headers, body = call(backend, CRANIOSACRAL, **TRUSTED)
    assert json.loads(body)["title"] == "CranioSacral Massage, renamed"
    assert django_app.calls == 3


def test_an_answer_is_not_sent_past_its_stored_expiry(backend, django_app, demo_content):
    warmed(backend, "/api/v2/search/?q=massage", **TRUSTED)
    later = datetime.timedelta(seconds=settings.API_SEARCH_CACHE_SECONDS + 1)
    with time_machine.travel(later, tick=False):
        call(backend, "/api/v2/search/?q=massage", **TRUSTED)
    assert django_app.calls == 3


def test_without_the_shared_cache_django_answers(backend, django_app, demo_content, monkeypatch):
    warmed(backend, "/api/v2/practice/", **TRUSTED)

    def unreachable():
        raise ConnectionError("the shared cache is down")

    monkeypatch.setattr(warm_answers, "content_generation", unreachable)
    assert call(backend, "/api/v2/practice/", **TRUSTED)[0] == "200 OK"
    assert django_app.calls == 3


def test_an_akismet_key_set_or_removed_is_seen(backend, django_app, demo_content, settings):
    warmed(backend, "/api/v2/practice/", **TRUSTED)
    settings.AKISMET_API_KEY = "test-key"
    call(backend, "/api/v2/practice/", **TRUSTED)
    assert django_app.calls == 3


@pytest.mark.parametrize(
    "method, path, headers",
    [
        ("GET", CRANIOSACRAL, {"Origin": "https://partner.example"}),
        ("HEAD", CRANIOSACRAL, {}),
        ("GET", "/api/v2/responses/", {}),
        ("GET", "/admin/login/", {}),
    ],
)
def test_what_depends_on_more_than_the_key_always_reaches_django(
    backend, django_app, demo_content, method, path, headers
):
    for _ in range(3):
        call(backend, path, method, **TRUSTED, **headers)
    assert django_app.calls == 3


@pytest.mark.parametrize(
    "other",
    [
        {"Accept-Encoding": "gzip"},
        {"Host": "localhost"},
        {"X-Forwarded-Proto": "https"},
        {"If-None-Match": '"a tag"'},
    ],
)
def test_an_answer_is_sent_again_only_to_the_same_request(
    settings, django_app, demo_content, other
):
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    backend = WarmAnswers(django_app)
    warmed(backend, CRANIOSACRAL, **TRUSTED)
    call(backend, CRANIOSACRAL, **TRUSTED, **other)
    assert django_app.calls == 3


def test_anonymous_callers_are_throttled_on_warm_answers_too(
    backend, django_app, demo_content, monkeypatch
):
    monkeypatch.setattr(TrustedClientThrottle, "THROTTLE_RATES", {"anon": "3/minute"})
    statuses = [call(backend, "/api/v2/practice/")[0] for _ in range(4)]
    assert statuses == ["200 OK", "200 OK", "200 OK", "429 Too Many Requests"]
    assert django_app.calls == 3  # the third was sent again; Django refused the fourth
    assert [call(backend, "/api/v2/practice/", **TRUSTED)[0] for _ in range(2)] == ["200 OK"] * 2


def test_what_is_kept_is_bounded(backend, demo_content, monkeypatch):
    one_answer = len(warmed(backend, CRANIOSACRAL, **TRUSTED)[2])
    monkeypatch.setattr(warm_answers, "BYTES_KEPT", one_answer * 3 // 2)
    warmed(backend, "/api/v2/search/?q=massage", **TRUSTED)
    warmed(backend, "/api/v2/practice/", **TRUSTED)
    assert len(backend.answers) == 1
    assert backend.bytes_kept == sum(sent.size for sent in backend.answers.values())


def test_the_middleware_before_the_response_cache_is_the_reviewed_one():
    """A warm answer is sent again without the middleware that runs before (around) the
    response cache; WarmAnswers.key was checked against what each of them reads. A change
    to that list needs the key looked at again (then this list updated)."""
    cached_at = settings.MIDDLEWARE.index("api.caching.APICacheMiddleware")
    assert tuple(settings.MIDDLEWARE[: cached_at + 1]) == WarmAnswers.REVIEWED_MIDDLEWARE


def test_the_backend_is_served_through_warm_answers():
    from backend.wsgi import application

    assert isinstance(application, WarmAnswers)
