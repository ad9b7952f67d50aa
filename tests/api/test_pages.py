"""The pages endpoint: each page type's exact keys, find by path, and public paths."""

import pytest
from wagtail.contrib.redirects.models import Redirect

pytestmark = pytest.mark.django_db

META_KEYS = {
    "type",
    "detail_url",
    "html_url",
    "slug",
    "show_in_menus",
    "seo_title",
    "search_description",
    "first_published_at",
    "alias_of",
    "parent",
    "path",
    "last_published_at",
}
TYPE_KEYS = {
    "cms_pages.HomePage": {
        "hero_heading",
        "hero_text",
        "hero_image",
        "featured_services",
        "call_to_action",
        "json_ld",
    },
    "cms_pages.ServiceIndexPage": {"introduction", "services", "services_total"},
    "cms_pages.ServicePage": {
        "heading",
        "summary",
        "introduction",
        "conditions_lead_in",
        "conditions",
        "treatment_plan",
        "suitable_for",
        "image",
        "image_caption",
        "body",
        "new_client_note",
        "session_options",
        "faqs",
        "related_pages",
        "allow_responses",
        "response_count",
        "responses",
        "json_ld",
    },
    "cms_pages.FAQPage": {"introduction", "faq_groups", "json_ld"},
    "cms_pages.StandardPage": {"introduction", "body"},
    "cms_pages.ContactPage": {"introduction", "form_fields", "thank_you_text"},
}
IMAGE_KEYS = {"id", "alt", "width", "height", "src", "renditions"}


@pytest.mark.parametrize(
    "path,page_type",
    [
        ("/", "cms_pages.HomePage"),
        ("/services/", "cms_pages.ServiceIndexPage"),
        ("/services/craniosacral-massage/", "cms_pages.ServicePage"),
        ("/faq/", "cms_pages.FAQPage"),
        ("/about/", "cms_pages.StandardPage"),
        ("/contact/", "cms_pages.ContactPage"),
    ],
)
def test_find_by_path_returns_each_page_type_with_its_exact_keys(
    api, demo_content, path, page_type
):
    page = api.json(f"pages/find/?html_path={path}")
    assert set(page) == {"id", "meta", "title"} | TYPE_KEYS[page_type]
    assert set(page["meta"]) == META_KEYS
    assert page["meta"]["type"] == page_type
    assert page["meta"]["path"] == path
    assert page["meta"]["html_url"] == f"http://127.0.0.1:8080{path}"


def test_find_and_detail_give_the_same_page(api, craniosacral):
    found = api.json("pages/find/?html_path=/services/craniosacral-massage/")
    detail = api.json(f"pages/{craniosacral.pk}/")
    assert found == detail


def test_find_keeps_the_fields_parameter(api, craniosacral):
    page = api.json("pages/find/?html_path=/services/craniosacral-massage/&fields=_,title,path")
    assert page == {
        "title": "CranioSacral Massage",
        "meta": {"path": "/services/craniosacral-massage/"},
    }


def test_service_page_exposes_its_structured_parts(api, craniosacral):
    page = api.json(f"pages/{craniosacral.pk}/")
    assert page["heading"] == "What is CranioSacral Massage?"
    assert page["conditions"][:2] == ["Depression (demo)", "Difficulty sleeping (demo)"]
    assert page["session_options"] == [
        {
            "duration_minutes": 60,
            "price": "95.00",
            "currency": "USD",
            "label": "Single session (demo price)",
        },
        {"duration_minutes": 90, "price": "130.00", "currency": "USD", "label": ""},
    ]
    assert [faq["question"] for faq in page["faqs"]] == [
        "Do I stay clothed during CranioSacral therapy?",
        "How many CranioSacral sessions will I need?",
        "Is CranioSacral therapy safe for older clients?",
    ]
    assert set(page["faqs"][0]) == {"id", "question", "answer", "category"}
    related = page["related_pages"]
    assert {"title": "Swedish Massage", "path": "/services/swedish-massage/"}.items() <= related[
        0
    ].items()
    assert set(related[0]) == {"id", "title", "path", "summary", "type"}
    assert [block["type"] for block in page["body"]] == ["heading", "paragraph", "bullet_list"]
    assert page["body"][2]["value"]["lead_in"] == (
        "You may experience the following sensations during a session:"
    )
    assert page["introduction"].startswith("<p>CranioSacral massage, also known as")


