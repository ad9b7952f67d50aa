"""Snapshots of every answer of the public API and of its OpenAPI document.

They pin what the API says so that its code can be reshaped without changing one answer.
Each file under `snapshots/` maps the requests of one test to their status and JSON body;
the bodies are compared as parsed JSON (every value, list order and key; not the order of an
object's keys, which JSON leaves undefined). `UPDATE_SNAPSHOTS=1 pytest
tests/api/test_snapshots.py` rewrites them; otherwise a difference fails with a unified diff.

Three kinds of values differ from run to run and are masked before comparing, nothing else:
timestamps (publishing, submission and reply times; their format is kept), StreamField block
ids (uuid4) and the random suffix Django's storage adds to a media file whose name is already
taken in MEDIA_ROOT (which outlives a test run). Objects the tests create get fixed ids where
the model allows it, so that the snapshots do not depend on which tests ran before
(sequences are not rolled back on PostgreSQL). Search results are compared in id order:
their order is each search backend's own ranking (SQLite's FTS5 and PostgreSQL's differ).
"""

import difflib
import json
import os
import re
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from wagtail.contrib.redirects.models import Redirect
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page
from wagtail.rich_text import RichText

from cms_pages.models import FAQ, FAQCategory, Response, ServicePage, StandardPage
from tests.api.page_types import PAGE_TYPES
from tests.factories import ResponseFactory

pytestmark = pytest.mark.django_db

SNAPSHOTS = Path(__file__).parent / "snapshots"
TRUSTED_KEY = "snapshot-test-client-key"
# Ids of the objects created here: far above the demo's, whatever the database.
CREATED_ID = 9001

DATE_TIME = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)?")
DIGIT = re.compile(r"\d")
UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
# Seven characters each, fewer where Wagtail shortened the name to fit a rendition's; twice
# when both the original's name and the rendition's were taken.
TAKEN_NAME_SUFFIX = re.compile(r"(/(?:media|documents)/[^\"\s]*?)(?:_[A-Za-z0-9]{1,7})+(?=\.)")


def stable(value):
    """The answer with the values that differ between runs replaced (see the docstring)."""
    if isinstance(value, dict):
        return {key: stable(item) for key, item in value.items()}
    if isinstance(value, list):
        return [stable(item) for item in value]
    if isinstance(value, str):
        if DATE_TIME.fullmatch(value):
            return DIGIT.sub("0", value)
        if UUID.fullmatch(value):
            return "<uuid>"
        return TAKEN_NAME_SUFFIX.sub(r"\1", value)
    return value


def assert_matches_snapshot(name: str, answers: dict) -> None:
    """`answers` (request -> status and body) equal to snapshots/<name>.json, or a diff."""
    answers = stable(answers)
    path = SNAPSHOTS / f"{name}.json"
    if os.environ.get("UPDATE_SNAPSHOTS"):
        SNAPSHOTS.mkdir(exist_ok=True)
        path.write_text(as_text(answers), encoding="utf-8")
        return
    assert path.exists(), f"{path} is missing: run with UPDATE_SNAPSHOTS=1 to write it"
    expected = json.loads(path.read_text(encoding="utf-8"))
    if answers != expected:
        diff = difflib.unified_diff(
            as_text(expected, sort_keys=True).splitlines(keepends=True),
            as_text(answers, sort_keys=True).splitlines(keepends=True),
            f"{path.name} (snapshot)",
            f"{path.name} (now)",
        )
        pytest.fail("".join(diff), pytrace=False)


def as_text(answers: dict, *, sort_keys: bool = False) -> str:
    return json.dumps(answers, indent=2, ensure_ascii=False, sort_keys=sort_keys) + "\n"


@pytest.fixture
def get(client, settings):
    """GET answers of the API as `{path: {"status", "body"}}`, exempt from the rate limit."""
    settings.API_TRUSTED_CLIENT_KEY = TRUSTED_KEY

    def answers(*paths: str) -> dict:
        found = {}
        for path in paths:
            response = client.get(f"/api/v2/{path}", headers={"X-CMS-Client-Key": TRUSTED_KEY})
            body = response.json()
            if "search" in path and "items" in body:
                body["items"].sort(key=lambda item: (item.get("kind", ""), item["id"]))
            found[path] = {"status": response.status_code, "body": body}
        return found

    return answers


def demo_pages() -> list[Page]:
    return list(Page.objects.filter(depth__gt=1).order_by("path"))


def test_openapi_document(get):
    assert_matches_snapshot("openapi", get("schema/?format=json"))


def test_page_detail_of_every_demo_page(get, demo_content):
    paths = []
    for page in demo_pages():
        paths += [f"pages/{page.pk}/", f"pages/{page.pk}/?fields=*"]
    answers = get(*paths)

    types = {answer["body"]["meta"]["type"] for answer in answers.values()}
    assert types == {f"cms_pages.{name}" for name in PAGE_TYPES}
    assert_matches_snapshot("pages_detail", answers)


def test_page_lists(get, demo_content):
    services = Page.objects.get(slug="services")
    answers = get(
        "pages/",
        "pages/?fields=*",
        "pages/?limit=3&offset=2",
        "pages/?order=title&fields=_,id,title",
        f"pages/?child_of={services.pk}",
        "pages/?search=massage",
        *[f"pages/?type=cms_pages.{name}&fields=*" for name in PAGE_TYPES],
        "pages/?type=cms_pages.ServicePage&fields=title,summary,image,session_options",
        "pages/?type=cms_pages.ServicePage&fields=-title,related_pages",
    )

    assert_matches_snapshot("pages_list", answers)


