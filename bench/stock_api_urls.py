"""URL map of the baseline server: stock Wagtail API v2 pages endpoint, as a new site has it.

- `/api/v2/pages/` is `wagtail.api.v2.views.PagesAPIViewSet`, unmodified. The page models
  declare no `api_fields` (our field list lives in `api.page_fields`), so `?fields=*` gives
  the stock title and meta fields only: a smaller answer than ours.
- `/api/v2/pages-our-fields/` is the same stock viewset told about our field list, without
  our prefetching, visibility rules or response cache: the same payload as ours, rendered
  the stock way on every request.
"""

from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.views import PagesAPIViewSet

from api.page_fields import PAGE_FIELDS
from backend.health import healthz


class StockPagesWithOurFields(PagesAPIViewSet):
    """Stock viewset; body fields of each page type from `api.page_fields`."""

    @classmethod
    def get_body_fields(cls, model):
        return cls._convert_api_fields(cls.body_fields + PAGE_FIELDS.get(model, []))


router = WagtailAPIRouter("stockapi")
router.register_endpoint("pages", PagesAPIViewSet)
router.register_endpoint("pages-our-fields", StockPagesWithOurFields)

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("api/v2/", router.urls),
    # As in backend.urls: page URLs resolve, so that `html_url` can be built.
    path("", include(wagtail_urls)),
]
