"""The only code that talks to the CMS API: timeouts, caching, and stale copies on failure.

Every GET goes through `_get`: a fresh cached answer is used when there is one; otherwise the
API is asked (conditionally, with the last good copy's ETag) with connect and read timeouts.
When the API is down, slow or failing, the last good copy is used; without one, `Unavailable`
is raised and the visitor gets the 503 page. After a timeout or a refused connection the API
is left alone for CMS_API_RETRY_SECONDS, so a down API costs each visitor no waiting at all.
Redirects are never followed (the next host would get the client key): a 3xx is the API
failing. 404s and search results are kept briefly, never as last good copies.

Visitors' forms go the other way through `submit` (never cached, never retried), with a
fresh signed timestamp from `form_token`.
"""

import logging
import threading
from urllib.parse import urlencode, urljoin

import requests
from django.conf import settings

from frontend_templates import api_cache
from frontend_templates.api_cache import Answer

logger = logging.getLogger(__name__)
_local = threading.local()
SITEMAP_PAGE_SIZE = 1000  # the most the API's sitemap/ gives at once
SEARCH_PAGE_SIZE = 10
# Seconds a visitor's form waits for its token (/_forms/token/ and the confirmation step).
FORM_TOKEN_READ_TIMEOUT = 1.0


class APIError(Exception):
    """The API gave no usable answer."""


class NotFound(APIError):
    """The API does not know the object (HTTP 404)."""


class BadQuery(APIError):
    """The API refused the visitor's input (HTTP 400); the message is for the visitor."""


class Unavailable(APIError):
    """The API is down, too slow or failing, and no earlier copy of the answer exists."""


class Refused(APIError):
    """The API turned a visitor's form away (400, 403, 404 or 429).

    `message` and `errors` (field name -> messages) are for the visitor; `retry_after` is the
    API's Retry-After when it asks the visitor to wait.
    """

    def __init__(self, status: int, data: dict, retry_after: str = ""):
        self.status = status
        self.message = str(data.get("message") or "The form could not be sent.")
        errors = data.get("errors")
        self.errors = errors if isinstance(errors, dict) else {}
        self.retry_after = retry_after
        super().__init__(self.message)


def _session() -> requests.Session:
    """One keep-alive session per thread (gunicorn workers and runserver threads)."""
    if not hasattr(_local, "session"):
        session = requests.Session()
        session.headers.update(
            {"Accept": "application/json", "User-Agent": "MassageAha-Site/1 (+frontend)"}
        )
        if settings.API_TRUSTED_CLIENT_KEY:
            session.headers["X-CMS-Client-Key"] = settings.API_TRUSTED_CLIENT_KEY
        _local.session = session
    return _local.session


def _send(method: str, url: str, *, timeout=None, **kwargs) -> requests.Response:
    """Every request to the API goes out here: with timeouts, and never to where a redirect
    points (the client key would go along to whichever host it names)."""
    return _session().request(
        method,
        urljoin(settings.CMS_API_URL, url),
        timeout=timeout or settings.CMS_API_TIMEOUT,
        allow_redirects=False,
        **kwargs,
    )


def _call(method: str, url: str, *, timeout=None, **kwargs) -> requests.Response:
    """One request to the API; a refused or timed-out connection marks the API down."""
    if api_cache.api_marked_down():
        raise Unavailable(f"API marked down, not asking for {url}")
    try:
        return _send(method, url, timeout=timeout, **kwargs)
    except (requests.ConnectionError, requests.Timeout) as error:
        api_cache.mark_api_down()
        raise Unavailable(f"API unreachable for {url}: {error.__class__.__name__}") from error
    except requests.RequestException as error:
        raise Unavailable(f"API request for {url} failed: {error}") from error


def _json(response: requests.Response, url: str) -> dict:
    try:
        return response.json()
    except ValueError as error:
        raise Unavailable(f"API answered {url} with something other than JSON") from error


def _fetch(url: str, etag: str = "", timeout=None) -> Answer | None:
    """Ask the API; None means 'not modified since the copy with `etag`'."""
    headers = {"If-None-Match": etag} if etag else {}
    response = _call("GET", url, headers=headers, timeout=timeout)
    if response.status_code == 304 and etag:
        return None
    if response.status_code not in (200, 400, 404):
        raise Unavailable(f"API answered {response.status_code} for {url}")
    return Answer(response.status_code, _json(response, url), response.headers.get("ETag", ""))


def _get(endpoint: str, *, keep_last_good: bool = True, **params) -> Answer:
    """GET `endpoint` relative to CMS_API_URL, through the shared cache.

    Without `keep_last_good` the answer is only kept fresh: no copy of it through an outage.
    """
    url = endpoint + ("?" + urlencode(sorted(params.items())) if params else "")
    where = api_cache.keys(url)
    cached = api_cache.fresh(where)
    if cached is not None:
        return cached
    last = api_cache.last_good(where) if keep_last_good else None
    try:
        answer = _fetch(url, etag=last.etag if last else "") or last
    except Unavailable:
        if last is None:
            raise
        logger.warning("Serving the last good copy of %s: the API is unavailable", url)
        _local.stale = True
        return last
    if answer.status in (200, 404):
        api_cache.remember(where, answer, keep_last_good=keep_last_good)
    return answer


