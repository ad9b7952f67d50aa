"""Draft previews, FAQs, practice details, search and the schema.org JSON-LD."""

import pytest
from django.test import override_settings

from cms_pages.models import FAQ

pytestmark = pytest.mark.django_db


def preview_of(page) -> str:
    preview = page.create_page_preview()
    return f"page_preview/?content_type=cms_pages.servicepage&token={preview.token}"


def test_preview_shows_the_draft_and_is_never_cached(api, craniosacral):
    craniosacral.introduction = "<p>Draft wording for the preview.</p>"
    response = api.get(preview_of(craniosacral))
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    page = response.json()
    assert page["introduction"] == "<p>Draft wording for the preview.</p>"
    assert page["meta"]["type"] == "cms_pages.ServicePage"
    live = api.json(f"pages/{craniosacral.pk}/")
    assert "Draft wording" not in live["introduction"]


def test_preview_tokens_expire(api, craniosacral):
    path = preview_of(craniosacral)
    with override_settings(PREVIEW_TOKEN_MAX_AGE=-1):
        assert api.json(path, status=404) == {"message": "not found"}


def test_faqs_filter_by_category_and_by_service(api, craniosacral):
    booking = api.json("faqs/?category=booking")
    assert booking["meta"]["total_count"] == 3
    assert {faq["category"]["slug"] for faq in booking["items"]} == {"booking"}
    assert set(booking["items"][0]) == {"id", "question", "answer", "category"}
    service = api.json(f"faqs/?service={craniosacral.pk}")
    assert [faq["question"] for faq in service["items"]] == [
        "Do I stay clothed during CranioSacral therapy?",
        "How many CranioSacral sessions will I need?",
        "Is CranioSacral therapy safe for older clients?",
    ]
    faq = FAQ.objects.get(question="What should I wear?")
    assert api.json(f"faqs/{faq.pk}/")["question"] == "What should I wear?"


def test_practice_endpoint_has_every_detail_and_the_navigation(api, demo_content):
    practice = api.json("practice/")
    assert set(practice) == {
        "name",
        "tagline",
        "therapist",
        "address",
        "phone",
        "email",
        "booking_url",
        "opening_hours",
        "badges",
        "social_links",
        "footer_text",
        "navigation",
        "json_ld",
        "personal_data",
    }
    assert practice["therapist"] == {"name": "Aaron Harris", "credential": "BCTMB"}
    [badge] = practice["badges"]
    assert badge["alt_text"] == "Transgender Ally Flag"
    assert badge["image"]["alt"] == "Transgender Ally Flag"
    assert badge["image"]["renditions"][0]["width"] == 150
    assert practice["opening_hours"][0] == {"day": "Tuesday", "opens": "10:00", "closes": "18:00"}
    assert [item["path"] for item in practice["navigation"]] == [
        "/services/",
        "/faq/",
        "/about/",
        "/contact/",
    ]


def test_search_finds_pages_and_faqs_with_snippets(api, demo_content):
    results = api.json("search/?q=craniosacral")
    kinds = {hit["kind"] for hit in results["items"]}
    assert kinds == {"page", "faq"}
    page_hit = next(hit for hit in results["items"] if hit["kind"] == "page")
    assert page_hit["path"] == "/services/craniosacral-massage/"
    assert set(page_hit) == {"kind", "id", "title", "path", "summary", "snippet", "type"}
    faq_hit = next(hit for hit in results["items"] if hit["kind"] == "faq")
    assert faq_hit["path"].startswith("/faq/#faq-")
    assert 0 < len(faq_hit["snippet"]) <= 161
    paged = api.json("search/?q=craniosacral&limit=1")
    assert paged["meta"]["total_count"] == results["meta"]["total_count"]
    assert len(paged["items"]) == 1 and paged["meta"]["next"]


def test_json_ld_describes_the_business_its_services_and_faqs(api, craniosacral):
    business = api.json("practice/")["json_ld"]
    assert business["@type"] == "HealthAndBeautyBusiness"
    assert business["address"]["addressLocality"] == "Kansas City"
    assert business["openingHoursSpecification"][0] == {
        "@type": "OpeningHoursSpecification",
        "dayOfWeek": "https://schema.org/Tuesday",
        "opens": "10:00",
        "closes": "18:00",
    }
    service, faqs = api.json(f"pages/{craniosacral.pk}/")["json_ld"]
    assert service["@type"] == "Service"
    assert [offer["price"] for offer in service["offers"]] == ["95.00", "130.00"]
    assert service["offers"][0]["priceCurrency"] == "USD"
    assert faqs["@type"] == "FAQPage"
    assert len(faqs["mainEntity"]) == 3
    home = api.json("pages/find/?html_path=/")["json_ld"]
    assert home == [business]
    faq_page = api.json("pages/find/?html_path=/faq/")["json_ld"][0]
    assert len(faq_page["mainEntity"]) == 9
