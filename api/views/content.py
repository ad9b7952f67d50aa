"""The API's own read-only endpoints: practice details, FAQs and the site search."""

from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response
from wagtail.api.v2.utils import BadRequestError
from wagtail.models import Page, Site

from api.pagination import LinkedPagination
from api.params import SITEMAP_LIMIT_MAX, bounded_int, search_words
from api.representations import page_path, page_summary, page_type, plain_text
from api.serializers import (
    FAQSerializer,
    PracticeSerializer,
    SearchResultSerializer,
    SitemapEntrySerializer,
)
from api.views.base import BoundedParamsMixin
from cms_pages import selectors
from cms_pages.models import PracticeSettings

SNIPPET_LENGTH = 160


def paginated_schema(name: str, item):
    """The OpenAPI shape of a paged list of `item`."""
    return inline_serializer(
        name=name,
        fields={
            "meta": inline_serializer(
                name=f"{name}Meta",
                fields={
                    "total_count": serializers.IntegerField(),
                    "next": serializers.URLField(allow_null=True),
                    "previous": serializers.URLField(allow_null=True),
                },
            ),
            "items": item(many=True),
        },
    )


class PublicReadView(BoundedParamsMixin, GenericAPIView):
    """A read-only endpoint of public content with the API's input bounds and paging."""

    pagination_class = LinkedPagination
    allowed_query_parameters: frozenset = frozenset()

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        unknown = set(request.GET) - self.allowed_query_parameters - {"format"}
        if unknown:
            raise BadRequestError(f"unknown query parameter: {', '.join(sorted(unknown))}")


class PracticeView(PublicReadView):
    """The practice's details and the site's navigation, for headers, footers and widgets."""

    serializer_class = PracticeSerializer

    @extend_schema(responses=PracticeSerializer, operation_id="practice_retrieve")
    def get(self, request):
        site = Site.find_for_request(request)
        if site is None:
            raise Http404("no site")
        practice = PracticeSettings.for_site(site)
        return Response(PracticeSerializer(practice, context={"request": request}).data)


class FAQListView(PublicReadView):
    """Published FAQs, optionally of one category or attached to one service page."""

    serializer_class = FAQSerializer
    allowed_query_parameters = frozenset({"category", "service", "limit", "offset"})

    def get_queryset(self):
        faqs = selectors.public_faqs().select_related("category")
        category = self.request.GET.get("category")
        if category is not None:
            faqs = faqs.filter(category__slug=category)
        if "service" in self.request.GET:
            service = bounded_int("service", self.request.GET["service"], low=1)
            faqs = selectors.faqs_of_service(faqs, service)
        return faqs

    @extend_schema(
        parameters=[
            OpenApiParameter("category", OpenApiTypes.STR, description="A category slug."),
            OpenApiParameter("service", OpenApiTypes.INT, description="A service page id."),
            OpenApiParameter("limit", OpenApiTypes.INT, description="1 to 50, default 20."),
            OpenApiParameter("offset", OpenApiTypes.INT, description="0 to 10000."),
        ],
        responses=paginated_schema("FAQList", FAQSerializer),
        operation_id="faqs_list",
    )
    def get(self, request):
        page = self.paginate_queryset(self.get_queryset())
        data = FAQSerializer(page, many=True, context={"request": request}).data
        return self.get_paginated_response(data)


class FAQDetailView(PublicReadView):
    """One published FAQ."""

    serializer_class = FAQSerializer

    @extend_schema(responses=FAQSerializer, operation_id="faqs_retrieve")
    def get(self, request, pk: int):
        faq = selectors.public_faqs().filter(pk=pk).select_related("category").first()
        if faq is None:
            raise Http404("not found")
        return Response(FAQSerializer(faq, context={"request": request}).data)


def snippet(text: str, length: int = SNIPPET_LENGTH) -> str:
    """A short plain-text extract of rich text, cut at a word boundary."""
    plain = plain_text(text)
    if len(plain) <= length:
        return plain
    return plain[:length].rsplit(" ", 1)[0] + "…"


