"""How content objects look in the API: plain dicts built in one place.

Pages, FAQs, practice details and search results all embed images, page links and FAQs;
building them here keeps every endpoint's shape the same and easy to describe in the schema.
"""

import re
from html import unescape

import nh3
from django.conf import settings
from django.utils.html import escape, urlize
from wagtail.models import Page
from wagtail.rich_text import expand_db_html

RENDITION_WIDTHS = (400, 800, 1200, 1600)


def absolute_url(request, path: str) -> str:
    """A backend URL (media, documents) that browsers anywhere can load.

    WAGTAILAPI_BASE_URL names the backend's public address, which may differ from the one the
    caller used (the frontend reaches it as http://backend:8000 inside the compose network).
    """
    if path.startswith(("http://", "https://")):
        return path
    return f"{settings.WAGTAILAPI_BASE_URL}{path}"


def public_page_url(path: str) -> str:
    """The address of a page path on the public site (the frontend)."""
    return f"{settings.FRONTEND_URL}{path}" if path else ""


def rendition_specs(widths=RENDITION_WIDTHS) -> list[str]:
    return [f"width-{width}|format-webp" for width in widths]


def image_data(image, alt: str, request) -> dict | None:
    """An image as renditions at fixed widths (for srcset), with its size and alt text.

    Widths above the original are left out (Wagtail never upscales); the original width is
    always offered, so even a small badge has one rendition.
    """
    if image is None:
        return None
    widths = sorted({w for w in RENDITION_WIDTHS if w < image.width} | {min(image.width, 1600)})
    renditions = image.get_renditions(*rendition_specs(widths))
    sizes = [
        {"width": r.width, "height": r.height, "url": absolute_url(request, r.url)}
        for r in renditions.values()
    ]
    default = next((s for s in sizes if s["width"] >= 800), sizes[-1])
    return {
        "id": image.pk,
        "alt": alt,
        "width": image.width,
        "height": image.height,
        "src": default["url"],
        "renditions": sizes,
    }


def page_path(page: Page, request) -> str:
    """The page's public path on the site, e.g. '/services/craniosacral-massage/'."""
    return page.get_url(request=request) or ""


def page_link(page: Page, request) -> dict:
    """A short reference to another page: enough for a link with a one-line summary.

    The summary is the service summary when the page object is specific, otherwise the
    page's search description; no query is made either way.
    """
    return {
        "id": page.pk,
        "title": page.title,
        "path": page_path(page, request),
        "summary": getattr(page, "summary", "") or page.search_description,
        "type": (page.specific_class or type(page))._meta.label,
    }


def rich_text_html(value: str, request) -> str:
    """Rich text as display HTML: internal links become the site's public paths.

    Document links point at the backend, which serves them, so they are made absolute.
    """
    html = expand_db_html(value or "")
    return html.replace('href="/documents/', f'href="{absolute_url(request, "/documents/")}')


def plain_text(html: str) -> str:
    """Rich text as plain text: tags dropped, entities decoded, whitespace collapsed."""
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html or ""))).strip()


def visitor_text_html(text: str) -> str:
    """A visitor's plain text as safe HTML: escaped, paragraphs kept, links nofollow ugc."""
    paragraphs = [part for part in text.replace("\r\n", "\n").split("\n\n") if part.strip()]
    html = "".join(
        "<p>" + urlize(escape(part), nofollow=False).replace("\n", "<br>") + "</p>"
        for part in paragraphs
    )
    return nh3.clean(
        html,
        tags={"p", "br", "a"},
        attributes={"a": {"href"}},
        url_schemes={"http", "https", "mailto"},
        link_rel="nofollow ugc noopener",
    )


def response_data(response) -> dict:
    """An approved response as published; the email address never leaves the admin."""
    return {
        "id": response.pk,
        "name": response.name,
        "website": response.website,
        "text_html": visitor_text_html(response.text),
        "submitted_at": response.submitted_at.isoformat(timespec="seconds"),
        "reply_html": visitor_text_html(response.reply),
        "replied_at": (
            response.replied_at.isoformat(timespec="seconds") if response.replied_at else None
        ),
    }


def faq_data(faq, request) -> dict:
    return {
        "id": faq.pk,
        "question": faq.question,
        "answer": rich_text_html(faq.answer, request),
        "category": {"name": faq.category.name, "slug": faq.category.slug},
    }


def session_option_data(option) -> dict:
    return {
        "duration_minutes": option.duration_minutes,
        "price": str(option.price),
        "currency": "USD",
        "label": option.label,
    }
