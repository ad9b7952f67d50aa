"""The operations of Wagtail's viewsets (pages, previews, images, documents, redirects),
described by hand: each view gets an `OpenApiViewExtension`, registered when this module is
imported (`api.apps`)."""

import functools

from django.conf import settings
from drf_spectacular.extensions import OpenApiViewExtension
from drf_spectacular.utils import OpenApiResponse, extend_schema
from wagtail.models import Page

from api.openapi.jsonschema import ref
from api.openapi.pages import public_page_models
from api.openapi.parameters import (
    FIELDS,
    ID_PATH,
    PAGING,
    SEARCH,
    filters,
    order,
    page_type_description,
    query,
)


def described(view, **schemas):
    """A subclass of `view` whose view methods carry the given `extend_schema` decorators.

    Each method is wrapped before it is decorated: Wagtail's viewsets share their methods
    by inheritance, and decorating a shared function would give one endpoint's description
    to all of them.
    """
    methods = {}
    for name, decorator in schemas.items():
        inherited = getattr(view, name)

        @functools.wraps(inherited)
        def method(self, request, *args, _inherited=inherited, **kwargs):
            return _inherited(self, request, *args, **kwargs)

        methods[name] = decorator(method)
    return type(view.__name__, (view,), methods)


def operation(operation_id: str, summary: str, parameters, responses, description: str = ""):
    """extend_schema with the parts every described operation names."""
    return extend_schema(
        operation_id=operation_id,
        summary=summary,
        description=description,
        parameters=parameters,
        responses=responses,
    )


def wagtail_endpoint(name: str, *, item: str, noun: str, find_parameters):
    """The listing, detail and find operations of a stock Wagtail endpoint."""

    def view_replacement(self):
        view = self.target
        model = view.model
        return described(
            view,
            listing_view=operation(
                f"{name}_list",
                f"List {noun}s",
                [*PAGING, FIELDS, order(view, model), *SEARCH, *filters(view, model)],
                {200: OpenApiResponse(ref(f"{item}List"), description=f"A page of {noun}s.")},
            ),
            detail_view=operation(
                f"{name}_retrieve",
                f"One {noun}",
                [ID_PATH, FIELDS],
                {200: OpenApiResponse(ref(item), description=f"The {noun}.")},
            ),
            find_view=operation(
                f"{name}_find",
                f"Find one {noun}",
                [*find_parameters, FIELDS],
                {200: OpenApiResponse(ref(item), description=f"The {noun} found.")},
            ),
        )

    return view_replacement


class ImagesSchema(OpenApiViewExtension):
    """Images of public collections (Wagtail's images endpoint)."""

    target_class = "api.views.media.PublicImagesAPIViewSet"
    view_replacement = wagtail_endpoint(
        "images", item="WagtailImage", noun="image", find_parameters=[query("id", "Image id.")]
    )


class DocumentsSchema(OpenApiViewExtension):
    """Documents of public collections (Wagtail's documents endpoint)."""

    target_class = "api.views.media.PublicDocumentsAPIViewSet"
    view_replacement = wagtail_endpoint(
        "documents", item="Document", noun="document", find_parameters=[query("id", "Document id.")]
    )


class RedirectsSchema(OpenApiViewExtension):
    """The owner's redirects (Wagtail's redirects endpoint)."""

    target_class = "api.views.media.PublicRedirectsAPIViewSet"
    view_replacement = wagtail_endpoint(
        "redirects",
        item="Redirect",
        noun="redirect",
        find_parameters=[
            query("html_path", "An old path of the site, e.g. /old-page/."),
            query("id", "Redirect id."),
        ],
    )


PAGE_RESPONSES = {200: OpenApiResponse(ref("Page"), description="The page, as its type shows it.")}


class PagesSchema(OpenApiViewExtension):
    """Live, public pages of the site, with each page type's own fields."""

    target_class = "api.views.pages.PublicPagesAPIViewSet"

    def view_replacement(self):
        view = self.target
        return described(
            view,
            listing_view=operation(
                "pages_list",
                "List pages",
                [
                    *PAGING,
                    FIELDS,
                    order(view, Page),
                    *SEARCH,
                    query(
                        "type",
                        page_type_description(),
                        examples=[
                            (model.__name__, model._meta.label) for model in public_page_models()
                        ],
                    ),
                    query("child_of", "Only children of this page id (`root`: the home page's)."),
                    query("ancestor_of", "Only ancestors of this page id."),
                    query("descendant_of", "Only descendants of this page id."),
                    query(
                        "site",
                        "Accepted for compatibility with Wagtail and ignored: the site is the "
                        "one the request's host names.",
                    ),
                    *filters(view, Page, exclude={"locale"}),
                ],
                {200: OpenApiResponse(ref("PageList"), description="A page of pages.")},
                description=(
                    "Items show `id`, `meta` (type, detail_url, html_url, slug, "
                    "first_published_at, path) and `title` unless `fields=` says otherwise. "
                    "`path` as a filter is Wagtail's tree path, not the public path: use "
                    "`pages/find/?html_path=` for that."
                ),
            ),
            detail_view=operation(
                "pages_retrieve",
                "One page with all its fields",
                [ID_PATH, FIELDS],
                PAGE_RESPONSES,
            ),
            find_view=operation(
                "pages_find",
                "Find a page by its public path",
                [
                    query(
                        "html_path",
                        "The page's public path, e.g. /services/craniosacral-massage/.",
                        examples=[
                            ("Home page", "/"),
                            ("A service", "/services/craniosacral-massage/"),
                        ],
                    ),
                    query("id", "Or the page's id."),
                    FIELDS,
                ],
                PAGE_RESPONSES,
                description=(
                    "Answers with the page itself, exactly as its detail would (not with a "
                    "redirect as Wagtail's stock endpoint does), so a site needs one request "
                    "per page."
                ),
            ),
        )


class PagePreviewSchema(OpenApiViewExtension):
    """Drafts shown to the owner's preview, through signed, expiring tokens."""

    target_class = "api.views.preview.PagePreviewAPIViewSet"

    def view_replacement(self):
        return described(
            self.target,
            preview_view=operation(
                "page_preview_retrieve",
                "A draft being previewed",
                [
                    query(
                        "content_type",
                        "The draft's page type as `app_label.model`, lower case.",
                        examples=[("A service page", "cms_pages.servicepage")],
                    ),
                    query("token", "The preview token Wagtail gave the preview link."),
                    FIELDS,
                ],
                PAGE_RESPONSES,
                description=(
                    "Same shape as a page's detail. Tokens expire after "
                    f"{settings.PREVIEW_TOKEN_MAX_AGE} seconds; answers are never cached."
                ),
            ),
        )
