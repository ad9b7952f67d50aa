"""What every endpoint of the public API shares: bounded input and JSON errors."""

from django.core.exceptions import ValidationError
from django.db import models
from django.http import Http404
from rest_framework import status
from rest_framework.exceptions import APIException
from rest_framework.response import Response
from rest_framework.views import exception_handler
from taggit.managers import TaggableManager
from wagtail.api.v2.filters import FieldsFilter
from wagtail.api.v2.utils import BadRequestError

from api import generation_memo
from api.json_renderer import CompactJSONRenderer
from api.params import ID_MAX, LIMIT_MAX, bounded_int, check_common


class BoundedParamsMixin:
    """Check every query parameter before the view runs (see `api.params`); answer JSON only."""

    renderer_classes = [CompactJSONRenderer]
    limit_max = LIMIT_MAX  # the most items one answer may hold

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        generation_memo.site_for(request._request)  # what Site.find_for_request then gives
        check_common(request.GET, limit_max=self.limit_max)
        pk = kwargs.get("pk")
        if pk is not None and int(pk) > ID_MAX:
            raise Http404("not found")

    def handle_exception(self, exc):
        if isinstance(exc, Http404):
            return Response({"message": str(exc) or "not found"}, status=status.HTTP_404_NOT_FOUND)
        return super().handle_exception(exc)


class DirectFindMixin:
    """`find/` answers with the object itself (200) instead of Wagtail's redirect to its
    detail URL: one request, and no link to the backend's public address for a client that
    reads the API over a private network."""

    def find_view(self, request):
        try:
            found = self.find_object(self.get_queryset(), request)
        except self.model.DoesNotExist:
            found = None
        if found is None:
            raise Http404("not found")
        self._cached_object = self.prepare_found(found)
        return Response(self.get_serializer(self._cached_object).data)

    def prepare_found(self, found):
        return found


class BoundedFieldsFilter(FieldsFilter):
    """Wagtail's field filters (`?slug=about`), each value checked before the database sees it.

    Stock Wagtail passes the value on: a malformed date (`?last_published_at=`), a word for a
    reverse relation (`?type=cms_pages.ServicePage&session_options=x`) or an id beyond 64 bits
    (`?alias_of=99999999999999999999`) is a 500.
    """

    def filter_queryset(self, request, queryset, view):
        names = set(view.get_available_fields(queryset.model, db_fields_only=True)) - {"locale"}
        for name, value in request.GET.items():
            if name in names:
                check_filter_value(queryset.model._meta.get_field(name), value)
        return super().filter_queryset(request, queryset, view)


def check_filter_value(field, value: str) -> None:
    """A 400 for a value the field cannot hold; reverse relations cannot be filtered on."""
    if isinstance(field, TaggableManager):
        return
    if not field.concrete:
        raise BadRequestError(f"cannot filter by {field.name}")
    if isinstance(field, models.AutoField | models.IntegerField | models.ForeignKey):
        bounded_int(field.name, value)
    elif isinstance(field, models.DateTimeField | models.DateField):
        try:
            field.to_python(value)
        except ValidationError as error:
            raise BadRequestError(f"{field.name} must be an ISO 8601 date and time") from error


def json_exception_handler(exc, context):
    """Every API error as `{"message": ...}` with the right status, never an HTML page."""
    if isinstance(exc, BadRequestError):
        return Response({"message": str(exc)}, status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, Http404):
        return Response({"message": "not found"}, status=status.HTTP_404_NOT_FOUND)
    response = exception_handler(exc, context)
    if response is not None and isinstance(exc, APIException):
        detail = exc.detail
        if isinstance(detail, dict | list):
            response.data = {"message": "invalid input", "errors": detail}
        else:
            response.data = {"message": str(detail)}
    return response
