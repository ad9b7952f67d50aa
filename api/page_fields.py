"""Which fields each page type exposes in the API, and how.

Kept here rather than as `api_fields` on the models so that the content model never imports
the API (DESIGN.md: cms_pages knows nothing of the API).
"""

from django.db.models import Prefetch
from rest_framework.fields import CharField
from wagtail.api import APIField

from api.fields import (
    FAQGroupsField,
    FeaturedServicesField,
    FormFieldsField,
    HomeCallToActionField,
    ImageWithAltField,
    JSONLDField,
    RelatedPagesField,
    ResponseCountField,
    ResponsesField,
    RichTextHTMLField,
    ServiceFAQsField,
    ServiceListField,
    SessionOptionsField,
    StreamBodyField,
    StringListField,
)
from cms_pages import models

JSON_LD = APIField("json_ld", serializer=JSONLDField())

PAGE_FIELDS: dict[type, list[APIField]] = {
    models.HomePage: [
        APIField("hero_heading"),
        APIField("hero_text", serializer=RichTextHTMLField()),
        APIField("hero_image", serializer=ImageWithAltField("hero_image", "hero_image_alt")),
        APIField("featured_services", serializer=FeaturedServicesField()),
        APIField("call_to_action", serializer=HomeCallToActionField()),
        JSON_LD,
    ],
    models.ServiceIndexPage: [
        APIField("introduction", serializer=RichTextHTMLField()),
        APIField("services", serializer=ServiceListField()),
    ],
    models.ServicePage: [
        APIField("heading", serializer=CharField(source="display_heading", read_only=True)),
        APIField("summary"),
        APIField("introduction", serializer=RichTextHTMLField()),
        APIField("conditions_lead_in"),
        APIField("conditions", serializer=StringListField("conditions", "name")),
        APIField("treatment_plan", serializer=RichTextHTMLField()),
        APIField("suitable_for", serializer=RichTextHTMLField()),
        APIField("image", serializer=ImageWithAltField("image", "image_alt")),
        APIField("image_caption"),
        APIField("body", serializer=StreamBodyField()),
        APIField("new_client_note", serializer=RichTextHTMLField()),
        APIField("session_options", serializer=SessionOptionsField()),
        APIField("faqs", serializer=ServiceFAQsField()),
        APIField("related_pages", serializer=RelatedPagesField()),
        APIField("allow_responses"),
        APIField("response_count", serializer=ResponseCountField()),
        APIField("responses", serializer=ResponsesField()),
        JSON_LD,
    ],
    models.FAQPage: [
        APIField("introduction", serializer=RichTextHTMLField()),
        APIField("faq_groups", serializer=FAQGroupsField()),
        JSON_LD,
    ],
    models.StandardPage: [
        APIField("introduction", serializer=RichTextHTMLField()),
        APIField("body", serializer=StreamBodyField()),
    ],
    models.ContactPage: [
        APIField("introduction", serializer=RichTextHTMLField()),
        APIField("form_fields", serializer=FormFieldsField()),
        APIField("thank_you_text", serializer=RichTextHTMLField()),
    ],
}

# What to load alongside a page so that its detail costs the same few queries however many
# conditions, options, FAQs or related pages it has.
PREFETCHES: dict[type, list] = {
    models.HomePage: ["featured_services__service__image", "hero_image", "cta_page"],
    models.ServicePage: [
        "image",
        "conditions",
        "session_options",
        Prefetch(
            "service_faqs",
            queryset=models.ServiceFAQ.objects.select_related("faq__category"),
        ),
        "related_pages",
        Prefetch(
            "responses",
            queryset=models.Response.objects.filter(
                status=models.Response.Status.APPROVED
            ).order_by("submitted_at"),
            to_attr="approved_responses",
        ),
    ],
    models.ContactPage: ["form_fields"],
}
