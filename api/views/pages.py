"""The pages endpoint: Wagtail's v2 pages API limited to live, public content."""

from wagtail.api import APIField
from wagtail.api.v2.filters import FieldsFilter
from wagtail.api.v2.serializers import PageParentField, PageSerializer, get_serializer_class
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.models import Page, Site

from api.fields import PagePathField, PublicPageURLField
from api.page_fields import PAGE_FIELDS, PREFETCHES
from api.pagination import LinkedPagination
from api.views.base import BoundedFieldsFilter, BoundedParamsMixin, DirectFindMixin
from cms_pages import selectors


class PublicParentField(PageParentField):
    """The parent page as a nested reference, with its public URL and path."""

    def to_representation(self, value):
        serializer_class = get_serializer_class(
            value.__class__,
            ["id", "type", "detail_url", "html_url", "path", "title"],
            meta_fields=["type", "detail_url", "html_url", "path"],
            field_serializer_overrides={"path": PagePathField()},
            base=PublicPageSerializer,
        )
        return serializer_class(context=self.context).to_representation(value)


class PublicPageSerializer(PageSerializer):
    """Wagtail's page serializer with URLs on the public site instead of the backend."""

    html_url = PublicPageURLField()
    parent = PublicParentField(read_only=True)


META_SERIALIZERS = {"path": PagePathField()}


class PublicPagesAPIViewSet(BoundedParamsMixin, DirectFindMixin, PagesAPIViewSet):
    """Live, public, unexpired pages of the site, with each type's structured fields.

    `find/?html_path=` answers with the page itself rather than a redirect, so the frontend
    needs one request per page.
    """

    base_serializer_class = PublicPageSerializer
    pagination_class = LinkedPagination
    filter_backends = [
        BoundedFieldsFilter if backend is FieldsFilter else backend
        for backend in PagesAPIViewSet.filter_backends
    ]
    known_query_parameters = PagesAPIViewSet.known_query_parameters.difference(
        {"rich_text_format", "translation_of", "locale"}
    )
    meta_fields = [*PagesAPIViewSet.meta_fields, "path", "last_published_at"]
    listing_default_fields = [*PagesAPIViewSet.listing_default_fields, "path"]
    nested_default_fields = [*PagesAPIViewSet.nested_default_fields, "path"]

    @classmethod
    def get_body_fields(cls, model):
        return cls._convert_api_fields(cls.body_fields + PAGE_FIELDS.get(model, []))

    @classmethod
    def get_meta_fields(cls, model):
        return [
            APIField(field.name, serializer=META_SERIALIZERS[field.name])
            if field.name in META_SERIALIZERS
            else field
            for field in cls._convert_api_fields(cls.meta_fields)
        ]

    def get_base_queryset(self):
        site = Site.find_for_request(self.request)
        if site is None:
            return Page.objects.none()
        # The tree's order, which the owner arranges, and stable from one page of results to
        # the next (PostgreSQL returns unordered rows in any order).
        return selectors.site_pages(site).order_by("path")

    def get_renderer_context(self):
        return {**super().get_renderer_context(), "indent": None}

    def get_object(self):
        page = super().get_object()
        return self.with_prefetches(page)

    def with_prefetches(self, page):
        """Reload a page with what its fields need, so its queries stay few and fixed."""
        model = type(page)
        lookups = PREFETCHES.get(model)
        if not lookups:
            return page
        return model.objects.prefetch_related(*lookups).get(pk=page.pk)

    def prepare_found(self, found):
        return self.with_prefetches(found.specific)
