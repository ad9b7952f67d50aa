"""The pages endpoint: Wagtail's v2 pages API limited to live, public content."""

from functools import cached_property

from django.db.models import QuerySet, prefetch_related_objects
from django.http import Http404
from wagtail.api import APIField
from wagtail.api.v2.filters import FieldsFilter
from wagtail.api.v2.serializers import (
    PageAliasOfField,
    PageLocaleField,
    PageParentField,
    PageSerializer,
    get_serializer_class,
)
from wagtail.api.v2.utils import page_models_from_string
from wagtail.api.v2.views import BaseAPIViewSet, PagesAPIViewSet
from wagtail.models import Page, Site

from api import generation_memo, stored_answers
from api.bounded_memo import BoundedMemo
from api.fields import PagePathField, Prefetching, PublicPageURLField, prefetch_fields
from api.page_fields import PAGE_FIELDS
from api.pagination import LinkedPagination
from api.views.base import BoundedFieldsFilter, BoundedParamsMixin, DirectFindMixin
from cms_pages import selectors


class PublicParentField(Prefetching, PageParentField):
    """The parent page as a nested reference, with its public URL and path; null when the
    parent is not public (the site root's parent). Loaded for every page shown at once."""

    def prefetch(self, pages):
        paths = {selectors.parent_path(page) for page in pages}
        public = self.context["base_queryset"].filter(path__in=paths)
        self.public_parents = {parent.path: parent for parent in public}

    def get_attribute(self, instance):
        if not hasattr(self, "public_parents"):
            return super().get_attribute(instance)
        return self.public_parents.get(selectors.parent_path(instance))

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
# A list's parameters that choose neither which pages it holds nor their type's table.
UNFILTERED_LIST_PARAMETERS = {"type", "fields", "limit", "offset", "order"}


class PagesViewSetBase(BoundedParamsMixin, DirectFindMixin, PagesAPIViewSet):
    """The pages API's rules (bounded parameters, public pages, our fields), each answer
    serialized as it is asked for: what a draft's preview needs. The public endpoint,
    `PublicPagesAPIViewSet`, answers from stored answers instead."""

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
        # Made once per request: Wagtail asks for it several times, and each making reads
        # the view restrictions (a query).
        if not hasattr(self, "_base_queryset"):
            site = Site.find_for_request(self.request)
            # The tree's order, which the owner arranges, and stable from one page of results
            # to the next (PostgreSQL returns unordered rows in any order).
            self._base_queryset = (
                Page.objects.none() if site is None else selectors.site_pages(site).order_by("path")
            )
        return self._base_queryset

    def get_queryset(self):
        """Wagtail's, except that a list of one page type (not searched) filters that type's
        table on each page's own row (`selectors.site_pages_q`), in the tree's order, instead
        of on a list of every public page: its first results come without reading all the
        others. Made once per request."""
        if not hasattr(self, "_queryset"):
            one_type = self.one_type_queryset()
            self._queryset = super().get_queryset() if one_type is None else one_type
        return self._queryset

    def one_type_queryset(self):
        site, model = Site.find_for_request(self.request), self.listed_type
        if site is None or model is None:
            return None
        shown = selectors.site_pages_q(site, generation_memo.private_q())
        return model.objects.filter(shown).order_by("path")

    @cached_property
    def listed_type(self) -> type[Page] | None:
        """The one page type a list (not searched) asks for, else None; read once per
        request, for its queryset and its count."""
        if "search" in self.request.GET or "type" not in self.request.GET:
            return None
        try:
            models = page_models_from_string(self.request.GET["type"])
        except (LookupError, ValueError):
            return None  # Wagtail's get_queryset refuses it
        return models[0] if len(models) == 1 else None

    def count_of(self, queryset) -> int:
        """How many pages a list holds (`api.pagination.LinkedPagination`): for a list of one
        type that nothing else filters, the count remembered for this content generation
        (`generation_memo.type_count`)."""
        site, model = Site.find_for_request(self.request), self.listed_type
        if site is None or model is None or not set(self.request.GET) <= UNFILTERED_LIST_PARAMETERS:
            return queryset.count()
        return generation_memo.type_count(site, model)

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


# What each page type shows for each action and `fields` (PublicPagesAPIViewSet.shown_fields).
SHOWN_FIELDS = BoundedMemo(512)  # field lists anyone can vary


class Shown:
    """What a view shows from stored answers, where it expects a serializer: its `data`."""

    def __init__(self, data):
        self.data = data


class PublicPagesAPIViewSet(PagesViewSetBase):
    """Live, public, unexpired pages of the site, with each type's structured fields.

    `find/?html_path=` answers with the page itself rather than a redirect, so the frontend
    needs one request per page.
    """

    # (Its docstring is the endpoint's description in the OpenAPI document.) Each page is
    # shown from its stored answer (`api.stored_answers`): a detail or a list asks the
    # database for its pages and their stored answers and serializes none of them. Nested
    # fields (`locale(id)`) change nothing: every relation a page shows has a field of ours.

    def get_queryset(self):
        # A page's id and type are all that is read of it: its stored answer holds the rest.
        return super().get_queryset().only("pk", "content_type")

    def paginate_queryset(self, queryset):
        """The ids of the pages shown, not the pages: their stored answers hold the rest (a
        page instance costs more than reading its stored answer). A search's results come
        as pages."""
        if isinstance(queryset, QuerySet):
            return super().paginate_queryset(queryset.values_list("pk", flat=True))
        return [page.pk for page in super().paginate_queryset(queryset)]

    def get_object(self):
        # The page's own type without loading its row: its stored answer holds its fields.
        return BaseAPIViewSet.get_object(self).specific_deferred

    def prepare_found(self, found):
        return found.specific_deferred

    def find_object(self, queryset, request):
        """`html_path`: the page stored under that path, if it is still public and there; else
        the path followed through the tree, as Wagtail does."""
        site = Site.find_for_request(request)
        if "html_path" in request.GET and site is not None:
            url_path = stored_answers.url_path_on(site, request.GET["html_path"])
            found = queryset.filter(
                pk__in=stored_answers.stored_at(site, url_path), url_path=url_path
            ).first()
            if found is not None:
                return found
        return super().find_object(queryset, request)

    def get_serializer(self, *args, **kwargs):
        if not args:
            return super().get_serializer(*args, **kwargs)
        many = kwargs.get("many", False)
        page_ids = list(args[0]) if many else [args[0].pk]  # a list's are ids (paginate_queryset)
        model = self.get_queryset().model if many else type(args[0])
        fields = self.shown_fields(model)
        site = Site.find_for_request(self.request)
        router = self.request.wagtailapi_router
        whole = stored_answers.answers(type(self), router, site, page_ids)
        shown = {pk: stored_answers.compose(answer, fields) for pk, answer in whole.items()}
        stored_answers.fill_read_time_parts(shown, site)
        data = [shown[pk] for pk in page_ids if pk in shown]
        if many:
            return Shown(data)
        if not data:  # gone since it was found
            raise Http404("not found")
        return Shown(data[0])

    def shown_fields(self, model) -> stored_answers.ShownFields:
        """The fields this request shows of a page of `model`: learnt from a serializer the
        first time a process is asked for them (making one costs more than the rest of a
        cold answer), then remembered; a bad `fields` is refused every time."""
        asked = (type(self), model, self.action, self.request.GET.get("fields"))
        return SHOWN_FIELDS.get(asked, self.learn_shown_fields)

    def learn_shown_fields(self) -> stored_answers.ShownFields:
        serializer = self.get_serializer_class()(context={"request": self.request})
        return stored_answers.ShownFields.of(serializer)