def forget_stale_answers() -> None:
    """A render starts on this thread: no last good copy used yet."""
    _local.stale = False


def used_stale_answers() -> bool:
    """Whether this thread's render used a last good copy because the API was away.

    Such a page must not be kept as finished: it would outlive the outage.
    """
    return getattr(_local, "stale", False)


def _data(answer: Answer) -> dict:
    if answer.status == 404:
        raise NotFound(answer.data.get("message", "not found"))
    if answer.status == 400:
        raise BadQuery(answer.data.get("message", "That request could not be understood."))
    return answer.data


def page(path: str) -> dict:
    """The live page at a public path, e.g. '/services/craniosacral-massage/'.

    A path the API refuses (too long, say) cannot be a page: that is NotFound too.
    """
    try:
        return _data(_get("pages/find/", html_path=path))
    except BadQuery as refusal:
        raise NotFound(str(refusal)) from refusal


def page_by_id(page_id: int) -> dict:
    """The live page with this id (the page a visitor's response was left on)."""
    return _data(_get(f"pages/{page_id}/"))


def practice() -> dict:
    """The practice's details and navigation (header, footer, contact details)."""
    return _data(_get("practice/"))


def last_known_practice() -> dict | None:
    """The practice's details from the cache only, for error pages: never asks the API."""
    where = api_cache.keys("practice/")
    answer = api_cache.fresh(where) or api_cache.last_good(where)
    return answer.data if answer and answer.status == 200 else None


def search(query: str, offset: int = 0) -> dict:
    """Search results: {meta: {total_count, next, previous}, items: [...]}.

    Any visitor can make up new queries: their answers are kept fresh only, briefly.
    """
    return _data(
        _get("search/", keep_last_good=False, q=query, limit=SEARCH_PAGE_SIZE, offset=offset)
    )


def services_under(index_id: int, *, offset: int, limit: int) -> list[dict]:
    """Services under a services index past the first its own answer lists, in the owner's
    order, each as that answer's `services` shows one (the pages list puts the path and type
    under `meta`, and gives the search description to fall back on apart)."""
    listing = _data(
        _get(
            "pages/",
            child_of=index_id,
            type="cms_pages.ServicePage",
            fields="summary,search_description,image,session_options",
            limit=limit,
            offset=offset,
        )
    )
    return [
        {
            "id": item["id"],
            "title": item["title"],
            "path": item["meta"].get("path", ""),
            "summary": item.get("summary") or item["meta"].get("search_description", ""),
            "type": item["meta"]["type"],
            "image": item.get("image"),
            "session_options": item.get("session_options", []),
        }
        for item in listing["items"]
    ]


def redirect_for(path: str) -> dict | None:
    """The owner's redirect from `path` ({location, is_permanent}), if there is one."""
    try:
        return _data(_get("redirects/find/", html_path=path))
    except (NotFound, BadQuery):
        return None


def live_pages() -> list[dict]:
    """Every live public page's path and last publication time, for the sitemap."""
    pages, offset = [], 0
    while True:
        batch = _data(_get("sitemap/", limit=SITEMAP_PAGE_SIZE, offset=offset))
        pages += batch["items"]
        offset += SITEMAP_PAGE_SIZE
        if not batch["meta"].get("next") or offset >= batch["meta"]["total_count"]:
            return pages


def preview(content_type: str, token: str) -> dict:
    """A draft from a preview token: never cached, never kept as a last good copy."""
    url = "page_preview/?" + urlencode({"content_type": content_type, "token": token})
    return _data(_fetch(url))


def form_token() -> str:
    """A fresh signed timestamp for one visitor's form: never cached, never a stale copy.

    '' when the API cannot give one right now: the page still shows its form, and sending
    the form then tells the visitor that it could not be checked.
    """
    try:
        timeout = (settings.CMS_API_TIMEOUT[0], FORM_TOKEN_READ_TIMEOUT)
        answer = _fetch("forms/token/", timeout=timeout)
    except Unavailable as error:
        logger.warning("A form without its token: %s", error)
        return ""
    return str(answer.data.get("token", "")) if answer.status == 200 else ""


def submit(endpoint: str, payload: dict, *, visitor_ip: str) -> None:
    """POST a visitor's form to the API, once (200 or 201: taken; a repeat is recognised).

    The visitor's address goes along as X-CMS-Visitor-IP for the API's per-address limits
    (it believes the header only beside the trusted client key). Raises Refused for the
    API's 400, 403, 404 and 429, and Unavailable when it is down, slow or failing.
    """
    headers = {"X-CMS-Visitor-IP": visitor_ip} if visitor_ip else {}
    response = _call("POST", endpoint, json=payload, headers=headers)
    if response.status_code in (200, 201):
        return
    if response.status_code in (400, 403, 404, 429):
        retry_after = response.headers.get("Retry-After", "")
        raise Refused(response.status_code, _json(response, endpoint), retry_after)
    raise Unavailable(f"API answered {response.status_code} to {endpoint}")


def reachable() -> bool:
    """Whether the API answers right now (for /readyz); never uses the cache."""
    try:
        response = _send("GET", "practice/")
    except requests.RequestException:
        return False
    return response.status_code == 200