def test_find_by_public_path(get, demo_content):
    answers = get(
        "pages/find/?html_path=/",
        "pages/find/?html_path=/services/craniosacral-massage/",
        "pages/find/?html_path=/services/craniosacral-massage/&fields=_,id,faqs,responses",
        "pages/find/?html_path=/no-such-page/",
    )

    assert_matches_snapshot("pages_find", answers)


def with_page_id_named(answers: dict, pk: int) -> dict:
    """The answers with a new page's id replaced by a name: Wagtail gives a new page the next
    id whatever is asked (unlike other models, which take a fixed one)."""
    text = json.dumps(answers)
    text = re.sub(rf'"id": {pk}\b', '"id": "<new page id>"', text)
    return json.loads(re.sub(rf"pages/{pk}/", "pages/<new page id>/", text))


def test_page_with_every_block_type_and_its_preview(get, client, demo_content):
    picture = get_image_model().objects.get(title="Calm massage room")
    button = {"heading": "Book", "text": "", "button_label": "Go"}
    body = [
        ("heading", {"text": "A heading", "level": "h3"}),
        ("paragraph", RichText(f'<p>See <a linktype="page" id="{demo_content.pk}">home</a>.</p>')),
        ("bullet_list", {"lead_in": "", "items": ["one", "two"]}),
        ("image", {"image": picture, "alt_text": "a room", "caption": "The room"}),
        ("image", {"image": None, "alt_text": "", "caption": ""}),
        ("callout", {"style": "quote", "text": "Calm.", "attribution": "A client"}),
        ("call_to_action", {**button, "page": demo_content, "url": ""}),
        ("call_to_action", {**button, "page": None, "url": "https://example.com/"}),
    ]
    page = StandardPage(title="Every block", slug="every-block", body=body)
    demo_content.add_child(instance=page)
    page.save_revision().publish()
    preview = page.create_page_preview()

    preview_path = f"page_preview/?content_type={page.get_content_type_str()}&token="
    answers = get(
        f"pages/{page.pk}/",
        f"pages/{page.pk}/?fields=*",
        preview_path + preview.token,
    )
    answers[preview_path + "<token>"] = answers.pop(preview_path + preview.token)

    assert_matches_snapshot("pages_every_block", with_page_id_named(answers, page.pk))


def test_faqs(get, demo_content):
    category = FAQCategory.objects.order_by("pk").first()
    service = ServicePage.objects.get(slug="craniosacral-massage")
    faqs = FAQ.objects.order_by("pk")
    answers = get(
        "faqs/",
        "faqs/?limit=2&offset=1",
        f"faqs/?category={category.slug}",
        f"faqs/?service={service.pk}",
        *[f"faqs/{faq.pk}/" for faq in faqs],
        "faqs/99999/",
    )

    assert_matches_snapshot("faqs", answers)


def test_practice_and_search(get, demo_content):
    answers = get(
        "practice/",
        "search/?q=massage",
        "search/?q=sleep",
        "search/?q=craniosacral&limit=1",
        "search/?q=zzzz",
    )

    assert_matches_snapshot("practice_and_search", answers)


def test_responses(get, demo_content):
    service = ServicePage.objects.get(slug="craniosacral-massage")
    ResponseFactory(
        id=CREATED_ID,
        page=service,
        name="Robin (test)",
        email="robin@example.com",
        website="https://robin.example/",
        text="Lovely.\n\nSee https://robin.example/ for <more>.",
        reply="Thank you!",
        status=Response.Status.APPROVED,
    )
    answers = get(
        f"responses/?page={service.pk}",
        f"responses/?page={service.pk}&limit=1&offset=1",
        f"pages/{service.pk}/?fields=_,response_count,responses",
        "responses/",
    )

    assert_matches_snapshot("responses", answers)


def test_images_documents_and_redirects(get, demo_content):
    get_document_model().objects.create(
        id=CREATED_ID, title="Intake form", file=ContentFile(b"Name:\n", name="intake-form.txt")
    )
    about = Page.objects.get(slug="about")
    Redirect.objects.create(id=CREATED_ID, old_path="/old-about", redirect_page=about)
    image = get_image_model().objects.order_by("pk").first()
    answers = get(
        "images/",
        "images/?fields=*",
        f"images/{image.pk}/",
        f"images/find/?id={image.pk}",
        "documents/",
        "documents/?fields=*",
        f"documents/{CREATED_ID}/",
        f"documents/find/?id={CREATED_ID}",
        "redirects/",
        "redirects/?fields=*",
        f"redirects/{CREATED_ID}/",
        "redirects/find/?html_path=/old-about/",
    )

    assert_matches_snapshot("images_documents_redirects", answers)


def test_form_token_and_errors(get, demo_content):
    answers = get(
        "forms/token/",
        "pages/99999/",
        "pages/?limit=0",
        "pages/?type=cms_pages.Nope",
        "faqs/?service=x",
        "search/",
        "nowhere/",
    )
    token = answers["forms/token/"]["body"]["token"]
    assert token
    answers["forms/token/"]["body"]["token"] = "<token>"

    assert_matches_snapshot("token_and_errors", answers)
