"""The practice owner can log in and edit every page type through the admin's own forms."""

import pytest
from django.urls import reverse
from wagtail.models import Page
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from cms_pages.models import ServiceIndexPage, ServicePage

pytestmark = pytest.mark.django_db


def test_owner_logs_in_with_username_and_password(client, django_user_model):
    django_user_model.objects.create_superuser("admin", "a@example.com", "s3cret-pass")
    response = client.post(
        reverse("wagtailadmin_login"), {"username": "admin", "password": "s3cret-pass"}
    )
    assert response.status_code == 302
    dashboard = client.get(reverse("wagtailadmin_home"))
    assert dashboard.status_code == 200
    assert b"Massage Aha!" in dashboard.content


def test_owner_opens_the_editor_of_every_page_type(demo_content, admin_client):
    seen = set()
    for page in Page.objects.filter(depth__gt=1).specific():
        response = admin_client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
        assert response.status_code == 200, page
        assert page.title.encode() in response.content
        seen.add(type(page).__name__)
    assert seen == {
        "HomePage",
        "ServiceIndexPage",
        "ServicePage",
        "StandardPage",
        "FAQPage",
        "ContactPage",
    }


def test_owner_opens_practice_settings_and_faqs(demo_content, admin_client):
    settings_page = admin_client.get("/admin/settings/cms_pages/practicesettings/")
    assert settings_page.status_code in (200, 302)
    settings_page = admin_client.get(
        settings_page.get("Location", settings_page.request["PATH_INFO"])
    )
    assert b"Transgender Ally Flag" in settings_page.content
    faqs = admin_client.get("/admin/snippets/cms_pages/faq/")
    assert b"How do I book an appointment?" in faqs.content


@pytest.mark.parametrize(
    "listing", ["images", "documents", "redirects", "users", "groups", "sites"]
)
def test_owner_opens_every_admin_listing(admin_client, listing):
    """Among them those of the apps whose Wagtail v3 API is left out (backend.wagtail_api_v3);
    the snippets' listings are opened above."""
    response = admin_client.get(f"/admin/{listing}/")
    assert response.status_code == 200


def service_form_data(**overrides):
    data = {
        "title": "Hot Stone Massage",
        "slug": "hot-stone-massage",
        "heading": "",
        "summary": "Warm basalt stones melt tension.",
        "introduction": rich_text("<p>Smooth, heated stones are placed along the back.</p>"),
        "image": "",
        "image_alt": "",
        "image_caption": "",
        "body": streamfield([("heading", {"text": "What to expect", "level": "h2"})]),
        "new_client_note": rich_text(""),
        "conditions_lead_in": "It may help with:",
        "conditions": inline_formset([{"name": "Cold hands"}]),
        "treatment_plan": rich_text(""),
        "suitable_for": rich_text(""),
        "session_options": inline_formset(
            [{"duration_minutes": "75", "price": "110.00", "label": ""}]
        ),
        "service_faqs": inline_formset([]),
        "related_pages": inline_formset([]),
        "allow_responses": "on",
        "seo_title": "",
        "search_description": "",
        "action-publish": "publish",
    }
    data.update(overrides)
    return nested_form_data(data)


def test_owner_creates_and_publishes_a_service_page(demo_content, admin_client):
    index = ServiceIndexPage.objects.get()
    url = reverse("wagtailadmin_pages:add", args=["cms_pages", "servicepage", index.pk])
    response = admin_client.post(url, service_form_data())
    assert response.status_code == 302, response.context["form"].errors if response.context else ""
    page = ServicePage.objects.get(slug="hot-stone-massage")
    assert page.live
    assert page.url_path == "/home/services/hot-stone-massage/"
    assert [c.name for c in page.conditions.all()] == ["Cold hands"]
    option = page.session_options.get()
    assert (option.duration_minutes, str(option.price)) == (75, "110.00")
    assert page.body[0].value["text"] == "What to expect"


def test_picture_without_alt_text_is_refused_with_a_message(demo_content, admin_client):
    index = ServiceIndexPage.objects.get()
    image = ServicePage.objects.get(slug="craniosacral-massage").image
    url = reverse("wagtailadmin_pages:add", args=["cms_pages", "servicepage", index.pk])
    response = admin_client.post(url, service_form_data(image=str(image.pk)))
    assert response.status_code == 200
    assert "Describe the picture for screen readers." in response.content.decode()
    assert not ServicePage.objects.filter(slug="hot-stone-massage").exists()
