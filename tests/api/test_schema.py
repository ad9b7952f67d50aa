"""The OpenAPI document at /api/v2/schema/ and its human-readable page at /api/v2/docs/.

The document is held to the real API three ways: it is valid OpenAPI 3 naming exactly the
public endpoints; every kind of answer the site really gives (each page type, every
StreamField block, previews, redirects, 304, 429) matches it; and schemathesis sends
generated requests to every operation in-process and fails on any server error or any
answer the document does not describe.
"""

import json
import re

import pytest
import schemathesis
from django.conf import settings as django_settings
from django.core.files.base import ContentFile
from django.core.handlers.wsgi import WSGIHandler
from django.core.management import call_command
from django.core.signals import request_finished
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)
from wagtail.contrib.redirects.models import Redirect
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page

from api.caching import UNCACHED_PREFIXES
from backend.wsgi import application
from cms_pages.models import FAQ
from tests.api.page_types import PAGE_TYPES
from tests.factories import StandardPageFactory

pytestmark = pytest.mark.django_db

TRUSTED_KEY = "schema-test-client-key"
EXPECTED_PATHS = {
    f"/api/v2/{path}"
    for path in [
        "pages/",
        "pages/{id}/",
        "pages/find/",
        "page_preview/",
        "images/",
        "images/{id}/",
        "images/find/",
        "documents/",
        "documents/{id}/",
        "documents/find/",
        "redirects/",
        "redirects/{id}/",
        "redirects/find/",
        "practice/",
        "faqs/",
        "faqs/{id}/",
        "search/",
        "sitemap/",
        "responses/",
        "forms/token/",
        "forms/{page_id}/",
    ]
}
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]


def end_wsgi_request() -> None:
    """Schemathesis' WSGI transport never closes a response, so Django never sends
    `request_finished`: end the last request as a WSGI server would, or the change feed keeps
    holding this thread's notifications for a response that never ends (and later tests
    hear of no change)."""
    request_finished.send(sender=WSGIHandler)


@pytest.fixture(autouse=True)
def _wsgi_transport(keep_test_connection):
    """Schemathesis' WSGI transport is not Django's test client: it leaves the request
    signals on, which would end the test's transaction (on PostgreSQL), and it leaves the
    last request open (`end_wsgi_request`)."""
    yield
    end_wsgi_request()


@pytest.fixture
def trusted(settings):
    """Headers that exempt a client from the rate limit, as the site's frontend is, and ask
    for plain bodies (schemathesis calls the WSGI app directly and does not decompress)."""
    settings.API_TRUSTED_CLIENT_KEY = TRUSTED_KEY
    return {"X-CMS-Client-Key": TRUSTED_KEY, **PLAIN}


# Loaded once, when the module is collected (schemathesis' fixture-based loader does not
# work with pytest 9). The document does not depend on the database; the demo site and the
# client key are in place by the time a test sends a request.
schema = schemathesis.openapi.from_wsgi("/api/v2/schema/", application)
end_wsgi_request()  # loading the document was a request too, made while collecting tests


PLAIN = {"Accept-Encoding": "identity"}


def conforms(path, headers, *, status=200, path_parameters=None, query=None):
    """GET one operation with exactly these parameters; the answer must match the document."""
    case = schema[path]["GET"].Case(path_parameters=path_parameters, query=query)
    response = case.call(headers=headers)
    assert response.status_code == status, response.text[:300]
    case.validate_response(response, checks=CHECKS, headers=headers)
    return response


def test_schema_is_valid_openapi_3_of_exactly_the_public_api(client):
    response = client.get("/api/v2/schema/", {"format": "json"})

    assert response.status_code == 200
    document = response.json()
    assert document["openapi"].startswith("3.")
    schemathesis.openapi.from_dict(document).validate()
    assert set(document["paths"]) == EXPECTED_PATHS
    components = document["components"]["schemas"]
    references = set(re.findall(r'"#/components/schemas/([^"]+)"', json.dumps(document)))
    assert references <= set(components), references - set(components)
    page_types = {ref["$ref"].rsplit("/", 1)[1] for ref in components["Page"]["anyOf"]}
    assert page_types == set(PAGE_TYPES)
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            responses = operation["responses"]
            for status in ["400", "429"] + (["404"] if "{" in path else []):
                body = responses[status]["content"]["application/json"]["schema"]
                assert body == {"$ref": "#/components/schemas/Error"}, (method, path, status)
            assert "Retry-After" in responses["429"]["headers"]
            if method == "get" and not path.startswith(UNCACHED_PREFIXES):
                assert {"ETag", "Cache-Control"} <= set(responses["304"]["headers"])


def test_document_describes_every_view_and_field_without_warnings(tmp_path):
    # drf-spectacular warns about what it cannot describe, api.openapi about page fields
    # it has no shape for.
    call_command(
        "spectacular", "--file", str(tmp_path / "schema.yaml"), "--validate", "--fail-on-warn"
    )