def test_images_come_as_renditions_for_srcset(api, craniosacral):
    image = api.json(f"pages/{craniosacral.pk}/")["image"]
    assert set(image) == IMAGE_KEYS
    assert image["alt"] == "client receiving craniosacral massage therapy"
    assert (image["width"], image["height"]) == (1600, 1067)
    assert [r["width"] for r in image["renditions"]] == [400, 800, 1200, 1600]
    assert all(
        r["url"].startswith("http://127.0.0.1:8000/media/images/") for r in image["renditions"]
    )
    assert image["src"] == image["renditions"][1]["url"]


def test_rich_text_links_become_public_paths(api, craniosacral):
    contact = craniosacral.get_parent().get_parent().get_children().get(slug="contact")
    craniosacral.new_client_note = f'<p>Write to <a linktype="page" id="{contact.pk}">me</a>.</p>'
    craniosacral.save_revision().publish()
    page = api.json(f"pages/{craniosacral.pk}/")
    assert page["new_client_note"] == '<p>Write to <a href="/contact/">me</a>.</p>'


def test_body_blocks_resolve_images_and_pages(api, craniosacral):
    contact = craniosacral.get_parent().get_parent().get_children().get(slug="contact")
    craniosacral.body = [
        ("image", {"image": craniosacral.image, "alt_text": "a room", "caption": "Our room"}),
        (
            "call_to_action",
            {"heading": "Book", "text": "", "button_label": "Go", "page": contact, "url": ""},
        ),
    ]
    craniosacral.save_revision().publish()
    blocks = api.json(f"pages/{craniosacral.pk}/")["body"]
    assert set(blocks[0]["value"]["image"]) == IMAGE_KEYS
    assert blocks[0]["value"]["image"]["alt"] == "a room"
    assert blocks[1]["value"] == {
        "heading": "Book",
        "text": "",
        "button_label": "Go",
        "url": "",
        "path": "/contact/",
    }


def test_contact_page_describes_its_form(api, demo_content):
    page = api.json("pages/find/?html_path=/contact/")
    names = [field["name"] for field in page["form_fields"]]
    assert names[:2] == ["name", "email"]
    service = next(f for f in page["form_fields"] if f["name"] == "preferred_service")
    assert service["field_type"] == "dropdown"
    assert "CranioSacral Massage" in service["choices"]
    assert set(service) == {
        "name",
        "label",
        "field_type",
        "required",
        "choices",
        "default_value",
        "help_text",
    }


def test_listing_has_count_and_links(api, demo_content):
    first = api.json("pages/?limit=4")
    assert first["meta"]["total_count"] == 12
    assert first["meta"]["previous"] is None
    assert first["meta"]["next"].endswith("limit=4&offset=4")
    second = api.json("pages/?limit=4&offset=4")
    assert second["meta"]["previous"].endswith("pages/?limit=4")
    assert {p["id"] for p in first["items"]}.isdisjoint(p["id"] for p in second["items"])


def test_unknown_page_is_a_json_404(api, demo_content):
    assert api.json("pages/find/?html_path=/no-such-page/", status=404) == {"message": "not found"}
    assert list(api.json("pages/999999/", status=404)) == ["message"]


def test_parent_links_point_at_the_public_site(api, craniosacral):
    parent = api.json(f"pages/{craniosacral.pk}/")["meta"]["parent"]
    assert parent["meta"]["html_url"] == "http://127.0.0.1:8080/services/"
    assert parent["meta"]["path"] == "/services/"


@pytest.mark.parametrize("asked", ["/old-cranio", "/old-cranio/", "/old-cranio/?utm=x"])
def test_redirects_are_found_the_way_wagtail_matches_them(client, craniosacral, asked):
    Redirect.add_redirect("/old-cranio/", redirect_to=craniosacral, is_permanent=True)
    found = client.get(f"/api/v2/redirects/find/?html_path={asked}")
    assert found.status_code == 200
    assert found.json()["location"] == "/services/craniosacral-massage/"
    assert found.json()["is_permanent"] is True
