"""Visitors' write paths: responses (comments) and appointment requests.

Views check the input's shape with a serializer and hand over to cms_pages.services; they
hold no rules of their own.
"""

from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils.datastructures import MultiValueDict
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response as APIResponse
from wagtail.api.v2.utils import BadRequestError

from api.caching import is_trusted_client
from api.pagination import LinkedPagination
from api.params import bounded_int
from api.serializers import ResponseOutputSerializer
from api.views.base import BoundedParamsMixin
from backend.client_address import client_ip
from cms_pages import selectors, services, spam
from cms_pages.models import ContactPage, Response


def visitor_address(request) -> str | None:
    """The visitor's IP: forwarded by the trusted frontend, else the caller's own."""
    if is_trusted_client(request):
        return request.headers.get("X-CMS-Visitor-IP") or client_ip(request)
    return client_ip(request)


def refused(error: spam.SubmissionRefused) -> APIResponse:
    response = APIResponse({"message": error.message}, status=error.status)
    if error.retry_after:
        response["Retry-After"] = str(error.retry_after)
    return response


class ResponseInputSerializer(serializers.Serializer):
    """A visitor's response as the 'Leave a Reply' form sends it."""

    page = serializers.IntegerField(min_value=1, max_value=2**31 - 1)
    name = serializers.CharField(max_length=80)
    email = serializers.EmailField(max_length=254)
    website = serializers.URLField(max_length=200, required=False, allow_blank=True, default="")
    text = serializers.CharField(max_length=3000)
    nickname = serializers.CharField(
        max_length=200,
        required=False,
        allow_blank=True,
        default="",
        help_text="Honeypot: leave empty (hidden from people).",
    )
    form_token = serializers.CharField(max_length=200, help_text="From GET forms/token/.")


SUBMITTED = inline_serializer(
    "Submitted", {"status": serializers.CharField(), "message": serializers.CharField()}
)


class ResponsesView(BoundedParamsMixin, GenericAPIView):
    """List a page's approved responses; submit a new one for moderation."""

    pagination_class = LinkedPagination
    serializer_class = ResponseOutputSerializer

    @extend_schema(
        parameters=[OpenApiParameter("page", int, required=True, description="A page id.")],
        responses=ResponseOutputSerializer(many=True),
        operation_id="responses_list",
    )
    def get(self, request):
        if "page" not in request.GET:
            raise BadRequestError("page is required: the id of the page")
        page_id = bounded_int("page", request.GET["page"], low=1)
        page = selectors.public_page(page_id)
        if page is None:
            raise Http404("not found")
        items = self.paginate_queryset(selectors.approved_responses().filter(page=page))
        return self.get_paginated_response(ResponseOutputSerializer(items, many=True).data)

    @extend_schema(
        request=ResponseInputSerializer,
        responses={201: SUBMITTED, 200: SUBMITTED},
        operation_id="responses_create",
    )
    def post(self, request):
        data = ResponseInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        fields = data.validated_data
        page = selectors.public_page(fields["page"])
        if page is None:
            raise Http404("not found")
        try:
            stored, created = services.response_submit(
                page=page,
                name=fields["name"],
                email=fields["email"],
                website=fields["website"],
                text=fields["text"],
                honeypot=fields["nickname"],
                form_token=fields["form_token"],
                ip_address=visitor_address(request),
                user_agent=request.headers.get("User-Agent", ""),
            )
        except spam.SubmissionRefused as error:
            return refused(error)
        return APIResponse(
            {
                "status": "pending" if stored.status != Response.Status.APPROVED else "approved",
                "message": services.HELD_MESSAGE,
            },
            status=status.HTTP_201_CREATED if created else status.HTTP_200_OK,
        )


class FormTokenView(GenericAPIView):
    """A fresh signed timestamp to put in a form; required when the form is sent."""

    serializer_class = None

    @extend_schema(
        responses=inline_serializer("FormToken", {"token": serializers.CharField()}),
        operation_id="forms_token",
    )
    def get(self, request):
        return APIResponse({"token": spam.issue_form_token()})


class AppointmentRequestSerializer(serializers.Serializer):
    """An appointment request: the contact page's fields by name, plus the spam fields."""

    fields = serializers.DictField(
        child=serializers.JSONField(),
        help_text="Field name -> value, as in the page's form_fields.",
    )
    nickname = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    form_token = serializers.CharField(max_length=200)


class AppointmentRequestView(GenericAPIView):
    """Send the contact page's appointment request form."""

    serializer_class = AppointmentRequestSerializer

    @extend_schema(
        request=AppointmentRequestSerializer,
        responses={201: SUBMITTED},
        operation_id="forms_submit",
    )
    def post(self, request, page_id: int):
        data = AppointmentRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        page = selectors.public_page(page_id, ContactPage)
        if page is None:
            raise Http404("not found")
        try:
            services.appointment_request_submit(
                page=page,
                data=as_form_data(data.validated_data["fields"]),
                honeypot=data.validated_data["nickname"],
                form_token=data.validated_data["form_token"],
                ip_address=visitor_address(request),
            )
        except spam.SubmissionRefused as error:
            return refused(error)
        except ValidationError as error:
            return APIResponse(
                {"message": "Please correct the highlighted fields.", "errors": error.message_dict},
                status=status.HTTP_400_BAD_REQUEST,
            )
        return APIResponse({"status": "sent", "message": page.thank_you_text}, status=201)


def as_form_data(fields: dict):
    """JSON values as a Django QueryDict-like mapping (lists for multi-value fields)."""
    return MultiValueDict(
        {
            key: [str(v) for v in value] if isinstance(value, list) else [str(value)]
            for key, value in fields.items()
        }
    )
