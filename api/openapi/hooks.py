"""The two hooks named in SPECTACULAR_SETTINGS: one keeps the document to /api/v2/, the
other adds what every operation shares (error bodies, the rate limit, the caching headers,
the bounds of `api.params`) and the components the Wagtail views refer to."""

from api.caching import API_PREFIX, UNCACHED_PREFIXES
from api.openapi.components import components
from api.openapi.jsonschema import OBJECT_ID, listing
from api.openapi.parameters import OPERATION_LIMITS, PARAMETER_BOUNDS
from api.openapi.responses import add_caching, add_error_responses
from api.pagination import LinkedPagination
from api.params import MAX_PARAM_LENGTH


def public_endpoints_only(endpoints, **kwargs):
    """Keep the public API; Wagtail's admin API (/admin/api/) is for the admin's own use."""
    return [endpoint for endpoint in endpoints if endpoint[0].startswith(API_PREFIX)]


def add_shared_responses(result, generator, request, public):
    """Add what every operation shares, and the components the Wagtail views refer to."""
    result.setdefault("components", {}).setdefault("schemas", {}).update(components())
    document_paging(result, generator)
    for path, operations in result["paths"].items():
        for method, item in operations.items():
            add_error_responses(path, method, item)
            anonymous(item)
            json_request_body(item)
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


def anonymous(item: dict) -> None:
    """No security requirement on an operation anyone may call.

    drf-spectacular writes `security: [{}]` (anonymous allowed) on every operation, and
    client generators read any `security` as "needs credentials" (openapi-python-client's
    functions then take only an AuthenticatedClient); the API has no credentials at all.
    """
    if item.get("security") == [{}]:
        del item["security"]


def json_request_body(item: dict) -> None:
    """Request bodies documented as JSON only, as the site's own frontend sends them.

    DRF also parses the form encodings, and drf-spectacular lists them with the same schema;
    but an appointment request's `fields` (an object) has no form encoding, and client
    generators write broken code for one body under several media types
    (openapi-python-client's functions then fail to import).
    """
    content = item.get("requestBody", {}).get("content")
    if content and "application/json" in content:
        item["requestBody"]["content"] = {"application/json": content["application/json"]}


def bound_parameters(item: dict) -> None:
    """The bounds of api.params: on every query parameter of that name, the length limit on
    every free-text one, and the id range on every integer in a path."""
    for parameter in item.get("parameters", []):
        schema = parameter["schema"]
        if parameter["in"] == "path" and schema.get("type") == "integer":
            parameter["schema"] = {**schema, **OBJECT_ID}
        if parameter["in"] != "query":
            continue
        bounds = PARAMETER_BOUNDS.get(parameter["name"], {})
        if parameter["name"] == "limit":
            bounds = OPERATION_LIMITS.get(item.get("operationId"), bounds)
        schema = {**schema, **bounds}
        if schema.get("type") == "string" and "enum" not in schema:
            schema.setdefault("maxLength", MAX_PARAM_LENGTH)
        parameter["schema"] = schema
