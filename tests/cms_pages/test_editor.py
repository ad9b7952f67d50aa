"""What the owner sees while composing a page: the slug follows the title as it is typed, and
the block picker shows each body block with a description and a preview of it."""

import pytest
from bs4 import BeautifulSoup, Tag
from django.urls import reverse
from wagtail.images import get_image_model
from wagtail.models import Page, get_page_models

from cms_pages.models import Badge, ServiceIndexPage, ServicePage, StandardPage

pytestmark = pytest.mark.django_db

BODY_BLOCKS = ServicePage.body.field.stream_block.child_blocks
# What each block's preview shows: (CSS selector, its text).
PREVIEWS = {
    "heading": ("h2", "What to expect in your first session"),
    "paragraph": ("p b", "gentle"),
    "bullet_list": ("ul li", "Deep relaxation, even sleep"),
    "image": ("figcaption", "A CranioSacral session: the client lies clothed on the table."),
    "callout": (".callout p", "Please arrive ten minutes early for your first visit."),
    "call_to_action": (".callout .button", "Request an appointment"),
}


def title_input(response) -> Tag:
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser").find("input", attrs={"name": "title"})


def test_every_page_types_title_is_synced_to_its_slug(demo_content, admin_client):
    seen = set()
    for page in Page.objects.filter(depth__gt=1).specific():
        title = title_input(admin_client.get(reverse("wagtailadmin_pages:edit", args=[page.pk])))
        assert "w-sync" in title["data-controller"].split(), type(page).__name__
        assert title["data-w-sync-target-value"] == "#id_slug"
        seen.add(type(page).__name__)
    assert seen == {
        model.__name__ for model in get_page_models() if model._meta.app_label == "cms_pages"
    }


@pytest.mark.parametrize("page_type", [ServicePage, StandardPage])
def test_a_new_pages_slug_is_written_from_its_title(demo_content, admin_client, page_type):
    parent = ServiceIndexPage.objects.get() if page_type is ServicePage else demo_content
    url = reverse(
        "wagtailadmin_pages:add",
        args=[page_type._meta.app_label, page_type._meta.model_name, parent.pk],
    )
    title = title_input(admin_client.get(url))
    assert "keyup->w-sync#apply" in title["data-action"].split()
    assert title["placeholder"] == "Page title*"


def test_the_picker_describes_and_previews_every_body_block():
    assert set(BODY_BLOCKS) == set(PREVIEWS)
    for name, block in BODY_BLOCKS.items():
        assert block.is_previewable, name
        assert block.get_description(), name


@pytest.mark.parametrize("name", PREVIEWS)
def test_block_preview_shows_the_example_in_the_sites_look(admin_client, name):
    response = admin_client.get(
        reverse("wagtailadmin_block_preview"), {"id": BODY_BLOCKS[name].definition_prefix}
    )

    assert response.status_code == 200
    html = BeautifulSoup(response.content, "html.parser")
    selector, text = PREVIEWS[name]
    assert html.select_one(selector).get_text(strip=True) == text
    stylesheet = html.select_one('link[rel="stylesheet"]')["href"]
    assert stylesheet.endswith("cms_pages/block_preview.css")


def test_image_preview_shows_the_librarys_newest_picture(demo_content, admin_client):
    response = admin_client.get(
        reverse("wagtailadmin_block_preview"), {"id": BODY_BLOCKS["image"].definition_prefix}
    )

    picture = BeautifulSoup(response.content, "html.parser").select_one("figure img")
    assert picture["alt"] == "Client receiving a CranioSacral massage"
    assert "/images/" in picture["src"]


def test_image_preview_without_pictures_shows_a_described_placeholder(admin_client):
    Badge.objects.all().delete()  # a badge's picture may not be deleted from under it
    get_image_model().objects.all().delete()

    response = admin_client.get(
        reverse("wagtailadmin_block_preview"), {"id": BODY_BLOCKS["image"].definition_prefix}
    )

    placeholder = BeautifulSoup(response.content, "html.parser").select_one(".placeholder")
    assert placeholder["aria-label"] == "Client receiving a CranioSacral massage"


def test_block_previews_are_for_signed_in_editors_only(client):
    response = client.get(
        reverse("wagtailadmin_block_preview"), {"id": BODY_BLOCKS["heading"].definition_prefix}
    )
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("wagtailadmin_login"))


def test_an_unknown_block_preview_is_not_found(admin_client):
    response = admin_client.get(reverse("wagtailadmin_block_preview"), {"id": "blockdef-unknown"})
    assert response.status_code == 404
