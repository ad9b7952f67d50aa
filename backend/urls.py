"""URL map of the CMS backend: admin, documents, health checks and the API.

The backend renders no public pages: the decoupled frontend does, and a page URL asked of
the backend redirects there.
"""

from django.conf import settings
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from backend.health import healthz, readyz

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("readyz", readyz, name="readyz"),
    path("admin/", include(wagtailadmin_urls)),
    path("api/v2/", include("api.router")),
    path("documents/", include(wagtaildocs_urls)),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Wagtail routes page URLs so that links resolve; each page redirects to the frontend.
urlpatterns += [path("", include(wagtail_urls))]
