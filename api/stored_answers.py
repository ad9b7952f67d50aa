"""Stored page answers: each live page's whole public answer, built once, read many times.

A request the response cache has not seen (every first request after a content change) no
longer serializes its pages: it reads their stored answers (one query for a detail or a
whole list), cuts out the fields it asked for (`compose`), and fills in the parts that change
without the page changing: its approved responses, and the practice's details in its
JSON-LD (`fill_read_time_parts`); one edit of the practice details therefore rebuilds
nothing. A page without a stored answer has one built on the spot, for all the pages of a
list at once, with the same serializers as before, and stored for the next request.

An answer is built with every field and with a request for the page's site, never with the
asking request, so it is the same for every client. `api.answer_invalidation` forgets the
answers a change makes stale and has the worker build them again. An answer built while the
content changed is served but not stored; one built by other code or settings (its
fingerprint) is built again.
"""

import hashlib
import json
import logging
from collections import defaultdict
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import wagtail
from django.conf import settings
from django.db import DatabaseError, transaction
from django.test import RequestFactory
from rest_framework.utils.encoders import JSONEncoder
from wagtail.models import Site

from api import generation_memo, json_renderer, jsonld
from api.caching import content_generation
from api.fields import prefetch_fields
from api.models import StoredPageAnswer
from api.serializers import ResponseOutputSerializer
from api.service_fields import published_responses_of
from cms_pages import selectors

logger = logging.getLogger(__name__)
EVERY_FIELD = [("*", False, None)]
READ_TIME_RESPONSES = {"responses", "response_count"}
# The code an answer's shape comes from: a deploy that changes any of it rebuilds every answer.
SHAPING_CODE = ("api", "cms_pages/models", "cms_pages/blocks.py")


@cache
def _code_digest() -> str:
    digest = hashlib.sha256(wagtail.__version__.encode())
    root = Path(settings.BASE_DIR)
    for name in SHAPING_CODE:
        place = root / name
        for source in sorted(place.rglob("*.py")) if place.is_dir() else [place]:
            digest.update(source.read_bytes())
    return digest.hexdigest()


def fingerprint() -> str:
    """What an answer was built with: the code that shapes it and the addresses it holds."""
    made_with = [_code_digest(), settings.FRONTEND_URL, settings.WAGTAILAPI_BASE_URL]
    made_with.append(settings.MEDIA_URL)
    return hashlib.sha256("\n".join(made_with).encode()).hexdigest()[:16]


def request_for(site: Site, router):
    """A GET for the site's own address: what an answer is built with, whoever asked."""
    request = RequestFactory().get("/", SERVER_NAME=site.hostname, SERVER_PORT=site.port)
    request.wagtailapi_router = router
    request._wagtail_site = site
    return request


def build(viewset_class, router, site: Site, page_ids) -> list[StoredPageAnswer]:
    """The whole answer of each public page of `page_ids` on `site`, unsaved; the pages of
    each type serialized together, their fields loading what they show for all of them at
    once."""
    pages = selectors.site_pages(site).filter(pk__in=list(page_ids)).specific()
    by_type = defaultdict(list)
    for page in pages:
        by_type[type(page)].append(page)
    request = request_for(site, router)
    view = viewset_class(request=request, action="detail_view", format_kwarg=None)
    made_with = fingerprint()
    built = []
    for model, same_type in by_type.items():
        serializer_class = view._get_serializer_class(router, model, EVERY_FIELD, show_details=True)
        serializer = serializer_class(same_type, many=True, context=view.get_serializer_context())
        prefetch_fields(serializer.child, same_type)
        for page in same_type:
            data = serializer.child.to_representation(page)
            answer = json.dumps(data, cls=JSONEncoder, ensure_ascii=False)
            built.append(
                StoredPageAnswer(
                    page_id=page.pk,
                    site_id=site.pk,
                    url_path=page.url_path,
                    fingerprint=made_with,
                    answer=answer,
                )
            )
    return built


def store(built: list[StoredPageAnswer], generation: str) -> None:
    """Keep answers built while the content generation stayed `generation` (one built across
    a change may hold some of the state before it)."""
    if not built or content_generation() != generation:
        return
    try:
        with transaction.atomic():  # a failure undoes this alone, not the caller's transaction
            StoredPageAnswer.objects.bulk_create(
                built,
                update_conflicts=True,
                unique_fields=["page"],
                update_fields=["site_id", "url_path", "fingerprint", "answer", "built_at"],
            )
    except DatabaseError:  # a page deleted meanwhile, a locked database: serve, store later
        pages = sorted(row.page_id for row in built)
        logger.warning("Could not store the answers of pages %s", pages, exc_info=True)


