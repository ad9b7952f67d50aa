"""Paging for every list: total count plus next and previous links."""

from collections import OrderedDict

from django.conf import settings
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param
from wagtail.api.v2.pagination import WagtailPagination

from api.params import LIMIT_MAX, OFFSET_MAX, bounded_int

DEFAULT_LIMIT = 20


class LinkedPagination(WagtailPagination):
    """Wagtail's limit/offset paging with bounded values and next/previous links."""

    def paginate_queryset(self, queryset, request, view=None):
        self.request = request
        default, most = (
            getattr(view, "default_limit", DEFAULT_LIMIT),
            getattr(view, "limit_max", LIMIT_MAX),
        )
        self.limit = bounded_int("limit", request.GET.get("limit", str(default)), low=1, high=most)
        self.offset = bounded_int("offset", request.GET.get("offset", "0"), high=OFFSET_MAX)
        self.total_count = self.count(queryset, view)
        return list(queryset[self.offset : self.offset + self.limit])

    @staticmethod
    def count(queryset, view) -> int:
        """The list's length, counted the view's way when it has one (`count_of`)."""
        if isinstance(queryset, list):
            return len(queryset)
        return view.count_of(queryset) if hasattr(view, "count_of") else queryset.count()

    def links(self) -> tuple[str | None, str | None]:
        """Next and previous on WAGTAILAPI_BASE_URL, never on the Host the caller used: the
        response cache keys answers by path alone, so one caller's Host (an internal name)
        would be served to everyone."""
        url = settings.WAGTAILAPI_BASE_URL + self.request.get_full_path()
        following = None
        if self.offset + self.limit < self.total_count:
            following = replace_query_param(url, "offset", self.offset + self.limit)
        previous = None
        if self.offset > 0:
            back = max(self.offset - self.limit, 0)
            previous = (
                replace_query_param(url, "offset", back)
                if back
                else remove_query_param(url, "offset")
            )
        return following, previous

    def get_paginated_response(self, data):
        following, previous = self.links()
        meta = OrderedDict(
            [("total_count", self.total_count), ("next", following), ("previous", previous)]
        )
        return Response(OrderedDict([("meta", meta), ("items", data)]))
