"""The OpenAPI description of the public API, Wagtail's v2 endpoints included.

drf-spectacular reads the API's own views (practice, FAQs, search) from their serializers,
but Wagtail's viewsets build a serializer per request from `type=` and `fields=`, so there
is nothing for it to read. Here they are described by hand: each view gets an
`OpenApiViewExtension`, and the page types' shapes are generated from `api.page_fields`
and the StreamField blocks so that the document follows the content model.

The two hooks named in SPECTACULAR_SETTINGS live here too: one keeps the document to
/api/v2/, the other adds what every operation shares (error bodies, the rate limit, the
caching headers, the bounds of `api.params`).
"""

import functools

from django.conf import settings
from django.db import models
from drf_spectacular.drainage import warn
from drf_spectacular.extensions import OpenApiViewExtension
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, OpenApiResponse, extend_schema
from taggit.managers import TaggableManager
from wagtail import blocks
from wagtail.fields import StreamField
from wagtail.images.blocks import ImageChooserBlock
from wagtail.models import Page, get_page_models

from api import fields as api_fields
from api.caching import API_PREFIX, UNCACHED_PREFIXES
from api.page_fields import PAGE_FIELDS
from api.pagination import DEFAULT_LIMIT, LinkedPagination
from api.params import (
    FIELDS_MAX_DEPTH,
    ID_MAX,
    LIMIT_MAX,
    MAX_PARAM_LENGTH,
    OFFSET_MAX,
    SEARCH_MAX_LENGTH,
    SEARCH_MAX_WORDS,
)
from api.views.pages import PublicPagesAPIViewSet

# --- JSON Schema building blocks ------------------------------------------------------------

STRING = {"type": "string"}
HTML = {"type": "string", "description": "Display HTML; internal links are public paths."}
BOOLEAN = {"type": "boolean"}
INTEGER = {"type": "integer"}
OBJECT_ID = {"type": "integer", "minimum": 1, "maximum": ID_MAX}
DATE_TIME = {"type": "string", "format": "date-time"}


def ref(name: str) -> dict:
    """A reference to a component of the document."""
    return {"$ref": f"#/components/schemas/{name}"}


def nullable(schema: dict) -> dict:
    """`schema` or null (OpenAPI 3.0 ignores keywords beside a $ref, hence the allOf)."""
    if "$ref" in schema:
        return {"allOf": [schema], "nullable": True}
    return {**schema, "nullable": True}


def array(items: dict) -> dict:
    return {"type": "array", "items": items}


def closed(properties: dict, *, required=(), description: str = "") -> dict:
    """An object with exactly these properties (those named in `required` always present)."""
    schema = {"type": "object", "properties": properties, "additionalProperties": False}
    if required:
        schema["required"] = list(required)
    if description:
        schema["description"] = description
    return schema


def complete(properties: dict, description: str = "") -> dict:
    """An object that always has every one of these properties and nothing else."""
    return closed(properties, required=properties, description=description)


def camel(name: str) -> str:
    """`call_to_action` -> `CallToAction`, for component names."""
    return "".join(part.capitalize() for part in name.split("_"))


# --- Page types -------------------------------------------------------------------------------

# How each serializer field of api.fields shapes its value (api.representations builds them),
# by class name.
FIELD_SCHEMAS = {
    "RichTextHTMLField": HTML,
    "ImageWithAltField": nullable(ref("Image")),
    "StringListField": array(STRING),
    "SessionOptionsField": array(ref("SessionOption")),
    "ServiceFAQsField": array(ref("FAQ")),
    "RelatedPagesField": array(ref("PageLink")),
    "ResponsesField": array(ref("ResponseOutput")),
    "ResponseCountField": {"type": "integer", "minimum": 0},
    "FeaturedServicesField": array(ref("FeaturedService")),
    "ServiceListField": array(ref("ServiceSummary")),
    "HomeCallToActionField": ref("HomeCallToAction"),
    "FAQGroupsField": array(ref("FAQGroup")),
    "FormFieldsField": array(ref("FormField")),
    "JSONLDField": array(ref("JSONLD")),
    "CharField": STRING,
}


def model_field_schema(field) -> dict:
    """The JSON type of a model field's plain value (also what a filter on it accepts)."""
    if isinstance(field, models.BooleanField):
        return BOOLEAN
    if isinstance(field, models.DateTimeField):
        return DATE_TIME
    if isinstance(field, models.ForeignKey | models.AutoField):
        return OBJECT_ID
    if isinstance(field, models.IntegerField):
        return INTEGER
    if isinstance(field, models.CharField | models.TextField | TaggableManager):
        return STRING
    raise TypeError(f"no schema for {type(field).__name__} {field.name}")


