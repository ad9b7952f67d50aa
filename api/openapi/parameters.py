"""The query and path parameters of the Wagtail endpoints, with the bounds of `api.params`."""

from drf_spectacular.utils import OpenApiExample, OpenApiParameter
from wagtail.models import Page

from api.openapi.jsonschema import OBJECT_ID, STRING, model_field_schema
from api.openapi.pages import public_page_models
from api.pagination import DEFAULT_LIMIT
from api.params import (
    FIELDS_MAX_DEPTH,
    LIMIT_MAX,
    OFFSET_MAX,
    SEARCH_MAX_LENGTH,
    SEARCH_MAX_WORDS,
    SITEMAP_LIMIT_MAX,
)
from api.views.pages import PublicPagesAPIViewSet

# Bounds of api.params, applied to every query parameter of that name in the document.
PARAMETER_BOUNDS = {
    "limit": {"type": "integer", "minimum": 1, "maximum": LIMIT_MAX, "default": DEFAULT_LIMIT},
    "offset": {"type": "integer", "minimum": 0, "maximum": OFFSET_MAX, "default": 0},
    "id": OBJECT_ID,
    "service": OBJECT_ID,
    "ancestor_of": OBJECT_ID,
    "descendant_of": OBJECT_ID,
    "child_of": {"anyOf": [OBJECT_ID, {"type": "string", "enum": ["root"]}]},
    "search_operator": {"type": "string", "enum": ["and", "or"]},
    "search": {"type": "string", "maxLength": SEARCH_MAX_LENGTH, "pattern": r"\w"},
    "q": {"type": "string", "maxLength": SEARCH_MAX_LENGTH, "pattern": r"\w"},
}
# Operations whose `limit` has bounds of its own.
OPERATION_LIMITS = {
    "sitemap": {
        "type": "integer",
        "minimum": 1,
        "maximum": SITEMAP_LIMIT_MAX,
        "default": SITEMAP_LIMIT_MAX,
    },
}
SEARCH_RULE = (
    f"At most {SEARCH_MAX_WORDS} words and {SEARCH_MAX_LENGTH} characters, with at least one "
    "letter or digit."
)


def query(name: str, description: str, schema: dict | None = None, examples=()) -> OpenApiParameter:
    """A query parameter; `examples` are (summary, value) pairs."""
    return OpenApiParameter(
        name,
        schema or PARAMETER_BOUNDS.get(name, STRING),
        OpenApiParameter.QUERY,
        description=description,
        examples=[OpenApiExample(summary, value=value) for summary, value in examples],
    )


ID_PATH = OpenApiParameter("id", OBJECT_ID, OpenApiParameter.PATH, description="The object's id.")
PAGING = [
    query("limit", f"How many items to return: 1 to {LIMIT_MAX}, default {DEFAULT_LIMIT}."),
    query("offset", f"How many items to skip: 0 to {OFFSET_MAX}."),
]
FIELDS = query(
    "fields",
    "Which fields to show, comma-separated: `*` for all, `_` for none, `-name` to drop one "
    f"of the defaults, `name(sub,fields)` for a related object (at most {FIELDS_MAX_DEPTH} "
    "levels). Keys that are not asked for are left out, `id`, `meta` and `title` included.",
    examples=[("All fields", "*"), ("Only these", "_,id,title"), ("Defaults but", "-title")],
)
SEARCH = [
    query("search", f"Full-text search; results come best match first. {SEARCH_RULE}"),
    query("search_operator", "`and` (default): every word must match; `or`: any word."),
]


def filters(view, model, *, exclude=()) -> list[OpenApiParameter]:
    """Wagtail's field filters: any stored field of the endpoint's objects, by equality."""
    names = [
        name
        for name in view.get_available_fields(model, db_fields_only=True)
        if name not in exclude
    ]
    return [
        query(
            name,
            f"Only items whose `{name}` is exactly this"
            + (" (comma-separated tag names, all required)." if name == "tags" else "."),
            model_field_schema(model._meta.get_field(name)),
        )
        for name in names
    ]


def order(view, model) -> OpenApiParameter:
    """Wagtail's `order`, which takes any stored field of the endpoint's objects."""
    names = ", ".join(f"`{name}`" for name in view.get_available_fields(model, db_fields_only=True))
    return query(
        "order",
        f"Sort by one or more of {names}, comma-separated; `-name` sorts descending; "
        "`random` (without `offset`) shuffles.",
        examples=[("By title", "title"), ("Newest first", "-id"), ("Shuffled", "random")],
    )


def page_type_description() -> str:
    """The `type` parameter's help, listing each type and the fields it can be filtered on."""
    common = set(PublicPagesAPIViewSet.get_available_fields(Page, db_fields_only=True))
    lines = [
        "Only pages of this type (`app_label.Model`; several comma-separated). With exactly "
        "one type, its own fields can be asked for with `fields=` and these stored fields "
        "can be filtered on:"
    ]
    for model in public_page_models():
        own = [
            name
            for name in PublicPagesAPIViewSet.get_available_fields(model, db_fields_only=True)
            if name not in common and model._meta.get_field(name).concrete
        ]
        lines.append(f"- `{model._meta.label}`: {', '.join(own) or 'none'}")
    return "\n".join(lines)
