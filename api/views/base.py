"""What every endpoint of the public API shares: bounded input and JSON errors."""

from django.http import Http404
from rest_framework import status
from rest_framework.exceptions import APIException
from rest_framework.response import Response
from rest_framework.views import exception_handler
from wagtail.api.v2.utils import BadRequestError
from wagtail.models import Collection, CollectionViewRestriction

from api.params import ID_MAX, check_common


class BoundedParamsMixin:
    """Check every query parameter before the view runs (see `api.params`)."""

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        check_common(request.GET)
        pk = kwargs.get("pk")
        if pk is not None and int(pk) > ID_MAX:
            raise Http404("not found")

    def handle_exception(self, exc):
        if isinstance(exc, Http404):
            return Response({"message": str(exc) or "not found"}, status=status.HTTP_404_NOT_FOUND)
        return super().handle_exception(exc)


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


def private_collection_ids() -> list[int]:
    """Collections with any view restriction, and everything inside them."""
    restricted = Collection.objects.filter(
        pk__in=CollectionViewRestriction.objects.values("collection")
    )
    ids = set()
    for collection in restricted:
        ids.update(collection.get_descendants(inclusive=True).values_list("pk", flat=True))
    return sorted(ids)
