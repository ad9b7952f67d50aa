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

from django.db.models import Prefetch, prefetch_related_objects
from rest_framework import serializers
from wagtail.api import APIField

from api import jsonld
from api.fields import Prefetching, RichTextHTMLField, TextField, WholeObjectField, rich_texts
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
    PageLinkSerializer,
    ResponseOutputSerializer,
    prefetch_pictures,
)
from api.stream import StreamBodyField
from cms_pages import models, selectors

CURRENCY = "USD"


class LoadedField(Prefetching, WholeObjectField):
    """A field whose value for each page is loaded (`load`) for every page shown at once; a
    page shown on its own (a draft previewed) is loaded alone."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.loaded: dict = {}

    def load(self, pages: list) -> dict:
        """What the field shows of each page, by page id."""
        raise NotImplementedError

    def prefetch(self, pages):
        self.loaded.update(self.load(pages))

    def loaded_for(self, page):
        if page.pk not in self.loaded:
            self.prefetch([page])
        return self.loaded[page.pk]


class StringListField(Prefetching, WholeObjectField):
    """A child relation shown as a plain list of one attribute, e.g. condition names."""

    schema = array(STRING)

    def __init__(self, relation: str, attr: str, **kwargs):
        self.relation, self.attr = relation, attr
        super().__init__(**kwargs)

    def prefetch(self, objects):
        prefetch_related_objects(objects, self.relation)

    def to_representation(self, obj):
        return [getattr(item, self.attr) for item in getattr(obj, self.relation).all()]


class SessionOptionSerializer(serializers.Serializer):
    """A bookable length of session and its price."""

    duration_minutes = serializers.IntegerField()
    price = serializers.CharField()
    currency = serializers.SerializerMethodField()
    label = serializers.CharField()

    def get_currency(self, option) -> str:
        return CURRENCY


SESSION_OPTION = complete(
    {
        "duration_minutes": {"type": "integer", "minimum": 0},
        "price": {**STRING, "description": "Decimal, e.g. 95.00."},
        "currency": {"type": "string", "enum": [CURRENCY]},
        "label": STRING,
    }
)


class SessionOptionsField(Prefetching, WholeObjectField):
    """A service's session lengths and prices, in the owner's order."""

    schema = array(ref("SessionOption"))
    components = {"SessionOption": SESSION_OPTION}

    def prefetch(self, pages):
        prefetch_related_objects(pages, "session_options")

    def to_representation(self, page):
        return SessionOptionSerializer(page.session_options.all(), many=True).data


def prefetch_service_faqs(pages: list) -> None:
    """Load the FAQs attached to every service, with their categories."""
    links = models.ServiceFAQ.objects.select_related("faq__category")
    prefetch_related_objects(pages, Prefetch("service_faqs", queryset=links))


class ServiceFAQsField(Prefetching, WholeObjectField):
    """The published FAQs attached to a service, in the owner's order."""

    schema = array(ref("FAQ"))

    def prefetch(self, pages):
        prefetch_service_faqs(pages)
        answers = (faq.answer for page in pages for faq in selectors.service_faqs(page))
        rich_texts(self.context).add(answers)

    def to_representation(self, page):
        faqs = selectors.service_faqs(page)
        return FAQSerializer(faqs, many=True, context=self.context).data


class RelatedPagesField(LoadedField):
    """'More to explore': the owner's public choices, else up to three sibling services."""

    schema = array(ref("PageLink"))

    def load(self, pages):
        return selectors.related_pages_of(pages)

    def to_representation(self, page):
        pages = self.loaded_for(page)
        return PageLinkSerializer(pages, many=True, context=self.context).data


def prefetch_approved_responses(pages: list) -> None:
    """Load the approved responses of every page, oldest first, as `approved_responses`."""
    responses = selectors.approved_responses()
    prefetch_related_objects(
        pages, Prefetch("responses", queryset=responses, to_attr="approved_responses")
    )


def approved_responses_of(page) -> list:
    """The page's approved responses, oldest first: loaded with the other pages shown (see
    `prefetch_approved_responses`), else queried for this page alone."""
    prefetched = getattr(page, "approved_responses", None)
    if prefetched is not None:
        return prefetched
    return list(selectors.approved_responses().filter(page=page))


class ResponsesField(Prefetching, WholeObjectField):
    """The page's approved responses, oldest first, each with the owner's reply."""

    schema = array(ref("ResponseOutput"))

    def prefetch(self, pages):
        prefetch_approved_responses(pages)

    def to_representation(self, page):
        return ResponseOutputSerializer(approved_responses_of(page), many=True).data


class ResponseCountField(Prefetching, WholeObjectField):
    """How many approved responses the page has."""

    schema = {"type": "integer", "minimum": 0}

    def prefetch(self, pages):
        prefetch_approved_responses(pages)

    def to_representation(self, page):
        return len(approved_responses_of(page))


class FeaturedServiceSerializer(PageLinkSerializer):
    """A featured service, with its picture for a card."""

    image = ImageSerializer(source="*", alt="image_alt")


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


class ServiceSummarySerializer(FeaturedServiceSerializer):
    """A service under the services index, with its picture and sessions."""

    session_options = SessionOptionSerializer(many=True)


class ServiceListField(LoadedField):
    """The services under the services index, in the owner's order, with sessions."""

    schema = array(ref("ServiceSummary"))
    components = {
        "SessionOption": SESSION_OPTION,
        "ServiceSummary": page_link_with(
            {"image": nullable(ref("Image")), "session_options": array(ref("SessionOption"))},
            "A service under the services index, with its picture and sessions.",
        ),
    }

    def load(self, indexes):
        found = selectors.services_under_each(indexes)
        services = [service for under in found.values() for service in under]
        prefetch_pictures(services)
        prefetch_related_objects(services, "session_options")
        return found

    def to_representation(self, index):
        services = self.loaded_for(index)
        return ServiceSummarySerializer(services, many=True, context=self.context).data


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