def test_docs_page_loads_only_local_assets(client, settings):
    # The backend's image serves collected static files; here WhiteNoise finds them in the
    # apps, as collectstatic would.
    settings.WHITENOISE_USE_FINDERS = True

    response = client.get("/api/v2/docs/")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    html = response.content.decode()
    urls = re.findall(r'(?:src|href|spec-url)="([^"]*)"', html)
    assert any(url.endswith("/redoc.standalone.js") for url in urls), html
    assert "/api/v2/schema/" in urls
    for url in urls:
        assert url.startswith("/") and not url.startswith("//"), url
        assert client.get(url).status_code == 200, url


def test_every_demo_page_matches_its_type_in_the_document(trusted):
    listing = conforms("/api/v2/pages/", trusted, query={"limit": 50}).json()
    pages = listing["items"]
    assert {item["meta"]["type"].split(".")[1] for item in pages} == set(PAGE_TYPES)

    for page in pages:
        for fields in (None, "*", "_", "-title"):
            query = {"fields": fields} if fields else None
            conforms(
                "/api/v2/pages/{id}/",
                trusted,
                path_parameters={"id": page["id"]},
                query=query,
            )
        found = conforms("/api/v2/pages/find/", trusted, query={"html_path": page["meta"]["path"]})
        assert found.json()["id"] == page["id"]
    for page_type in PAGE_TYPES:
        conforms(
            "/api/v2/pages/",
            trusted,
            query={"type": f"cms_pages.{page_type}", "fields": "*"},
        )


def test_every_block_type_and_a_draft_preview_match_the_document(trusted, demo_content):
    button = {"heading": "Book", "text": "", "button_label": "Go"}
    body = [
        ("heading", {"text": "A heading", "level": "h3"}),
        ("paragraph", f'<p>See <a linktype="page" id="{demo_content.pk}">home</a>.</p>'),
        ("bullet_list", {"lead_in": "", "items": ["one", "two"]}),
        (
            "image",
            {"image": get_image_model().objects.first(), "alt_text": "a room", "caption": ""},
        ),
        ("callout", {"style": "quote", "text": "Calm.", "attribution": "A client"}),
        ("call_to_action", {**button, "page": demo_content, "url": ""}),
        ("call_to_action", {**button, "page": None, "url": "https://example.com/"}),
    ]
    page = StandardPageFactory(parent=demo_content, slug="every-block", body=body)

    detail = conforms("/api/v2/pages/{id}/", trusted, path_parameters={"id": page.pk}).json()
    assert [block["type"] for block in detail["body"]] == [name for name, _ in body]
    preview = page.create_page_preview()
    conforms(
        "/api/v2/page_preview/",
        trusted,
        query={"content_type": page.get_content_type_str(), "token": preview.token},
    )


def test_images_documents_and_redirects_match_the_document(trusted, demo_content):
    document = get_document_model().objects.create(
        title="Intake form", file=ContentFile(b"Name:\n", name="intake-form.txt")
    )
    about = Page.objects.get(slug="about")
    redirect = Redirect.objects.create(old_path="/old-about", redirect_page=about)
    objects = {
        "images": get_image_model().objects.first().pk,
        "documents": document.pk,
        "redirects": redirect.pk,
    }

    for endpoint, pk in objects.items():
        listing = conforms(f"/api/v2/{endpoint}/", trusted, query={"fields": "*"})
        assert pk in [item["id"] for item in listing.json()["items"]]
        conforms(f"/api/v2/{endpoint}/{{id}}/", trusted, path_parameters={"id": pk})
        found = conforms(f"/api/v2/{endpoint}/find/", trusted, query={"id": pk})
        assert found.json()["id"] == pk
    moved = conforms("/api/v2/redirects/find/", trusted, query={"html_path": "/old-about/"})
    assert moved.json()["id"] == redirect.pk


def test_own_views_match_the_document(trusted):
    conforms("/api/v2/practice/", trusted)
    conforms("/api/v2/faqs/", trusted, query={"limit": 50})
    for faq in FAQ.objects.filter(live=True):
        conforms("/api/v2/faqs/{id}/", trusted, path_parameters={"id": faq.pk})
    hits = conforms("/api/v2/search/", trusted, query={"q": "massage"}).json()
    assert {hit["kind"] for hit in hits["items"]} == {"page", "faq"}
    service = Page.objects.get(slug="craniosacral-massage")
    conforms("/api/v2/responses/", trusted, query={"page": service.pk})
    conforms("/api/v2/forms/token/", trusted)


def test_not_modified_answer_matches_the_document(trusted, demo_content):
    path, page = {"id": demo_content.pk}, "/api/v2/pages/{id}/"
    etag = conforms(page, trusted, path_parameters=path).headers["etag"][0]

    conforms(page, {**trusted, "If-None-Match": etag}, status=304, path_parameters=path)


def test_rate_limited_answer_matches_the_document(demo_content):
    # An anonymous client without the frontend's key, at the documented rate.
    allowed = int(django_settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["anon"].split("/")[0])
    for _ in range(allowed):
        conforms("/api/v2/practice/", PLAIN)

    limited = conforms("/api/v2/practice/", PLAIN, status=429)

    assert int(limited.headers["retry-after"][0]) >= 1


@schema.parametrize()
@hypothesis_settings(
    max_examples=25,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)
def test_every_operation_answers_as_documented(case, demo_content, trusted):
    case.call_and_validate(headers=trusted, checks=CHECKS)