class SitemapView(PublicReadView):
    """Every public page of the site, path and last publication, in tree order: what a
    sitemap needs and nothing else, 1,000 a page (a page list gives 50, with more fields)."""

    serializer_class = SitemapEntrySerializer
    allowed_query_parameters = frozenset({"limit", "offset"})
    default_limit = limit_max = SITEMAP_LIMIT_MAX

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "limit", OpenApiTypes.INT, description=f"1 to {SITEMAP_LIMIT_MAX}, the default."
            ),
            OpenApiParameter("offset", OpenApiTypes.INT, description="0 to 10000."),
        ],
        responses=paginated_schema("Sitemap", SitemapEntrySerializer),
        operation_id="sitemap",
    )
    def get(self, request):
        site = Site.find_for_request(request)
        if site is None:
            raise Http404("no site")
        pages = selectors.site_pages(site).order_by("path").only("url_path", "last_published_at")
        entries = [
            {"path": page_path(page, request), "last_published_at": page.last_published_at}
            for page in self.paginate_queryset(pages)
        ]
        return self.get_paginated_response(SitemapEntrySerializer(entries, many=True).data)


class SearchHits:
    """Page hits, then FAQ hits, as one list for the paginator to count and slice.

    Both are the search backend's lazy results: counting them costs a query each, and only
    the hits of the slice asked for are loaded and shaped, so that a word found on thousands
    of pages answers as fast as a rare one.
    """

    def __init__(self, view: "SearchView", query: str):
        self.view = view
        self.pages = selectors.search_pages(query, Site.find_for_request(view.request))
        self.faqs = selectors.search_faqs(query)
        self.page_count = self.pages.count()

    def count(self) -> int:
        return self.page_count + self.faqs.count()

    def __getitem__(self, window: slice) -> list[dict]:
        start, stop = window.start, window.stop
        hits = []
        if start < self.page_count:
            hits += self.view.page_hits(list(self.pages[start : min(stop, self.page_count)]))
        if stop > self.page_count:
            faqs = self.faqs[max(start - self.page_count, 0) : stop - self.page_count]
            hits += self.view.faq_hits(list(faqs))
        return hits


class SearchView(PublicReadView):
    """One search over live public pages and published FAQs, best matches first."""

    serializer_class = SearchResultSerializer
    allowed_query_parameters = frozenset({"q", "limit", "offset"})

    def page_hits(self, found: list[Page]) -> list[dict]:
        """Hits for pages the backend found (its order kept), each read as its own type."""
        specific = Page.objects.filter(pk__in=[page.pk for page in found]).specific()
        by_id = {page.pk: page for page in specific}
        hits = []
        for page in (by_id[page.pk] for page in found):
            text = page_summary(page) or getattr(page, "introduction", "")
            text = text or getattr(page, "hero_text", "")
            hits.append(
                {
                    "kind": "page",
                    "id": page.pk,
                    "title": page.title,
                    "path": page_path(page, self.request),
                    "summary": page_summary(page),
                    "type": page_type(page),
                    "snippet": snippet(text),
                }
            )
        return hits

    def faq_hits(self, faqs: list) -> list[dict]:
        faq_page = selectors.faq_page()
        faq_path = page_path(faq_page, self.request) if faq_page else ""
        return [
            {
                "kind": "faq",
                "id": faq.pk,
                "title": faq.question,
                "path": f"{faq_path}#faq-{faq.pk}" if faq_path else "",
                "summary": "",
                "type": "faq",
                "snippet": snippet(faq.answer),
            }
            for faq in faqs
        ]

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "q", OpenApiTypes.STR, required=True, description="1 to 16 words, 200 characters."
            ),
            OpenApiParameter("limit", OpenApiTypes.INT, description="1 to 50, default 20."),
            OpenApiParameter("offset", OpenApiTypes.INT, description="0 to 10000."),
        ],
        responses=paginated_schema("SearchResults", SearchResultSerializer),
        operation_id="search",
    )
    def get(self, request):
        if "q" not in request.GET:
            raise BadRequestError("q is required: the words to search for")
        query = search_words(request.GET["q"])
        hits = self.paginate_queryset(SearchHits(self, query))
        return self.get_paginated_response(SearchResultSerializer(hits, many=True).data)
