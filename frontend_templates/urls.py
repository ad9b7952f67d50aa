"""URL map of the public site: CMS pages by path, plus the site's own few addresses."""

from django.urls import path

from frontend_templates import health, purge, views

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("robots.txt", views.robots_txt, name="robots"),
    path("sitemap.xml", views.sitemap, name="sitemap"),
    path("search/", views.search, name="search"),
    path("responses/", views.responses, name="responses"),
    path("preview/", views.preview, name="preview"),
    path("_forms/token/", views.form_tokens, name="form-tokens"),
    path("_cms/purge/", purge.purge, name="purge"),
    path("", views.page, name="home"),
    path("<path:path>", views.page, name="page"),
]

handler403 = "frontend_templates.errors.permission_denied"
handler404 = "frontend_templates.errors.page_not_found"
handler500 = "frontend_templates.errors.server_error"
