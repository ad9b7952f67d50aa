"""What search engines and link previews read about a page: title, description, URL, image."""

from dataclasses import dataclass, field

from django.conf import settings


def absolute_url(request, path: str) -> str:
    """The public address of a path: SITE_URL when set, else the address the visitor used."""
    if settings.SITE_URL:
        return settings.SITE_URL + path
    return request.build_absolute_uri(path)


@dataclass(frozen=True)
class PageMeta:
    """The <head> of one page: <title>, description, canonical URL, OpenGraph and JSON-LD.

    `canonical` is None on a page that is not to be indexed and has no address of its own
    to name (an error, search results): the head then has neither a canonical link nor
    og:url, which would name the missing or searched-for address as if it were a page.
    """

    title: str
    canonical: str | None
    description: str = ""
    image: dict | None = None
    og_type: str = "website"
    robots: str = "index, follow"
    json_ld: list = field(default_factory=list)


def full_title(title: str, practice: dict | None) -> str:
    name = (practice or {}).get("name", "")
    return title if not name or title == name else f"{title} | {name}"


def for_page(request, page: dict, practice: dict, *, preview: bool = False) -> PageMeta:
    """The metadata of a CMS page from its API fields, e.g. seo_title and search_description."""
    meta = page["meta"]
    return PageMeta(
        title=meta.get("seo_title") or full_title(page["title"], practice),
        canonical=absolute_url(request, meta.get("path") or request.path),
        description=meta.get("search_description")
        or page.get("summary")
        or practice.get("tagline", ""),
        image=page.get("image") or page.get("hero_image"),
        og_type="article" if meta["type"] == "cms_pages.ServicePage" else "website",
        robots="noindex, nofollow" if preview else "index, follow",
        json_ld=page.get("json_ld") or [],
    )


def for_site_view(request, title: str, practice: dict | None) -> PageMeta:
    """The metadata of a page the site makes itself (search results, errors, an expired
    preview): not indexed, and naming no canonical address (`PageMeta.canonical`)."""
    return PageMeta(
        title=full_title(title, practice),
        canonical=None,
        description=(practice or {}).get("tagline", ""),
        robots="noindex",
    )
