"""The public API's endpoints under /api/v2/: Wagtail's v2 router plus our own views."""

from django.http import JsonResponse
from django.urls import path, re_path
from django.views.decorators.csrf import csrf_exempt
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView
from wagtail.api.v2.router import WagtailAPIRouter

from api.views.content import FAQDetailView, FAQListView, PracticeView, SearchView, SitemapView
from api.views.media import (
    PublicDocumentsAPIViewSet,
    PublicImagesAPIViewSet,
    PublicRedirectsAPIViewSet,
)
from api.views.pages import PublicPagesAPIViewSet
from api.views.preview import PagePreviewAPIViewSet
from api.views.submissions import AppointmentRequestView, FormTokenView, ResponsesView


@csrf_exempt
def not_found(request):
    """Any other address under /api/v2/ (e.g. pages/abc/): the API's JSON 404, not HTML."""
    return JsonResponse({"message": "not found"}, status=404)


wagtail_router = WagtailAPIRouter("wagtailapi")
wagtail_router.register_endpoint("pages", PublicPagesAPIViewSet)
wagtail_router.register_endpoint("images", PublicImagesAPIViewSet)
wagtail_router.register_endpoint("documents", PublicDocumentsAPIViewSet)
wagtail_router.register_endpoint("redirects", PublicRedirectsAPIViewSet)
wagtail_router.register_endpoint("page_preview", PagePreviewAPIViewSet)

urlpatterns = [
    path("", wagtail_router.urls),
    path("practice/", PracticeView.as_view(), name="api-practice"),
    path("faqs/", FAQListView.as_view(), name="api-faqs"),
    path("faqs/<int:pk>/", FAQDetailView.as_view(), name="api-faq-detail"),
    path("search/", SearchView.as_view(), name="api-search"),
    path("sitemap/", SitemapView.as_view(), name="api-sitemap"),
    path("responses/", ResponsesView.as_view(), name="api-responses"),
    path("forms/token/", FormTokenView.as_view(), name="api-form-token"),
    path("forms/<int:page_id>/", AppointmentRequestView.as_view(), name="api-form-submit"),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", SpectacularRedocView.as_view(url_name="api-schema"), name="api-docs"),
    re_path(r"", not_found),
]
