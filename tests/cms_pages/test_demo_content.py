"""The demo content reproduces the practice's real page and loads idempotently."""

import html
import io
import re
from pathlib import Path

from django.core.management import call_command
from wagtail.images.models import Image
from wagtail.models import Page, Revision

from cms_pages.models import (
    FAQ,
    FAQCategory,
    PracticeSettings,
    ServicePage,
    SessionOption,
    StandardPage,
)

PRACTICE_PAGE = Path(__file__).resolve().parents[1] / "data" / "craniosacral-page.txt"

# Lines of the practice's page that belong to the site around the service page, not to it.
SITE_CHROME = {
    "Close this search box.",  # the frontend's search box
    "Massage Aha!",  # practice settings
    "Professional therapeutic massage therapy in Kansas City, MO by Aaron Harris, BCTMB",
    "Transgender Ally Flag",  # the badge in practice settings
}
AFTER_THE_PAGE = "More to explore..."  # from here on: related links, responses, reply form


def service_page_lines() -> list[str]:
    lines = []
    for raw in PRACTICE_PAGE.read_text(encoding="utf-8").splitlines():
        line = raw.strip().lstrip("•").strip()
        if line == AFTER_THE_PAGE:
            break
        if line and line not in SITE_CHROME:
            lines.append(line)
    return lines


def sentences(text: str) -> list[str]:
    return [part for part in re.split(r"(?<=[.?!:])\s+", text) if part]


def plain_text(value) -> str:
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", str(value)))).strip()


def page_text(page: ServicePage) -> str:
    parts = [
        page.title,
        page.heading,
        page.introduction,
        page.conditions_lead_in,
        page.treatment_plan,
        page.suitable_for,
        page.image_alt,
        page.new_client_note,
    ]
    for block in page.body:
        value = block.value
        if block.block_type == "bullet_list":
            parts += [value["lead_in"], *value["items"]]
        elif block.block_type == "heading":
            parts.append(value["text"])
        else:
            parts.append(value.source if hasattr(value, "source") else value)
    return " | ".join(plain_text(part) for part in parts)


def test_every_sentence_of_the_practice_page_is_on_the_craniosacral_page(craniosacral):
    text = page_text(craniosacral)
    missing = [s for line in service_page_lines() for s in sentences(line) if s not in text]
    assert len(service_page_lines()) >= 15
    assert not missing, missing


def test_craniosacral_page_keeps_the_sections_in_the_practice_page_order(craniosacral):
    assert craniosacral.heading == "What is CranioSacral Massage?"
    assert craniosacral.image_alt == "client receiving craniosacral massage therapy"
    assert craniosacral.image is not None
    assert craniosacral.image.width >= 1200
    assert [block.block_type for block in craniosacral.body] == [
        "heading",
        "paragraph",
        "bullet_list",
    ]
    sensations = craniosacral.body[2].value
    assert sensations["lead_in"] == "You may experience the following sensations during a session:"
    assert len(sensations["items"]) == 4
    assert craniosacral.conditions.count() >= 3
    assert craniosacral.allow_responses


def test_the_practice_page_response_is_approved_on_the_craniosacral_page(craniosacral):
    [response] = craniosacral.responses.filter(status="approved")
    assert response.text.startswith("How wonderful that craniosacral massage helps")
    assert response.text in PRACTICE_PAGE.read_text(encoding="utf-8")


def test_craniosacral_page_has_sessions_faqs_and_related_pages(craniosacral):
    options = list(craniosacral.session_options.all())
    assert [o.duration_minutes for o in options] == [60, 90]
    assert all(o.price > 0 for o in options)
    assert craniosacral.service_faqs.count() >= 3
    assert craniosacral.related_pages.count() >= 3


def test_practice_settings_hold_the_header_of_the_practice_page(demo_content):
    settings = PracticeSettings.objects.get()
    assert settings.practice_name == "Massage Aha!"
    assert settings.tagline == (
        "Professional therapeutic massage therapy in Kansas City, MO by Aaron Harris, BCTMB"
    )
    assert (settings.therapist_name, settings.therapist_credential) == ("Aaron Harris", "BCTMB")
    badge = settings.badges.get()
    assert (badge.alt_text, badge.is_active) == ("Transgender Ally Flag", True)
    assert settings.opening_hours.count() >= 5


def test_demo_site_has_every_page_the_issue_names(demo_content):
    paths = set(Page.objects.live().values_list("url_path", flat=True))
    for path in [
        "/home/",
        "/home/services/",
        "/home/contact/",
        "/home/faq/",
        "/home/about/",
        "/home/cancellation-policy/",
    ]:
        assert path in paths
    services = ServicePage.objects.live()
    assert services.count() >= 5
    assert all(s.session_options.exists() for s in services)
    assert FAQ.objects.filter(live=True).count() >= 8
    assert FAQCategory.objects.filter(faqs__isnull=False).distinct().count() >= 2


def test_the_privacy_page_is_chosen_in_settings_and_left_out_of_the_menu(demo_content):
    privacy = StandardPage.objects.get(slug="privacy")
    assert privacy.live and privacy.url_path == "/home/privacy/"
    assert not privacy.show_in_menus  # the site's footer links it
    assert PracticeSettings.objects.get().privacy_page_id == privacy.pk
    words = plain_text(f"{privacy.introduction} {list(privacy.body.raw_data)}")
    assert "stored encrypted" in words and "hello@massageaha.example" in words
    assert not re.search(r"\d+ days?", words)  # the site adds the owner's periods to it


def test_reloading_the_demo_leaves_the_owners_privacy_page_choice_alone(demo_content):
    PracticeSettings.objects.update(privacy_page=None)
    call_command("load_demo_content", stdout=io.StringIO())
    assert PracticeSettings.objects.get().privacy_page is None


def test_invented_content_is_marked_as_demo_text(demo_content):
    for faq in FAQ.objects.all():
        assert "(Demo text.)" in faq.answer
    for service in ServicePage.objects.exclude(slug="craniosacral-massage"):
        assert "(Demo text.)" in service.summary


def counts() -> dict[str, int]:
    return {
        "pages": Page.objects.count(),
        "revisions": Revision.objects.count(),
        "faqs": FAQ.objects.count(),
        "images": Image.objects.count(),
        "session options": SessionOption.objects.count(),
    }


def test_loading_twice_changes_nothing(demo_content):
    before = counts()
    out = io.StringIO()
    call_command("load_demo_content", stdout=out)
    assert counts() == before
    assert "(0 part(s) created)" in out.getvalue()
    assert "created:" not in out.getvalue()
