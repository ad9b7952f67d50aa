"""What to fix before publishing: checks of a draft, shown only in the owner's preview.

Each check is a pure function over the page as the API gives it (the preview answer) or over
the HTML the site made of it, and returns findings: a sentence for the owner and where on the
page it applies. `review` runs them all; `frontend_templates.views.preview` shows the result
above the draft, and no public page ever carries it.
"""

from dataclasses import dataclass
from html.parser import HTMLParser
from itertools import pairwise

KIB = 1024


@dataclass(frozen=True)
class Finding:
    """One thing to fix: what is wrong and why it matters, and where it is."""

    message: str
    where: str


def review(page: dict, html: bytes, *, budget_bytes: int) -> list[Finding]:
    """Every check's findings for the draft `page` and the `html` the site made of it."""
    return [
        *images_without_alt_text(page),
        *skipped_heading_levels(html.decode()),
        *empty_search_description(page),
        *links_to_hidden_pages(page),
        *over_budget(html, budget_bytes),
    ]


def images_without_alt_text(page: dict) -> list[Finding]:
    """Pictures (the API's image objects, anywhere in the page) whose `alt` is empty."""
    return [
        Finding(
            "A picture has no alt text: people who cannot see it will not know what it shows.",
            place(page, path),
        )
        for path, image in images(page)
        if not (image.get("alt") or "").strip()
    ]


def skipped_heading_levels(html: str) -> list[Finding]:
    """Headings in <main> that go down more than one level (an h2 followed by an h4), from
    heading blocks and rich text alike: screen reader users move through a page by them."""
    outline = Outline()
    outline.feed(html)
    return [
        Finding(
            f"The heading “{text}” is an h{level} straight after the h{above_level} "
            f"“{above}”: make it an h{above_level + 1}, or add one in between.",
            f"Heading “{text}”",
        )
        for (above_level, above), (level, text) in pairwise(outline.headings)
        if level > above_level + 1
    ]


def empty_search_description(page: dict) -> list[Finding]:
    """A page without its own `meta.search_description` (search engines' snippet)."""
    meta = page.get("meta", {})
    if "search_description" not in meta or meta["search_description"].strip():
        return []
    return [
        Finding(
            "The search description is empty: search results and shared links will show "
            "a summary the site picks instead of words you chose.",
            "Promote › Search description",
        )
    ]


def links_to_hidden_pages(page: dict) -> list[Finding]:
    """Links to pages visitors cannot see, as the API's preview answer lists them
    (`meta.broken_links`): the public page drops such links or leads to a "not found"."""
    return [
        Finding(
            f"The link to “{link['title']}” leads to a page visitors cannot see: publish "
            "that page first, or link elsewhere."
            if link["title"]
            else "A link leads to a page that no longer exists: remove it or link elsewhere.",
            link["where"],
        )
        for link in page.get("meta", {}).get("broken_links", [])
    ]


def over_budget(html: bytes, budget_bytes: int) -> list[Finding]:
    """A page whose HTML is heavier than the site's budget for one page."""
    if len(html) <= budget_bytes:
        return []
    return [
        Finding(
            f"The page weighs {len(html) / KIB:.0f} KiB of HTML, over the site's budget of "
            f"{budget_bytes / KIB:.0f} KiB: it will load slowly on phones. Shorten it, or "
            "split it into several pages.",
            "Whole page",
        )
    ]


class Outline(HTMLParser):
    """The (level, text) of each heading inside <main>, in order."""

    def __init__(self):
        super().__init__()
        self.headings: list[tuple[int, str]] = []
        self.in_main = False
        self.heading: tuple[int, list[str]] | None = None

    def handle_starttag(self, tag, attrs):
        if tag == "main":
            self.in_main = True
        elif self.in_main and len(tag) == 2 and tag[0] == "h" and tag[1] in "123456":
            self.heading = (int(tag[1]), [])

    def handle_endtag(self, tag):
        if tag == "main":
            self.in_main = False
        elif self.heading and tag == f"h{self.heading[0]}":
            level, words = self.heading
            self.headings.append((level, " ".join("".join(words).split())))
            self.heading = None

    def handle_data(self, data):
        if self.heading:
            self.heading[1].append(data)


def images(value, path: tuple = ()):
    """(path, image) for every image object in the page's fields (its `meta` left out)."""
    if isinstance(value, dict):
        if {"src", "renditions"} <= value.keys():
            yield path, value
            return
        for key, item in value.items():
            if path or key != "meta":
                yield from images(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from images(item, (*path, index))


def place(page: dict, path: tuple) -> str:
    """A path into the page in the owner's words: ("body", 3, "value", "image") ->
    "Body › block 4 (image)", ("featured_services", 0, "image") -> "Featured services ›
    “CranioSacral Massage”"."""
    words, value = [], page
    for step in path:
        value = value[step]
        if isinstance(step, int):
            item = value if isinstance(value, dict) else {}
            if {"type", "value"} <= item.keys():
                words.append(f"block {step + 1} ({item['type'].replace('_', ' ')})")
            else:
                words.append(f"“{item['title']}”" if item.get("title") else f"item {step + 1}")
        elif step != "value" and not (step == "image" and words):
            words.append(step.replace("_", " "))
    text = " › ".join(words)
    return text[:1].upper() + text[1:]