def stored(site: Site, page_ids) -> dict[int, str]:
    """The stored answers of these pages for `site` that the current code built, by id."""
    rows = StoredPageAnswer.objects.filter(
        page_id__in=list(page_ids), site_id=site.pk, fingerprint=fingerprint()
    ).values_list("page_id", "answer")
    return dict(rows)


def url_path_on(site: Site, html_path: str) -> str:
    """The `url_path` of the page at `html_path` on `site` (`/services//x` is `/services/x/`)."""
    parts = [part for part in html_path.split("/") if part]
    return site.root_page.url_path + "".join(f"{part}/" for part in parts)


def stored_at(site: Site, url_path: str):
    """The id of the page whose answer is stored under `url_path` (none or one), as a
    subquery: the caller checks that the page is public and still there."""
    return StoredPageAnswer.objects.filter(
        site_id=site.pk, url_path=url_path, fingerprint=fingerprint()
    ).values("page_id")


def answers(viewset_class, router, site: Site, page_ids: list[int]) -> dict[int, dict]:
    """The whole answer of each of these public pages, by id: stored ones read, the others
    built (all at once) and stored."""
    if not page_ids:  # nothing shown (a request that no site answers shows no pages)
        return {}
    found = stored(site, page_ids)
    missing = [pk for pk in page_ids if pk not in found]
    if missing:
        found.update(rebuild(viewset_class, router, site, missing))
    return {pk: json_renderer.loads(answer) for pk, answer in found.items()}


def rebuild(viewset_class, router, site: Site, page_ids) -> dict[int, str]:
    """Build the answers of these public pages and store them (see `store`), by page id."""
    generation = content_generation()
    built = build(viewset_class, router, site, page_ids)
    store(built, generation)
    return {row.page_id: row.answer for row in built}


@dataclass(frozen=True)
class ShownFields:
    """The fields a request shows, in its serializer's order, and which of them are meta
    fields: all `compose` needs of the serializer, and cheap to keep."""

    names: tuple[str, ...]
    meta: frozenset[str]

    @classmethod
    def of(cls, serializer) -> "ShownFields":
        names = tuple(name for name, field in serializer.fields.items() if not field.write_only)
        return cls(names, frozenset(serializer.meta_fields))


def compose(answer: dict, fields: ShownFields) -> dict:
    """The part of a whole answer that `fields` shows, in their order: `id` first, then
    `meta`, then the other fields, as Wagtail's serializers lay them out; fields the whole
    answer skipped are skipped."""
    shown = {"id": answer["id"]} if "id" in fields.names and "id" in answer else {}
    meta = {
        name: answer["meta"][name]
        for name in fields.names
        if name in fields.meta and name in answer.get("meta", {})
    }
    if meta:
        shown["meta"] = meta
    shown.update(
        (name, answer[name])
        for name in fields.names
        if name != "id" and name not in fields.meta and name in answer
    )
    return shown


def fill_read_time_parts(shown: dict[int, dict], site: Site) -> None:
    """Fill in what changes without its page changing: the approved responses (and their
    count) of each page shown (by id), and the practice's details in its JSON-LD."""
    with_responses = [pk for pk, item in shown.items() if READ_TIME_RESPONSES & set(item)]
    of_page = published_responses_of(with_responses)
    # One serializer for the responses of every page shown (a serializer per page costs more).
    everyone = [response for pk in with_responses for response in of_page[pk]]
    serialized = iter(ResponseOutputSerializer(everyone, many=True).data)
    for pk in with_responses:
        item, responses = shown[pk], of_page[pk]
        mine = [next(serialized) for _ in responses]
        if "responses" in item:
            item["responses"] = mine
        if "response_count" in item:
            item["response_count"] = len(responses)
    with_jsonld = [item for item in shown.values() if item.get("json_ld")]
    if with_jsonld:
        practice = generation_memo.practice_of(site)
        for item in with_jsonld:
            item["json_ld"] = jsonld.with_practice(item["json_ld"], practice)
