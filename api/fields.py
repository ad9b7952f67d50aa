"""Serializer fields for values that Django REST framework's stock fields do not shape well.

Each field that a page type exposes carries its own OpenAPI schema (`Described`), as
Wagtail's v2 fields carry an example; `api.openapi.pages` reads it, so a field's output and
its description are written side by side. Fields inside the serializers drf-spectacular
reads (`api.serializers`) subclass the DRF field whose JSON type they give, so that it
describes them as it does the stock field.
"""

import secrets

from django.db.models import prefetch_related_objects
from django.db.models.manager import BaseManager
from rest_framework import serializers

from api.openapi.jsonschema import HTML, STRING, array
from api.representations import (
    page_path,
    page_summary,
    page_type,
    public_page_url,
    rich_text_html,
    visitor_text_html,
)


class Prefetching:
    """A field that can load what it shows for many objects at once, before any is shown.

    `prefetch_fields` calls `prefetch(objects)` on each such field of a serializer with every
    object about to be shown (a list's page of results, or the one object of a detail), so
    that twenty objects cost the queries of one. A field left without it (a draft previewed,
    a serializer used on its own) loads what it needs object by object, and shows the same.
    """

    def prefetch(self, objects: list) -> None:
        raise NotImplementedError


def prefetch_fields(serializer, objects: list) -> None:
    """Let every field of `serializer` that can load what it shows for all of `objects`."""
    for field in serializer.fields.values():
        if isinstance(field, Prefetching):
            field.prefetch(objects)


class PrefetchingList(serializers.ListSerializer):
    """A list whose items' fields load what they show for all the items at once."""

    def to_representation(self, data):
        items = list(data.all() if isinstance(data, BaseManager) else data)
        prefetch_fields(self.child, items)
        return super().to_representation(items)


def rich_text_html_many(values: list[str]) -> list[str]:
    """`rich_text_html` of each value, made in one call over all of them, so that the pages,
    documents and pictures they link to are loaded once rather than once per value.

    The values are joined by a boundary no tag can span: it ends with `>`, so a tag left open
    before it would take it in, and such values are then made one by one.
    """
    if len(values) < 2:
        return [rich_text_html(value) for value in values]
    boundary = f"\x00{secrets.token_hex(8)}>\x00"
    made = rich_text_html(boundary.join(values)).split(boundary)
    if len(made) != len(values):
        return [rich_text_html(value) for value in values]
    return made


class RichTexts:
    """Rich text made display HTML, many values at a time (see `rich_text_html_many`).

    Values `add`ed before the first is shown are made together with it; each is made once.
    One is kept in a serializer's context (`rich_texts`), shared by every field it shows.
    """

    def __init__(self):
        self.waiting: set[str] = set()
        self.made: dict[str, str] = {}

    def add(self, values) -> None:
        self.waiting.update(value for value in values if value and value not in self.made)

    def __call__(self, value: str) -> str:
        if not value:
            return rich_text_html(value)
        if value not in self.made:
            self.waiting.add(value)
            values = sorted(self.waiting)
            self.made.update(zip(values, rich_text_html_many(values), strict=True))
            self.waiting.clear()
        return self.made[value]


def rich_texts(context: dict) -> RichTexts:
    """The rich text of the answer being made (kept in its serializer context)."""
    return context.setdefault("rich_texts", RichTexts())


class Described:
    """A field that carries its own OpenAPI schema, for the page types' description.

    `schema` is the field's JSON Schema (every subclass sets it); `components` are the named
    shapes it refers to, declared beside the code that builds them.
    """

    schema: dict
    components: dict = {}

    def describe(self, model_field, components: dict) -> dict:
        """The field's schema, adding its named shapes to `components`; `model_field` is the
        model field of the same name, if any."""
        components.update(self.components)
        return self.schema


class WholeObjectField(Described, serializers.Field):
    """A read-only field computed from the whole object rather than one attribute."""

    def __init__(self, **kwargs):
        kwargs.setdefault("source", "*")
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    @property
    def request(self):
        return self.context["request"]


class RichTextHTMLField(Prefetching, Described, serializers.CharField):
    """Rich text as display HTML with the site's public paths in its links."""

    schema = HTML

    def prefetch(self, objects):
        rich_texts(self.context).add(self.get_attribute(obj) for obj in objects)

    def to_representation(self, value):
        return rich_texts(self.context)(value)


class TextField(Described, serializers.CharField):
    """Plain text read from an attribute or property, e.g. a page's display heading."""

    schema = STRING

    def __init__(self, **kwargs):
        kwargs["read_only"] = True
        super().__init__(**kwargs)


class VisitorHTMLField(serializers.CharField):
    """A visitor's plain text as safe HTML (see `visitor_text_html`)."""

    def to_representation(self, value):
        return visitor_text_html(value)


class SecondsDateTimeField(serializers.DateTimeField):
    """A date and time in ISO 8601 to the second, in the zone it is stored in."""

    def to_representation(self, value):
        return value.isoformat(timespec="seconds")


class ClockTimeField(serializers.CharField):
    """A time of day as HH:MM."""

    def to_representation(self, value):
        return value.strftime("%H:%M")


class WholePageField(serializers.CharField):
    """Text computed from the whole page object rather than one of its attributes."""

    def __init__(self, **kwargs):
        kwargs.setdefault("source", "*")
        super().__init__(**kwargs)


class PagePathField(WholePageField):
    """The page's public path on the site (what the frontend routes on)."""

    def to_representation(self, page):
        return page_path(page, self.context["request"])


class PublicPageURLField(WholePageField):
    """The page's full address on the public site, not on the CMS backend."""

    def to_representation(self, page):
        return public_page_url(page_path(page, self.context["request"]))


class PageSummaryField(WholePageField):
    """The page's one-line summary (see `page_summary`)."""

    def to_representation(self, page):
        return page_summary(page)


class PageTypeField(WholePageField):
    """The page's type, e.g. cms_pages.ServicePage."""

    def to_representation(self, page):
        return page_type(page)


class LoadedField(Prefetching, WholeObjectField):
    """A field whose value for each page is loaded (`load`) for every page shown at once; a
    page shown on its own (a draft previewed) is loaded alone."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.loaded: dict = {}

    def load(self, pages: list) -> dict:
        """What the field shows of each page, by page id."""
        raise NotImplementedError

    def prefetch(self, pages):
        self.loaded.update(self.load(pages))

    def loaded_for(self, page):
        if page.pk not in self.loaded:
            self.prefetch([page])
        return self.loaded[page.pk]


class StringListField(Prefetching, WholeObjectField):
    """A child relation shown as a plain list of one attribute, e.g. condition names."""

    schema = array(STRING)

    def __init__(self, relation: str, attr: str, **kwargs):
        self.relation, self.attr = relation, attr
        super().__init__(**kwargs)

    def prefetch(self, objects):
        prefetch_related_objects(objects, self.relation)

    def to_representation(self, obj):
        return [getattr(item, self.attr) for item in getattr(obj, self.relation).all()]
