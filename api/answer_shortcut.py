"""One page's answer straight from its stored answer, before the API's framework runs.

A plain page detail (`pages/<id>/`) or look-up (`find/?html_path=`), the request the site
and most partner sites make for every page, needs none of what Django REST framework and
Wagtail's viewset do for it (routing, content negotiation, parameter checks, pagination,
serializer classes): its answer is the page's stored answer (`api.stored_answers`) with the
parts that change without the page changing filled in. `StoredAnswerMiddleware` finds the
page with the visibility rules (`cms_pages.selectors.site_pages_q`) and its stored answer in
one query and answers with the same bytes the viewset would. Any other request, and any page
without a stored answer or not public, goes on to the viewset unchanged.
"""

import re
from functools import cache

from django.contrib.contenttypes.models import ContentType
from django.db.models import OuterRef, Subquery
from django.http import HttpResponse
from django.utils import timezone
from wagtail.api.v2.utils import BadRequestError
from wagtail.models import Page, Site

from api import generation_memo, json_renderer, stored_answers
from api.compiled_query import STAND_IN_ID, STAND_IN_TIME, CompiledQuery
from api.models import StoredPageAnswer
from api.params import ID_MAX, check_common
from api.views.pages import PublicPagesAPIViewSet
from cms_pages import selectors

# What the compiled look-up is built with where a request's values go (`CompiledQuery`).
STAND_INS = {"id": STAND_IN_ID, "url_path": "/stand-in of a page's url_path/"}
PAGE_PATH = re.compile(r"/api/v2/pages/(?:(?P<pk>\d{1,10})|find)/")


class StoredAnswerMiddleware:
    """Answer `pages/<id>/` (no parameters) and `find/?html_path=` (that one alone) from the
    page's stored answer; let every other request through. Sits after the response cache
    (`api.caching.APICacheMiddleware`), which keeps and throttles what it answers."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method in ("GET", "HEAD"):
            response = self.stored_answer(request)
            if response is not None:
                return response
        return self.get_response(request)

    def stored_answer(self, request) -> HttpResponse | None:
        asked = self.page_asked(request)
        site = generation_memo.site_for(request) if asked is not None else None
        if site is None:
            return None
        kind, value = asked
        if kind == "url_path":
            value = stored_answers.url_path_on(site, value)
        lookup = generation_memo.remembered(
            "page lookup", (site.pk, kind), lambda: compiled(site, kind)
        )
        found = lookup.rows(key=value, now=timezone.now())
        if not found:  # not public, not there, or not stored: the viewset decides
            return None
        pk, content_type_id, stored = found[0]
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        shown = {pk: shown_by_default(json_renderer.loads(stored), model)}
        stored_answers.fill_read_time_parts(shown, site)
        content = json_renderer.CompactJSONRenderer().render(shown[pk])
        return HttpResponse(content, content_type="application/json")

    @staticmethod
    def page_asked(request) -> tuple[str, int | str] | None:
        """The page asked for (`("id", <id>)` or `("url_path", <html_path>)`), or None when
        the request is not one this shortcut answers (the viewset answers, or refuses, it)."""
        matched = PAGE_PATH.fullmatch(request.path_info)
        if matched is None:
            return None
        try:
            check_common(request.GET)
        except BadRequestError:
            return None
        if matched["pk"] is not None:
            pk = int(matched["pk"])
            return ("id", pk) if not request.GET and pk <= ID_MAX else None
        if list(request.GET) == ["html_path"]:
            return ("url_path", request.GET["html_path"])
        return None


def compiled(site: Site, kind: str) -> CompiledQuery:
    """The look-up of a public page of `site` by `kind` (`id` or `url_path`) with its stored
    answer, in one query: its id, content type and answer, or no row. Compiled once per
    content generation (the view restrictions it holds change only with one)."""
    answer = StoredPageAnswer.objects.filter(
        page=OuterRef("pk"), site_id=site.pk, fingerprint=stored_answers.fingerprint()
    ).values("answer")
    shown = selectors.site_pages_q(site, generation_memo.private_q(), now=STAND_IN_TIME)
    queryset = (
        Page.objects.filter(shown, **{kind: STAND_INS[kind]})
        .annotate(stored=Subquery(answer))
        .filter(stored__isnull=False)
        .values_list("pk", "content_type_id", "stored")[:1]
    )
    places = {"key": (Page._meta.get_field(kind), STAND_INS[kind])}
    places["now"] = (Page._meta.get_field("expire_at"), STAND_IN_TIME)
    return CompiledQuery(queryset, places)


def shown_by_default(answer: dict, model) -> dict:
    """A page's whole stored answer as its detail shows it when no fields are asked for."""
    for name in hidden_by_default(model):
        answer.pop(name, None)
        answer["meta"].pop(name, None)
    return answer


@cache
def hidden_by_default(model) -> frozenset[str]:
    """The fields of a page type that its detail shows only when asked for by name (`locale`
    while Wagtail's internationalisation is off)."""
    available = PublicPagesAPIViewSet.get_available_fields(model)
    return frozenset(available) - set(PublicPagesAPIViewSet.get_detail_default_fields(model))