def stream_name(field: StreamField) -> str:
    """A StreamField's component name: its StreamBlock's class, shared by every model using it."""
    return type(field.stream_block).__name__


def page_field_schema(model, api_field) -> dict:
    """The shape of one field that `api.page_fields` gives a page type."""
    if isinstance(api_field.serializer, api_fields.StreamBodyField):
        return array(ref(stream_name(model._meta.get_field(api_field.name))))
    if api_field.serializer is None:
        return model_field_schema(model._meta.get_field(api_field.name))
    name = type(api_field.serializer).__name__
    if name not in FIELD_SCHEMAS:
        warn(f"api.schema: no schema for {name} ({model._meta.label}.{api_field.name})")
        return {}
    return FIELD_SCHEMAS[name]


def page_schema(model) -> dict:
    """One page type as the pages endpoints show it.

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
        properties[api_field.name] = page_field_schema(model, api_field)
    return closed(properties, description=f"A {model._meta.verbose_name} ({label}).")


def pinned_type(label: str) -> dict:
    """A meta object whose `type`, when present, is this page type."""
    return {"type": "object", "properties": {"type": {"type": "string", "enum": [label]}}}


def public_page_models() -> list:
    """Every page type the pages endpoints can answer with (the tree's root is never public)."""
    return [model for model in get_page_models() if model is not Page]


# --- StreamField blocks -----------------------------------------------------------------------


def block_value_schema(block) -> dict:
    """The shape of a block's value as `api.fields.StreamBodyField` gives it.

    That field replaces an image id with the image's renditions and a chosen page with its
    public `path`; everything else is Wagtail's own block representation.
    """
    if isinstance(block, blocks.StructBlock):
        properties = {}
        for name, child in block.child_blocks.items():
            if isinstance(child, blocks.PageChooserBlock):
                properties["path"] = nullable({**STRING, "description": "null: no live page."})
            else:
                properties[name] = block_value_schema(child)
        return complete(properties)
    if isinstance(block, blocks.ListBlock):
        return array(block_value_schema(block.child_block))
    if isinstance(block, ImageChooserBlock):
        return nullable(ref("Image"))
    if isinstance(block, blocks.RichTextBlock):
        return HTML
    if isinstance(block, blocks.ChoiceBlock):
        choices = [value for value, _ in block.field.choices if value or not block.required]
        return {"type": "string", "enum": choices}
    if isinstance(block, blocks.FieldBlock):
        return STRING
    raise TypeError(f"no schema for block {type(block).__name__}")


def stream_components(field: StreamField) -> dict:
    """A component per block type, plus the stream's oneOf discriminated by `type`."""
    name = stream_name(field)
    variants = {
        f"{name}{camel(block_name)}": complete(
            {
                "type": {"type": "string", "enum": [block_name]},
                "value": block_value_schema(block),
                "id": {"type": "string", "format": "uuid"},
            }
        )
        for block_name, block in field.stream_block.child_blocks.items()
    }
    stream = {
        "oneOf": [ref(variant) for variant in variants],
        "discriminator": {
            "propertyName": "type",
            "mapping": {
                block_name: ref(f"{name}{camel(block_name)}")["$ref"]
                for block_name in field.stream_block.child_blocks
            },
        },
    }
    return {name: stream, **variants}


# --- Components ---------------------------------------------------------------------------


WAGTAIL_META = {"type": STRING, "detail_url": {"type": "string", "format": "uri"}}


def wagtail_object(meta: dict, body: dict, description: str) -> dict:
    """An object of a Wagtail endpoint: every key optional because of `fields=`."""
    meta_schema = {"type": "object", "properties": meta, "additionalProperties": True}
    return closed({"id": OBJECT_ID, "meta": meta_schema, **body}, description=description)


def page_link_with(properties: dict, description: str) -> dict:
    """A PageLink plus these keys (left open: allOf cannot close an object it extends)."""
    extra = {"type": "object", "properties": properties, "required": list(properties)}
    return {"allOf": [ref("PageLink"), extra], "description": description}


def listing(items: dict) -> dict:
    """A paged list, as api.pagination.LinkedPagination answers."""
    return complete({"meta": ref("ListMeta"), "items": array(items)})


def components() -> dict:
    """Every component this module adds to the document."""
    page_models = public_page_models()
    schemas = {
        "Error": {
            "type": "object",
            "required": ["message"],
            "properties": {
                "message": {**STRING, "description": "What went wrong, for people."},
                "errors": {
                    "description": "Per-field problems, when input failed validation.",
                    "anyOf": [{"type": "object"}, {"type": "array"}],
                },
            },
            "additionalProperties": False,
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
        "SessionOption": complete(
            {
                "duration_minutes": {"type": "integer", "minimum": 0},
                "price": {**STRING, "description": "Decimal, e.g. 95.00."},
                "currency": {"type": "string", "enum": ["USD"]},
                "label": STRING,
            }
        ),
        "FeaturedService": page_link_with(
            {"image": nullable(ref("Image"))}, "A featured service, with its picture for a card."
        ),
        "ServiceSummary": page_link_with(
            {"image": nullable(ref("Image")), "session_options": array(ref("SessionOption"))},
            "A service under the services index, with its picture and sessions.",
        ),
        "HomeCallToAction": complete(
            {
                "heading": STRING,
                "text": STRING,
                "button_label": STRING,
                "path": nullable({**STRING, "description": "null: no live page chosen."}),
            }
        ),
        "FAQGroup": complete({"category": ref("Category"), "faqs": array(ref("FAQ"))}),
        "FormField": complete(
            {
                "name": STRING,
                "label": STRING,
                "field_type": {**STRING, "description": "Wagtail form field type, e.g. email."},
                "required": BOOLEAN,
                "choices": array(STRING),
                "default_value": STRING,
                "help_text": STRING,
            }
        ),
        "JSONLD": {
            "type": "object",
            "description": "A schema.org JSON-LD block.",
            "required": ["@context", "@type"],
            "additionalProperties": True,
        },
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
    }
    for model in page_models:
        schemas[model.__name__] = page_schema(model)
        for field in model._meta.get_fields():
            if isinstance(field, StreamField):
                schemas.update(stream_components(field))
    return schemas


# --- Parameters -------------------------------------------------------------------------------

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


# --- Operations -------------------------------------------------------------------------------


def described(view, **schemas):
    """A subclass of `view` whose view methods carry the given `extend_schema` decorators.

    Each method is wrapped before it is decorated: Wagtail's viewsets share their methods
    by inheritance, and decorating a shared function would give one endpoint's description
    to all of them.
    """
    methods = {}
    for name, decorator in schemas.items():
        inherited = getattr(view, name)

        @functools.wraps(inherited)
        def method(self, request, *args, _inherited=inherited, **kwargs):
            return _inherited(self, request, *args, **kwargs)

        methods[name] = decorator(method)
    return type(view.__name__, (view,), methods)


def operation(operation_id: str, summary: str, parameters, responses, description: str = ""):
    """extend_schema with the parts every described operation names."""
    return extend_schema(
        operation_id=operation_id,
        summary=summary,
        description=description,
        parameters=parameters,
        responses=responses,
    )


def wagtail_endpoint(name: str, *, item: str, noun: str, find_parameters):
    """The listing, detail and find operations of a stock Wagtail endpoint."""

    def view_replacement(self):
        view = self.target
        model = view.model
        return described(
            view,
            listing_view=operation(
                f"{name}_list",
                f"List {noun}s",
                [*PAGING, FIELDS, order(view, model), *SEARCH, *filters(view, model)],
                {200: OpenApiResponse(ref(f"{item}List"), description=f"A page of {noun}s.")},
            ),
            detail_view=operation(
                f"{name}_retrieve",
                f"One {noun}",
                [ID_PATH, FIELDS],
                {200: OpenApiResponse(ref(item), description=f"The {noun}.")},
            ),
            find_view=operation(
                f"{name}_find",
                f"Find one {noun}",
                [*find_parameters, FIELDS],
                {200: OpenApiResponse(ref(item), description=f"The {noun} found.")},
            ),
        )

    return view_replacement


class ImagesSchema(OpenApiViewExtension):
    """Images of public collections (Wagtail's images endpoint)."""

    target_class = "api.views.media.PublicImagesAPIViewSet"
    view_replacement = wagtail_endpoint(
        "images", item="WagtailImage", noun="image", find_parameters=[query("id", "Image id.")]
    )


class DocumentsSchema(OpenApiViewExtension):
    """Documents of public collections (Wagtail's documents endpoint)."""

    target_class = "api.views.media.PublicDocumentsAPIViewSet"
    view_replacement = wagtail_endpoint(
        "documents", item="Document", noun="document", find_parameters=[query("id", "Document id.")]
    )


class RedirectsSchema(OpenApiViewExtension):
    """The owner's redirects (Wagtail's redirects endpoint)."""

    target_class = "api.views.media.PublicRedirectsAPIViewSet"
    view_replacement = wagtail_endpoint(
        "redirects",
        item="Redirect",
        noun="redirect",
        find_parameters=[
            query("html_path", "An old path of the site, e.g. /old-page/."),
            query("id", "Redirect id."),
        ],
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


PAGE_RESPONSES = {200: OpenApiResponse(ref("Page"), description="The page, as its type shows it.")}


class PagesSchema(OpenApiViewExtension):
    """Live, public pages of the site, with each page type's own fields."""

    target_class = "api.views.pages.PublicPagesAPIViewSet"

    def view_replacement(self):
        view = self.target
        return described(
            view,
            listing_view=operation(
                "pages_list",
                "List pages",
                [
                    *PAGING,
                    FIELDS,
                    order(view, Page),
                    *SEARCH,
                    query(
                        "type",
                        page_type_description(),
                        examples=[
                            (model.__name__, model._meta.label) for model in public_page_models()
                        ],
                    ),
                    query("child_of", "Only children of this page id (`root`: the home page's)."),
                    query("ancestor_of", "Only ancestors of this page id."),
                    query("descendant_of", "Only descendants of this page id."),
                    query(
                        "site",
                        "Accepted for compatibility with Wagtail and ignored: the site is the "
                        "one the request's host names.",
                    ),
                    *filters(view, Page, exclude={"locale"}),
                ],
                {200: OpenApiResponse(ref("PageList"), description="A page of pages.")},
                description=(
                    "Items show `id`, `meta` (type, detail_url, html_url, slug, "
                    "first_published_at, path) and `title` unless `fields=` says otherwise. "
                    "`path` as a filter is Wagtail's tree path, not the public path: use "
                    "`pages/find/?html_path=` for that."
                ),
            ),
            detail_view=operation(
                "pages_retrieve",
                "One page with all its fields",
                [ID_PATH, FIELDS],
                PAGE_RESPONSES,
            ),
            find_view=operation(
                "pages_find",
                "Find a page by its public path",
                [
                    query(
                        "html_path",
                        "The page's public path, e.g. /services/craniosacral-massage/.",
                        examples=[
                            ("Home page", "/"),
                            ("A service", "/services/craniosacral-massage/"),
                        ],
                    ),
                    query("id", "Or the page's id."),
                    FIELDS,
                ],
                PAGE_RESPONSES,
                description=(
                    "Answers with the page itself, exactly as its detail would (not with a "
                    "redirect as Wagtail's stock endpoint does), so a site needs one request "
                    "per page."
                ),
            ),
        )


class PagePreviewSchema(OpenApiViewExtension):
    """Drafts shown to the owner's preview, through signed, expiring tokens."""

    target_class = "api.views.preview.PagePreviewAPIViewSet"

    def view_replacement(self):
        return described(
            self.target,
            preview_view=operation(
                "page_preview_retrieve",
                "A draft being previewed",
                [
                    query(
                        "content_type",
                        "The draft's page type as `app_label.model`, lower case.",
                        examples=[("A service page", "cms_pages.servicepage")],
                    ),
                    query("token", "The preview token Wagtail gave the preview link."),
                    FIELDS,
                ],
                PAGE_RESPONSES,
                description=(
                    "Same shape as a page's detail. Tokens expire after "
                    f"{settings.PREVIEW_TOKEN_MAX_AGE} seconds; answers are never cached."
                ),
            ),
        )


# --- Hooks ------------------------------------------------------------------------------------


def public_endpoints_only(endpoints, **kwargs):
    """Keep the public API; Wagtail's admin API (/admin/api/) is for the admin's own use."""
    return [endpoint for endpoint in endpoints if endpoint[0].startswith(API_PREFIX)]


def error(description: str, headers: dict | None = None) -> dict:
    """A response with the API's error body."""
    response = {
        "description": description,
        "content": {"application/json": {"schema": ref("Error")}},
    }
    if headers:
        response["headers"] = headers
    return response


def header(description: str, schema: dict | None = None) -> dict:
    """A response header the answer always carries."""
    return {"description": description, "required": True, "schema": schema or STRING}


def caching_headers(cached: bool) -> dict:
    """The headers api.caching.APICacheMiddleware puts on an answer."""
    if not cached:
        return {"Cache-Control": header("`no-store`: never cached.")}
    return {
        "ETag": header("Validator of this body; send it back in `If-None-Match`."),
        "Cache-Control": header(
            f"`public, max-age={settings.API_MAX_AGE}, stale-while-revalidate="
            f"{settings.API_STALE_WHILE_REVALIDATE}, stale-if-error={settings.API_STALE_IF_ERROR}`"
        ),
    }


IF_NONE_MATCH = {
    "name": "If-None-Match",
    "in": "header",
    "required": False,
    "description": "The `ETag` of a copy you hold: if it is still current, the answer is 304.",
    "schema": STRING,
}


def add_shared_responses(result, generator, request, public):
    """Add what every operation shares, and the components the Wagtail views refer to."""
    result.setdefault("components", {}).setdefault("schemas", {}).update(components())
    document_paging(result, generator)
    for path, operations in result["paths"].items():
        for method, item in operations.items():
            add_error_responses(path, method, item)
            if method == "get":
                add_caching(item, cached=not path.startswith(UNCACHED_PREFIXES))
            item["responses"] = dict(sorted(item["responses"].items()))
            bound_parameters(item)
    return result


def document_paging(result, generator) -> None:
    """Document the DRF views paged by LinkedPagination as paged lists.

    drf-spectacular asks a view's paginator for the shape of a paged list, and
    LinkedPagination (a Wagtail paginator) has no answer, so a view declaring
    `Serializer(many=True)` would be documented as the bare array it never sends (directly
    or as a `Paginated...List` component).
    """
    components = result["components"]["schemas"]
    for path, _, method, callback in generator.endpoints:
        paginator = getattr(callback.cls, "pagination_class", None)
        if not (paginator and issubclass(paginator, LinkedPagination)):
            continue
        operation = result["paths"].get(path, {}).get(method.lower(), {})
        content = operation.get("responses", {}).get("200", {}).get("content", {})
        for media in content.values():
            holder, key = media, "schema"
            if "$ref" in media["schema"]:
                holder, key = components, media["schema"]["$ref"].rsplit("/", 1)[1]
            if holder[key].get("type") == "array":
                holder[key] = listing(holder[key]["items"])


# Operations that look a page up by a parameter, besides every `_retrieve` and `_find`.
LOOKUP_OPERATIONS = {"responses_list", "responses_create"}


def add_error_responses(path: str, method: str, item: dict) -> None:
    """The `{"message"}` errors of api.views.base: 400 for bad input on every operation,
    404 on those that look up one object, and 429 with Retry-After over a rate limit."""
    responses = item["responses"]
    reading = method == "get"
    for status, response in responses.items():
        if status.startswith("3") and status != "304":
            response["headers"] = {"Location": header("Where the object is.")}
    responses["400"] = error(
        "Bad input: an unknown, repeated or out-of-bounds parameter."
        if reading
        else "Bad input; `errors` names the fields to correct."
    )
    operation_id = item["operationId"]
    if (
        "{" in path
        or operation_id.endswith(("_retrieve", "_find"))
        or operation_id in LOOKUP_OPERATIONS
    ):
        responses["404"] = error("Not found, or not public.")
    rate = settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["anon"]
    responses["429"] = error(
        f"Over the rate limit ({rate} per address, cached answers included)."
        if reading
        else "Too many submissions from this address.",
        {"Retry-After": header("Seconds to wait.", {"type": "integer", "minimum": 1})},
    )


def add_caching(item: dict, *, cached: bool) -> None:
    """api.caching's headers on answers, and 304 for `If-None-Match` where answers are cached
    (uncached paths, such as drafts, are `no-store`)."""
    responses = item["responses"]
    for status, response in responses.items():
        if status.startswith("2"):
            response.setdefault("headers", {}).update(caching_headers(cached))
    if cached:
        responses["304"] = {
            "description": "Not modified: the copy named in `If-None-Match` is current.",
            "headers": caching_headers(cached),
        }
        item.setdefault("parameters", []).append(IF_NONE_MATCH)


def bound_parameters(item: dict) -> None:
    """The bounds of api.params: on every query parameter of that name, the length limit on
    every free-text one, and the id range on every integer in a path."""
    for parameter in item.get("parameters", []):
        schema = parameter["schema"]
        if parameter["in"] == "path" and schema.get("type") == "integer":
            parameter["schema"] = {**schema, **OBJECT_ID}
        if parameter["in"] != "query":
            continue
        schema = {**schema, **PARAMETER_BOUNDS.get(parameter["name"], {})}
        if schema.get("type") == "string" and "enum" not in schema:
            schema.setdefault("maxLength", MAX_PARAM_LENGTH)
        parameter["schema"] = schema
