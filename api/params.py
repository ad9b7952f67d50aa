"""Bounds on every query parameter, so that no input reaches the database unchecked.

Stock Wagtail answers 500 to some inputs (an offset beyond 64 bits, an unknown
search_operator, searches of hundreds of words or only quote marks); these checks turn every
such request into a 400 with a message before it gets that far.
"""

import re

from wagtail.api.v2.utils import BadRequestError

LIMIT_MAX = 50
SITEMAP_LIMIT_MAX = 1000  # sitemap/ entries are two short fields
OFFSET_MAX = 10_000
MAX_PARAM_LENGTH = 255
SEARCH_MAX_LENGTH = 200
SEARCH_MAX_WORDS = 16
FIELDS_MAX_DEPTH = 2
ID_MAX = 2**31 - 1
INTEGER_PARAMS = ("child_of", "ancestor_of", "descendant_of", "id", "page", "service")


def bounded_int(name: str, raw: str, *, low: int = 0, high: int = ID_MAX) -> int:
    """An integer parameter within [low, high], or a 400 naming the parameter."""
    if not re.fullmatch(r"\d{1,10}", raw or ""):
        raise BadRequestError(f"{name} must be a whole number between {low} and {high}")
    value = int(raw)
    if not low <= value <= high:
        raise BadRequestError(f"{name} must be a whole number between {low} and {high}")
    return value


def search_words(raw: str) -> str:
    """A search query with sensible length, a bounded number of words and some letters in it."""
    query = raw.strip()
    if len(query) > SEARCH_MAX_LENGTH:
        raise BadRequestError(f"search terms must be at most {SEARCH_MAX_LENGTH} characters")
    words = re.findall(r"\w+", query)
    if not words:
        raise BadRequestError("search terms must contain at least one letter or digit")
    if len(words) > SEARCH_MAX_WORDS:
        raise BadRequestError(f"search terms must be at most {SEARCH_MAX_WORDS} words")
    return " ".join(words)


def check_common(params, *, limit_max: int = LIMIT_MAX) -> None:
    """Checks that apply to every list and detail endpoint of the API (`limit_max`: the
    endpoint's own bound on `limit`)."""
    for name, value in params.lists():
        if len(value) > 1:
            raise BadRequestError(f"{name} may be given only once")
        if len(value[0]) > MAX_PARAM_LENGTH:
            raise BadRequestError(f"{name} must be at most {MAX_PARAM_LENGTH} characters")
    if "limit" in params:
        bounded_int("limit", params["limit"], low=1, high=limit_max)
    if "offset" in params:
        bounded_int("offset", params["offset"], high=OFFSET_MAX)
    for name in INTEGER_PARAMS:
        if name in params and not (name == "child_of" and params[name] == "root"):
            bounded_int(name, params[name], low=1)
    if "search_operator" in params and params["search_operator"] not in ("and", "or"):
        raise BadRequestError("search_operator must be 'and' or 'or'")
    if "search" in params:
        search_words(params["search"])
    if "fields" in params and nesting_depth(params["fields"]) > FIELDS_MAX_DEPTH:
        raise BadRequestError(f"fields may be nested at most {FIELDS_MAX_DEPTH} levels deep")


def nesting_depth(text: str) -> int:
    depth = deepest = 0
    for char in text:
        depth += {"(": 1, ")": -1}.get(char, 0)
        deepest = max(deepest, depth)
    return deepest
