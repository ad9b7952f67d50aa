"""Which fields each page type exposes in the API, and how.

Kept here rather than as `api_fields` on the models so that the content model never imports
the API (DESIGN.md: cms_pages knows nothing of the API). Each field carries its own OpenAPI
schema and the named shapes it builds (`api.fields.Described`); `api.openapi.pages`
describes every page type from them. What the public may see is decided by
`cms_pages.selectors`, never here.

A field that needs more than its page's own columns loads it for every page shown at once
(`api.fields.Prefetching`), so that a list costs the same queries for one page as for fifty,
and a detail the same however many parts its page has.
"""

from django.db.models import prefetch_related_objects
from wagtail.api import APIField

from api import jsonld
from api.fields import (
    LoadedField,
    Prefetching,
    RichTextHTMLField,
    StringListField,
    TextField,
    WholeObjectField,
)
from api.openapi.jsonschema import (
    BOOLEAN,
    STRING,
    array,
    complete,
    nullable,
    page_link_with,
    ref,
)
from api.representations import page_path
from api.serializers import (
    CategorySerializer,
    FAQSerializer,
    ImageSerializer,
    prefetch_pictures,
)
from api.service_fields import (
    FeaturedServiceSerializer,
    RelatedPagesField,
    ResponseCountField,
    ResponsesField,
    ServiceFAQsField,
    ServiceListField,
    ServiceTotalField,
    SessionOptionsField,
    prefetch_service_faqs,
)
from api.stream import StreamBodyField
from cms_pages import models, selectors


class FeaturedServicesField(LoadedField):
    """The home page's featured services, with their pictures for cards."""

    schema = array(ref("FeaturedService"))
    components = {
        "FeaturedService": page_link_with(
            {"image": nullable(ref("Image"))}, "A featured service, with its picture for a card."
        )
    }

    def load(self, homes):
        found = selectors.featured_services_of(homes)
        prefetch_pictures([service for services in found.values() for service in services])
        return found

    def to_representation(self, home):
        services = self.loaded_for(home)
        return FeaturedServiceSerializer(services, many=True, context=self.context).data


class HomeCallToActionField(LoadedField):
    """The home page's closing invitation and the public page its button leads to."""

    schema = ref("HomeCallToAction")
    components = {
        "HomeCallToAction": complete(
            {
                "heading": STRING,
                "text": STRING,
                "button_label": STRING,
                "path": nullable({**STRING, "description": "null: no live page chosen."}),
            }
        )
    }

    def load(self, homes):
        return selectors.call_to_action_pages(homes)

    def to_representation(self, home):
        target = self.loaded_for(home)
        return {
            "heading": home.cta_heading,
            "text": home.cta_text,
            "button_label": home.cta_button_label,
            "path": page_path(target, self.request) if target else None,
        }


def every_public_faq(context: dict) -> list:
    """Every published FAQ with its category, read once per answer (kept in its serializer
    context): an FAQ page's groups and its JSON-LD both show all of them, the same for every
    FAQ page shown."""
    if "public_faqs" not in context:
        context["public_faqs"] = list(selectors.public_faqs().select_related("category"))
    return context["public_faqs"]


class FAQGroupsField(WholeObjectField):
    """The FAQ page's published questions grouped by category, in the owner's order."""

    schema = array(ref("FAQGroup"))
    components = {"FAQGroup": complete({"category": ref("Category"), "faqs": array(ref("FAQ"))})}

    def to_representation(self, page):
        groups: dict = {}
        for faq in every_public_faq(self.context):
            groups.setdefault(faq.category, []).append(faq)
        return [
            {
                "category": CategorySerializer(category).data,
                "faqs": FAQSerializer(faqs, many=True, context=self.context).data,
            }
            for category, faqs in groups.items()
        ]


class FormFieldsField(Prefetching, WholeObjectField):
    """The contact form's fields, described so that any site can render the form."""

    schema = array(ref("FormField"))
    components = {
        "FormField": complete(
            {
                "name": STRING,
                "label": STRING,
                "field_type": {**STRING, "description": "Wagtail form field type, e.g. email."},
                "required": BOOLEAN,
                "choices": array(STRING),
                "default_value": STRING,
                "help_text": STRING,
            }
        )
    }

    def prefetch(self, pages):
        prefetch_related_objects(pages, "form_fields")

    def to_representation(self, page):
        return [
            {
                "name": field.clean_name,
                "label": field.label,
                "field_type": field.field_type,
                "required": field.required,
                "choices": [c.strip() for c in field.choices.splitlines() if c.strip()],
                "default_value": field.default_value,
                "help_text": field.help_text,
            }
            for field in page.get_form_fields()
        ]


class JSONLDField(Prefetching, WholeObjectField):
    """The schema.org description of the object, built by `api.jsonld`."""

    schema = array(ref("JSONLD"))
    components = {
        "JSONLD": {
            "type": "object",
            "description": "A schema.org JSON-LD block.",
            "required": ["@context", "@type"],
            "additionalProperties": True,
        }
    }

    def prefetch(self, pages):
        # What a service's description reads: its sessions, picture and FAQs. (An FAQ page's
        # reads every public FAQ: `every_public_faq`, once for all of them.)
        services = [page for page in pages if isinstance(page, models.ServicePage)]
        prefetch_related_objects(services, "session_options")
        prefetch_pictures(services)
        prefetch_service_faqs(services)

    def to_representation(self, obj):
        is_faq_page = isinstance(obj, models.FAQPage)
        public_faqs = every_public_faq(self.context) if is_faq_page else None
        return jsonld.for_page(obj, self.request, public_faqs=public_faqs)


JSON_LD = APIField("json_ld", serializer=JSONLDField())

PAGE_FIELDS: dict[type, list[APIField]] = {
    models.HomePage: [
        APIField("hero_heading"),
        APIField("hero_text", serializer=RichTextHTMLField()),
        APIField(
            "hero_image",
            serializer=ImageSerializer(source="*", image="hero_image", alt="hero_image_alt"),
        ),
        APIField("featured_services", serializer=FeaturedServicesField()),
        APIField("call_to_action", serializer=HomeCallToActionField()),
        JSON_LD,
    ],
    models.ServiceIndexPage: [
        APIField("introduction", serializer=RichTextHTMLField()),
        APIField("services", serializer=ServiceListField()),
        APIField("services_total", serializer=ServiceTotalField()),
    ],
    models.ServicePage: [
        APIField("heading", serializer=TextField(source="display_heading")),
        APIField("summary"),
        APIField("introduction", serializer=RichTextHTMLField()),
        APIField("conditions_lead_in"),
        APIField("conditions", serializer=StringListField("conditions", "name")),
        APIField("treatment_plan", serializer=RichTextHTMLField()),
        APIField("suitable_for", serializer=RichTextHTMLField()),
        APIField("image", serializer=ImageSerializer(source="*", alt="image_alt")),
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
