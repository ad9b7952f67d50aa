"""Images, documents and redirects: Wagtail's stock endpoints, bounded and public-only."""

from wagtail.api.v2.views import BaseAPIViewSet
from wagtail.contrib.redirects.api import RedirectsAPIViewSet
from wagtail.documents.api.v2.views import DocumentsAPIViewSet
from wagtail.images.api.v2.views import ImagesAPIViewSet

from api.pagination import LinkedPagination
from api.views.base import BoundedParamsMixin, private_collection_ids


class PublicCollectionsMixin:
    """Hide everything in a collection with a view restriction, whoever asks."""

    def get_queryset(self):
        return BaseAPIViewSet.get_queryset(self).exclude(collection__in=private_collection_ids())


class PublicImagesAPIViewSet(BoundedParamsMixin, PublicCollectionsMixin, ImagesAPIViewSet):
    """Images of public collections."""

    pagination_class = LinkedPagination


class PublicDocumentsAPIViewSet(BoundedParamsMixin, PublicCollectionsMixin, DocumentsAPIViewSet):
    """Documents of public collections."""

    pagination_class = LinkedPagination


class PublicRedirectsAPIViewSet(BoundedParamsMixin, RedirectsAPIViewSet):
    """The owner's redirects; `find/?html_path=` tells the frontend where an old path goes."""

    pagination_class = LinkedPagination
    find_query_parameters = RedirectsAPIViewSet.find_query_parameters.union({"html_path"})
    known_query_parameters = RedirectsAPIViewSet.known_query_parameters.union({"html_path"})
    body_fields = [*RedirectsAPIViewSet.body_fields, "is_permanent"]
    listing_default_fields = [*RedirectsAPIViewSet.listing_default_fields, "is_permanent"]
