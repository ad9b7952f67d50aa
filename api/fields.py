"""Serializer fields for the parts of pages that Wagtail's stock fields do not shape well.

Each field delegates to `api.representations`, so a page, a search hit and the practice
endpoint show an image or a page link the same way.
"""

from rest_framework.fields import Field
from wagtail.images import get_image_model

from api import jsonld
from api.representations import (
    faq_data,
    image_data,
    page_link,
    rendition_specs,
    response_data,
    rich_text_html,
    session_option_data,
)
from api.visibility import is_public_faq, public_faqs, public_pages
from cms_pages.models import Response, ServicePage


class WholeObjectField(Field):
    """A read-only field computed from the whole object rather than one attribute."""

    def __init__(self, **kwargs):
        kwargs.setdefault("source", "*")
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    @property
    def request(self):
        return self.context["request"]


class RichTextHTMLField(Field):
    """Rich text as display HTML with the site's public paths in its links."""

    def __init__(self, **kwargs):
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def to_representation(self, value):
        return rich_text_html(value, self.context["request"])


class ImageWithAltField(WholeObjectField):
    """An image foreign key plus the alt text the owner wrote beside it."""

    def __init__(self, image_attr: str, alt_attr: str, **kwargs):
        self.image_attr, self.alt_attr = image_attr, alt_attr
        super().__init__(**kwargs)

    def to_representation(self, obj):
        return image_data(getattr(obj, self.image_attr), getattr(obj, self.alt_attr), self.request)


class StringListField(WholeObjectField):
    """A child relation shown as a plain list of one attribute, e.g. condition names."""

    def __init__(self, relation: str, attr: str, **kwargs):
        self.relation, self.attr = relation, attr
        super().__init__(**kwargs)

    def to_representation(self, obj):
        return [getattr(item, self.attr) for item in getattr(obj, self.relation).all()]


class SessionOptionsField(WholeObjectField):
    def to_representation(self, page):
        return [session_option_data(option) for option in page.session_options.all()]


class ServiceFAQsField(WholeObjectField):
    """The published FAQs attached to a service, in the owner's order."""

    def to_representation(self, page):
        return [
            faq_data(link.faq, self.request)
            for link in page.service_faqs.all()
            if is_public_faq(link.faq)
        ]


class RelatedPagesField(WholeObjectField):
    """'More to explore': the owner's live choices, else up to three sibling services."""

    def to_representation(self, page):
        public = public_pages()
        chosen = [link.related_page_id for link in page.related_pages.all()]
        if chosen:
            found = {p.pk: p for p in public.filter(pk__in=chosen).specific()}
            pages = [found[pk] for pk in chosen if pk in found]
        else:
            pages = list(public.sibling_of(page, inclusive=False).specific()[:3])
        return [page_link(p, self.request) for p in pages]


def approved_responses(page) -> list:
    """The page's approved responses, oldest first: prefetched for live pages (see
    api.page_fields.PREFETCHES), queried for a draft being previewed."""
    prefetched = getattr(page, "approved_responses", None)
    if prefetched is not None:
        return prefetched
    return list(page.responses.filter(status=Response.Status.APPROVED).order_by("submitted_at"))


class ResponsesField(WholeObjectField):
    """The page's approved responses, oldest first, each with the owner's reply."""

    def to_representation(self, page):
        return [response_data(response) for response in approved_responses(page)]


class ResponseCountField(WholeObjectField):
    def to_representation(self, page):
        return len(approved_responses(page))


class FeaturedServicesField(WholeObjectField):
    """The home page's featured services, with their pictures for cards."""

    def to_representation(self, home):
        live_ids = set(
            public_pages()
            .filter(pk__in=[item.service_id for item in home.featured_services.all()])
            .values_list("pk", flat=True)
        )
        return [
            {
                **page_link(item.service, self.request),
                "image": image_data(item.service.image, item.service.image_alt, self.request),
            }
            for item in home.featured_services.all()
            if item.service_id in live_ids
        ]


class ServiceListField(WholeObjectField):
    """The services under the services index, in the owner's order, with sessions."""

    def to_representation(self, index):
        services = (
            ServicePage.objects.child_of(index)
            .filter(pk__in=public_pages().values("pk"))
            .select_related("image")
            .prefetch_related("session_options")
        )
        return [
            {
                **page_link(service, self.request),
                "image": image_data(service.image, service.image_alt, self.request),
                "session_options": [session_option_data(o) for o in service.session_options.all()],
            }
            for service in services
        ]


class HomeCallToActionField(WholeObjectField):
    def to_representation(self, home):
        target = public_pages().filter(pk=home.cta_page_id).first() if home.cta_page_id else None
        return {
            "heading": home.cta_heading,
            "text": home.cta_text,
            "button_label": home.cta_button_label,
            "path": page_link(target, self.request)["path"] if target else None,
        }


class FAQGroupsField(WholeObjectField):
    """The FAQ page's published questions grouped by category, in the owner's order."""

    def to_representation(self, page):
        groups: dict[int, dict] = {}
        for faq in public_faqs().select_related("category"):
            category = {"name": faq.category.name, "slug": faq.category.slug}
            group = groups.setdefault(faq.category_id, {"category": category, "faqs": []})
            group["faqs"].append(faq_data(faq, self.request))
        return list(groups.values())


class FormFieldsField(WholeObjectField):
    """The contact form's fields, described so that any site can render the form."""

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


class StreamBodyField(Field):
    """A StreamField as typed blocks; images and linked pages resolved in bulk.

    Wagtail gives an image block's image as a bare id and a page chooser as a bare id; here
    they become the same image and page-link shapes used everywhere else, with one query for
    all images and one for all pages, however many blocks there are.
    """

    def __init__(self, **kwargs):
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def to_representation(self, stream):
        request = self.context["request"]
        blocks = stream.stream_block.get_api_representation(stream, self.context)
        image_ids = {b["value"]["image"] for b in blocks if b["type"] == "image"}
        page_ids = {b["value"]["page"] for b in blocks if b["type"] == "call_to_action"}
        images = (
            get_image_model()
            .objects.filter(pk__in=image_ids)
            .prefetch_renditions(*rendition_specs())
        )
        images = {image.pk: image for image in images}
        pages = {p.pk: p for p in public_pages().filter(pk__in=page_ids - {None})}
        for block in blocks:
            value = block["value"]
            if block["type"] == "image":
                value["image"] = image_data(images.get(value["image"]), value["alt_text"], request)
            elif block["type"] == "call_to_action":
                page = pages.get(value.pop("page"))
                value["path"] = page_link(page, request)["path"] if page else None
            elif block["type"] == "paragraph":
                block["value"] = rich_text_html(value, request)
        return blocks


class JSONLDField(WholeObjectField):
    """The schema.org description of the object, built by `api.jsonld`."""

    def to_representation(self, obj):
        return jsonld.for_page(obj, self.request)
