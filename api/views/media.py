"""Images, documents and redirects: Wagtail's stock endpoints, bounded and public-only."""

from urllib.parse import urlparse

from django.http import Http404
from wagtail.api.v2.filters import OrderingFilter, SearchFilter
from wagtail.api.v2.views import BaseAPIViewSet
from wagtail.contrib.redirects.api import RedirectsAPIViewSet
from wagtail.contrib.redirects.middleware import get_redirect
from wagtail.contrib.redirects.models import Redirect
from wagtail.documents.api.v2.views import DocumentsAPIViewSet
from wagtail.images.api.v2.views import ImagesAPIViewSet

from api.pagination import LinkedPagination
from api.views.base import BoundedFieldsFilter, BoundedParamsMixin, DirectFindMixin
from cms_pages import selectors


class PublicCollectionsMixin:
    """Hide everything in a collection with a view restriction, whoever asks."""

    def get_queryset(self):
        return BaseAPIViewSet.get_queryset(self).exclude(
            collection__in=selectors.private_collection_ids()
        )


class PublicImagesAPIViewSet(
    BoundedParamsMixin, DirectFindMixin, PublicCollectionsMixin, ImagesAPIViewSet
):
    """Images of public collections."""

    pagination_class = LinkedPagination
    filter_backends = [BoundedFieldsFilter, OrderingFilter, SearchFilter]


class PublicDocumentsAPIViewSet(
    BoundedParamsMixin, DirectFindMixin, PublicCollectionsMixin, DocumentsAPIViewSet
):
    """Documents of public collections."""

    pagination_class = LinkedPagination
    filter_backends = [BoundedFieldsFilter, OrderingFilter, SearchFilter]


class PublicRedirectsAPIViewSet(BoundedParamsMixin, DirectFindMixin, RedirectsAPIViewSet):
    """The owner's redirects; `find/?html_path=` tells the frontend where an old path goes."""

    pagination_class = LinkedPagination
    filter_backends = [BoundedFieldsFilter, OrderingFilter, SearchFilter]
    find_query_parameters = RedirectsAPIViewSet.find_query_parameters.union({"html_path"})
    known_query_parameters = RedirectsAPIViewSet.known_query_parameters.union({"html_path"})
    body_fields = [*RedirectsAPIViewSet.body_fields, "is_permanent"]
    listing_default_fields = [*RedirectsAPIViewSet.listing_default_fields, "is_permanent"]

    def find_object(self, queryset, request):
        """Look the path up as Wagtail's RedirectMiddleware does: normalised, with and
        without its query string, so '/old/' finds the redirect stored as '/old'."""
        if "html_path" not in request.GET:
            return super().find_object(queryset, request)
        path = Redirect.normalise_path(request.GET["html_path"], decode_unicode=False)
        found = get_redirect(request, path) or get_redirect(request, urlparse(path).path)
        if found is None or not queryset.filter(pk=found.pk).exists():
            raise Http404("not found")
        return found
