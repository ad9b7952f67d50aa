"""Draft previews for the frontend, through wagtail-headless-preview's expiring tokens.

A preview answer is a page detail, plus `meta.broken_links` when the draft links to pages
the public cannot see: the public answers leave such links out (page choosers, "More to
explore") or keep them as dead ends (rich text), so only the preview can tell the owner.
"""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.signing import BadSignature, SignatureExpired
from django.http import Http404
from django.urls import path
from rest_framework.response import Response
from wagtail.api.v2.utils import BadRequestError
from wagtail.models import Page, ReferenceIndex
from wagtail_headless_preview.models import HeadlessPreviewMixin, PagePreview

from api.views.pages import PagesViewSetBase
from cms_pages import selectors


def broken_links(page: Page) -> list[dict]:
    """The draft's links to pages the public cannot see (unpublished, private, expired or
    deleted), each `{"id", "title", "where"}`: `title` is "" for a deleted page, `where` the
    admin's name of the field or block holding the link (e.g. "Body → Call to action").

    Links are found as Wagtail's reference index finds them (rich text, page choosers in
    StreamFields, page fields of the page and of its inline panels); the index's extraction
    reads the unsaved draft, which its public methods cannot.
    """
    page_type = ContentType.objects.get_for_model(Page)
    references = ReferenceIndex._extract_references_from_object(page)
    links = dict.fromkeys(
        (int(object_id), model_path)
        for type_id, object_id, model_path, _ in references
        if type_id == page_type.pk
    )
    ids = {pk for pk, _ in links}
    public = set(selectors.public_pages().filter(pk__in=ids).values_list("pk", flat=True))
    titles = dict(Page.objects.filter(pk__in=ids - public).values_list("pk", "title"))
    source = ContentType.objects.get_for_model(page)
    return [
        {
            "id": pk,
            "title": titles.get(pk, ""),
            "where": ReferenceIndex(
                content_type=source, model_path=model_path
            ).describe_source_field(),
        }
        for pk, model_path in links
        if pk not in public
    ]


class PagePreviewAPIViewSet(PagesViewSetBase):
    """The draft a preview token points at, in the same shape as a live page's detail.

    Tokens are signed and expire after PREVIEW_TOKEN_MAX_AGE seconds; answers are never
    cached (see api.caching).
    """

    known_query_parameters = frozenset({"content_type", "token", "fields"})

    @classmethod
    def get_urlpatterns(cls):
        return [path("", cls.as_view({"get": "preview_view"}), name="preview")]

    def get_object(self):
        if not hasattr(self, "_cached_object"):
            self._cached_object = self.find_preview()
        return self._cached_object

    def find_preview(self):
        params = self.request.GET
        if "content_type" not in params or "token" not in params:
            raise BadRequestError("content_type and token are required")
        app_label, _, model = params["content_type"].partition(".")
        content_type = ContentType.objects.filter(app_label=app_label, model=model).first()
        if content_type is None:
            raise Http404("not found")
        try:
            HeadlessPreviewMixin.get_preview_signer().unsign(
                params["token"], max_age=settings.PREVIEW_TOKEN_MAX_AGE
            )
        except (BadSignature, SignatureExpired) as error:
            raise Http404("not found") from error
        preview = PagePreview.objects.filter(
            content_type=content_type, token=params["token"]
        ).first()
        if preview is None:
            raise Http404("not found")
        page = preview.as_page()
        page.pk = page.pk or 0
        return page

    def preview_view(self, request):
        page = self.get_object()
        data = self.get_serializer(page).data
        links = broken_links(page)
        if links and "meta" in data:
            data["meta"]["broken_links"] = links
        return Response(data)
