"""The values the API's shapes are made of: public addresses, display HTML, pictures.

The shapes themselves are declared once, by the serializers (`api.serializers`) and page
fields (`api.page_fields`) that produce them; these helpers compute what goes into them, so
a page, a search hit and the practice endpoint show an address or a picture the same way.
"""

import re
from functools import cached_property, lru_cache
from html import unescape

import nh3
from django.conf import settings
from django.utils.html import escape, urlize
from wagtail.models import Page
from wagtail.rich_text import expand_db_html

RENDITION_WIDTHS = (400, 800, 1200, 1600)
# Visitors' texts whose HTML each process keeps (a text is at most 3,000 characters).
VISITOR_TEXTS_KEPT = 512


def absolute_url(path: str) -> str:
    """A backend URL (media, documents) that browsers anywhere can load.

    WAGTAILAPI_BASE_URL names the backend's public address, which may differ from the one the
    request came to (the frontend reaches it as http://backend:8000 inside the compose network).
    """
    if path.startswith(("http://", "https://")):
        return path
    return f"{settings.WAGTAILAPI_BASE_URL}{path}"


def public_page_url(path: str) -> str:
    """The address of a page path on the public site (the frontend)."""
    return f"{settings.FRONTEND_URL}{path}" if path else ""


def rendition_specs(widths=RENDITION_WIDTHS) -> list[str]:
    return [f"width-{width}|format-webp" for width in widths]


class Picture:
    """An image offered at fixed widths (for `<img srcset>`), with the alt text the owner
    wrote beside it; `api.serializers.ImageSerializer` shows it.

    Widths above the original are left out (Wagtail never upscales); the original width is
    always offered, so even a small badge has one rendition.
    """

    def __init__(self, image, alt: str):
        self.image, self.alt = image, alt
        self.id, self.width, self.height = image.pk, image.width, image.height

    @cached_property
    def renditions(self) -> list[dict]:
        image = self.image
        widths = sorted({w for w in RENDITION_WIDTHS if w < image.width} | {min(image.width, 1600)})
        return [
            {"width": r.width, "height": r.height, "url": absolute_url(r.url)}
            for r in image.get_renditions(*rendition_specs(widths)).values()
        ]

    @property
    def src(self) -> str:
        """The rendition for a plain `src`: the first at least 800 wide, else the widest."""
        default = next((r for r in self.renditions if r["width"] >= 800), self.renditions[-1])
        return default["url"]


def page_path(page: Page, request) -> str:
    """The page's public path on the site, e.g. '/services/craniosacral-massage/'."""
    return page.get_url(request=request) or ""


def page_summary(page: Page) -> str:
    """A one-line summary: the service summary when the page object is specific, otherwise
    the page's search description; no query is made either way."""
    return getattr(page, "summary", "") or page.search_description


def page_type(page: Page) -> str:
    """The page's type as the API names it, e.g. 'cms_pages.ServicePage'."""
    return (page.specific_class or type(page))._meta.label


def rich_text_html(value: str) -> str:
    """Rich text as display HTML: internal links become the site's public paths.

    Document links point at the backend, which serves them, so they are made absolute.
    """
    html = expand_db_html(value or "")
    return html.replace('href="/documents/', f'href="{absolute_url("/documents/")}')


def plain_text(html: str) -> str:
    """Rich text as plain text: tags dropped, entities decoded, whitespace collapsed."""
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html or ""))).strip()


@lru_cache(maxsize=VISITOR_TEXTS_KEPT)
def visitor_text_html(text: str) -> str:
    """A visitor's plain text as safe HTML: escaped, paragraphs kept, links nofollow ugc.
    Remembered: a response's text is shown again with every answer that shows it, and
    finding its links costs ~60 µs (Django's urlize), eight times in a cold list of 20."""
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
