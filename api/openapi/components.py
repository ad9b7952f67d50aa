"""The named shapes the document adds: errors, lists, page metadata, Wagtail's stock
objects, and every page type with the shapes its fields and StreamField blocks build."""

from api.openapi.jsonschema import (
    BOOLEAN,
    DATE_TIME,
    INTEGER,
    OBJECT_ID,
    STRING,
    array,
    closed,
    complete,
    listing,
    nullable,
    ref,
)
from api.openapi.pages import page_components, public_page_models

WAGTAIL_META = {"type": STRING, "detail_url": {"type": "string", "format": "uri"}}


def wagtail_object(meta: dict, body: dict, description: str) -> dict:
    """An object of a Wagtail endpoint: every key optional because of `fields=`."""
    meta_schema = {"type": "object", "properties": meta, "additionalProperties": True}
    return closed({"id": OBJECT_ID, "meta": meta_schema, **body}, description=description)


def components() -> dict:
    """Every component the document gets besides those drf-spectacular reads from the API's
    own serializers."""
    page_models = public_page_models()
    return {
        "Error": closed(
            {
                "message": {**STRING, "description": "What went wrong, for people."},
                "errors": {
                    "description": "When input failed validation: the problems per field, "
                    "or a list of messages when the input as a whole was refused.",
                    "anyOf": [ref("FieldErrors"), array(STRING)],
                },
            },
            required=["message"],
            description="The body of every error answer (api.views.base).",
        ),
        "FieldErrors": {
            "type": "object",
            "description": "Field name -> its messages; for a field that holds an object, "
            "the same shape for each of its keys.",
            "additionalProperties": {"anyOf": [array(STRING), ref("FieldErrors")]},
        },
        "ListMeta": complete(
            {
                "total_count": {"type": "integer", "minimum": 0},
                "next": nullable({"type": "string", "format": "uri"}),
                "previous": nullable({"type": "string", "format": "uri"}),
            }
        ),
        "PageMeta": {
            "type": "object",
            "description": "Wagtail's metadata of a page; `fields=` decides which keys appear.",
            "properties": {
                "type": {**STRING, "description": "Page type, e.g. cms_pages.ServicePage."},
                "detail_url": {"type": "string", "format": "uri"},
                "html_url": {**STRING, "description": "The page's address on the public site."},
                "slug": STRING,
                "show_in_menus": BOOLEAN,
                "seo_title": STRING,
                "search_description": STRING,
                "first_published_at": nullable(DATE_TIME),
                "last_published_at": nullable(DATE_TIME),
                "alias_of": nullable(ref("NestedPage")),
                "parent": nullable(ref("NestedPage")),
                "locale": STRING,
                "path": {**STRING, "description": "Public path on the site, e.g. /faq/."},
            },
            "additionalProperties": True,
        },
        "NestedPage": {
            "type": "object",
            "properties": {"id": OBJECT_ID, "meta": {"type": "object"}, "title": STRING},
            "additionalProperties": True,
        },
        "Page": {
            "description": "A page of any type; `meta.type` tells which.",
            "anyOf": [ref(model.__name__) for model in page_models],
        },
        "PageList": listing(ref("Page")),
        "WagtailImage": wagtail_object(
            {**WAGTAIL_META, "tags": array(STRING), "download_url": STRING},
            {"title": STRING, "width": INTEGER, "height": INTEGER},
            "An image's record; use the `image` objects inside pages for display.",
        ),
        "WagtailImageList": listing(ref("WagtailImage")),
        "Document": wagtail_object(
            {**WAGTAIL_META, "tags": array(STRING), "download_url": STRING},
            {"title": STRING},
            "A document the owner uploaded.",
        ),
        "DocumentList": listing(ref("Document")),
        "Redirect": wagtail_object(
            WAGTAIL_META,
            {"old_path": STRING, "location": STRING, "is_permanent": BOOLEAN},
            "A redirect from an old path to a page or an address.",
        ),
        "RedirectList": listing(ref("Redirect")),
        **page_components(),
    }
