"""What every operation's answers share: the error body, caching headers, 304 and 429."""

from django.conf import settings

from api.openapi.jsonschema import STRING, ref


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
