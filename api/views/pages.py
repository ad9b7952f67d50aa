"""The pages endpoint: Wagtail's v2 pages API limited to live, public content."""

from django.db.models import prefetch_related_objects
from wagtail.api import APIField
from wagtail.api.v2.filters import FieldsFilter
from wagtail.api.v2.serializers import (
    PageAliasOfField,
    PageLocaleField,
    PageParentField,
    PageSerializer,
    get_serializer_class,
)
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.models import Page, Site

from api.fields import PagePathField, Prefetching, PublicPageURLField, prefetch_fields
from api.page_fields import PAGE_FIELDS
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


class LocaleField(Prefetching, PageLocaleField):
    """The page's language, loaded for every page shown at once."""

    def prefetch(self, pages):
        prefetch_related_objects(pages, "locale")


class AliasOfField(Prefetching, PageAliasOfField):
    """The page an alias copies, loaded for every page shown at once."""

    def prefetch(self, pages):
        prefetch_related_objects(pages, "alias_of")


class PublicPageSerializer(PageSerializer):
    """Wagtail's page serializer with URLs on the public site instead of the backend."""

    html_url = PublicPageURLField()
    parent = PublicParentField(read_only=True)
    locale = LocaleField(read_only=True)
    alias_of = AliasOfField(read_only=True)


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

    def get_serializer(self, *args, **kwargs):
        """The serializer of the pages shown, its fields having loaded what they show for all
        of them at once (`api.fields.Prefetching`): the queries of a list do not grow with its
        length, nor those of a page with its parts."""
        serializer = super().get_serializer(*args, **kwargs)
        if args and kwargs.get("many"):
            prefetch_fields(serializer.child, list(args[0]))
        elif args:
            prefetch_fields(serializer, [args[0]])
        return serializer

    def prepare_found(self, found):
        return found.specific
