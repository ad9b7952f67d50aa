"""Each page type as the pages endpoints show it, from the schemas its fields carry.

A field of `api.page_fields` describes itself (`api.fields.Described`); a plain model field
is described by its type. Nothing here names a field class.
"""

from django.core.exceptions import FieldDoesNotExist
from drf_spectacular.drainage import warn
from wagtail.models import Page, get_page_models

from api.openapi.jsonschema import OBJECT_ID, STRING, closed, model_field_schema, ref
from api.page_fields import PAGE_FIELDS


def page_field_schema(model, api_field, components: dict) -> dict:
    """The shape of one field that `api.page_fields` gives a page type."""
    if api_field.serializer is None:
        return model_field_schema(model._meta.get_field(api_field.name))
    try:
        model_field = model._meta.get_field(api_field.name)
    except FieldDoesNotExist:
        model_field = None
    describe = getattr(api_field.serializer, "describe", None)
    if describe is None:
        name = type(api_field.serializer).__name__
        warn(f"api.openapi: no schema for {name} ({model._meta.label}.{api_field.name})")
        return {}
    return describe(model_field, components)


def page_schema(model, components: dict) -> dict:
    """One page type as the pages endpoints show it; its fields' named shapes go into
    `components`.

    No key is required: `fields=` can drop any of them (`fields=_` leaves `{}`). The meta
    type is pinned so that a page validates only against its own type's description.
    """
    label = model._meta.label
    properties = {
        "id": OBJECT_ID,
        "meta": {"allOf": [ref("PageMeta"), pinned_type(label)]},
        "title": STRING,
    }
    for api_field in PAGE_FIELDS.get(model, []):
        properties[api_field.name] = page_field_schema(model, api_field, components)
    return closed(properties, description=f"A {model._meta.verbose_name} ({label}).")


def pinned_type(label: str) -> dict:
    """A meta object whose `type`, when present, is this page type."""
    return {"type": "object", "properties": {"type": {"type": "string", "enum": [label]}}}


def public_page_models() -> list:
    """Every page type the pages endpoints can answer with (the tree's root is never public)."""
    return [model for model in get_page_models() if model is not Page]


def page_components() -> dict:
    """A component per page type, and the named shapes of their fields."""
    components = {}
    for model in public_page_models():
        components[model.__name__] = page_schema(model, components)
    return components
