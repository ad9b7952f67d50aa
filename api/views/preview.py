"""Draft previews for the frontend, through wagtail-headless-preview's expiring tokens."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.signing import BadSignature, SignatureExpired
from django.http import Http404
from django.urls import path
from rest_framework.response import Response
from wagtail.api.v2.utils import BadRequestError
from wagtail_headless_preview.models import HeadlessPreviewMixin, PagePreview

from api.views.pages import PublicPagesAPIViewSet


class PagePreviewAPIViewSet(PublicPagesAPIViewSet):
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
        return Response(self.get_serializer(self.get_object()).data)
