"""Serializer fields for values that Django REST framework's stock fields do not shape well.

Each field that a page type exposes carries its own OpenAPI schema (`Described`), as
Wagtail's v2 fields carry an example; `api.openapi.pages` reads it, so a field's output and
its description are written side by side. Fields inside the serializers drf-spectacular
reads (`api.serializers`) subclass the DRF field whose JSON type they give, so that it
describes them as it does the stock field.
"""

from rest_framework import serializers

from api.openapi.jsonschema import HTML, STRING
from api.representations import (
    page_path,
    page_summary,
    page_type,
    public_page_url,
    rich_text_html,
    visitor_text_html,
)


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


class RichTextHTMLField(Described, serializers.CharField):
    """Rich text as display HTML with the site's public paths in its links."""

    schema = HTML

    def to_representation(self, value):
        return rich_text_html(value)


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
