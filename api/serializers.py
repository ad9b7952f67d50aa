"""Serializers of the shapes the API shares: images, page links, FAQs, responses, the
practice, search hits.

Each one both produces its shape and, through drf-spectacular, describes it in the OpenAPI
document, so a shape is declared once. A serializer's docstring is its description there.
"""

from django.db.models import Prefetch, prefetch_related_objects
from rest_framework import serializers
from wagtail.images import get_image_model
from wagtail.models import Site

from api import jsonld
from api.fields import (
    ClockTimeField,
    Described,
    PagePathField,
    PageSummaryField,
    PageTypeField,
    Prefetching,
    PrefetchingList,
    RichTextHTMLField,
    SecondsDateTimeField,
    VisitorHTMLField,
)
from api.openapi.jsonschema import nullable, ref
from api.representations import Picture, page_path
from cms_pages import selectors, spam


class SelectedList(serializers.ListSerializer):
    """A list whose items `select(obj, request)` picks (e.g. with a selector) rather than
    an attribute of the object."""

    def __init__(self, *args, select, **kwargs):
        self.select = select
        super().__init__(*args, **kwargs)

    def get_attribute(self, instance):
        return self.select(instance, self.context["request"])


class CategorySerializer(serializers.Serializer):
    name = serializers.CharField()
    slug = serializers.CharField()


class FAQSerializer(serializers.Serializer):
    """A published question and answer (answer as display HTML)."""

    id = serializers.IntegerField()
    question = serializers.CharField()
    answer = RichTextHTMLField(help_text="Display HTML.")
    category = CategorySerializer()

    class Meta:
        # The answers of a list are made display HTML together (see `api.fields.RichTexts`).
        list_serializer_class = PrefetchingList


class RenditionSerializer(serializers.Serializer):
    width = serializers.IntegerField()
    height = serializers.IntegerField()
    url = serializers.URLField()


class ImageSerializer(Prefetching, Described, serializers.Serializer):
    """An image as renditions at fixed widths, for `<img srcset>`."""

    schema = nullable(ref("Image"))

    id = serializers.IntegerField()
    alt = serializers.CharField()
    width = serializers.IntegerField()
    height = serializers.IntegerField()
    src = serializers.URLField()
    renditions = RenditionSerializer(many=True)

    def __init__(self, *args, image: str = "image", alt: str = "alt", **kwargs):
        """Shows the image held in attribute `image` of the object given (a badge, a page)
        with the alt text in its attribute `alt`; null when no image is chosen."""
        self.image_attr, self.alt_attr = image, alt
        super().__init__(*args, **kwargs)

    def prefetch(self, holders):
        prefetch_pictures(holders, self.image_attr)

    def to_representation(self, holder):
        if not isinstance(holder, Picture):
            image = getattr(holder, self.image_attr)
            if image is None:
                return None
            holder = Picture(image, getattr(holder, self.alt_attr))
        return super().to_representation(holder)


def images_with_renditions():
    """Images with their renditions loaded alongside, all of them: besides the fixed widths,
    `Picture` offers each image's own width when it is narrower."""
    return get_image_model().objects.prefetch_renditions()


def prefetch_pictures(holders: list, attr: str = "image") -> None:
    """Load the image in attribute `attr` of every holder with its renditions: two queries
    for all of them, rather than two per picture shown."""
    prefetch_related_objects(holders, Prefetch(attr, queryset=images_with_renditions()))


def picture_json(image, alt: str) -> dict | None:
    """An image and its alt text as ImageSerializer shows them, or None without an image."""
    return ImageSerializer().to_representation(Picture(image, alt)) if image else None


class BadgeSerializer(serializers.Serializer):
    label = serializers.CharField()
    alt_text = serializers.CharField()
    image = ImageSerializer(source="*", alt="alt_text")


class OpeningHoursSerializer(serializers.Serializer):
    day = serializers.CharField()
    opens = ClockTimeField(help_text="HH:MM, local time.")
    closes = ClockTimeField(help_text="HH:MM, local time.")


class LinkSerializer(serializers.Serializer):
    label = serializers.CharField()
    url = serializers.URLField()


class PageLinkSerializer(serializers.Serializer):
    """A link to a page with a one-line summary."""

    id = serializers.IntegerField()
    title = serializers.CharField()
    path = PagePathField(help_text="Public path on the site.")
    summary = PageSummaryField()
    type = PageTypeField(help_text="Page type, e.g. cms_pages.ServicePage.")


class AddressSerializer(serializers.Serializer):
    street_address = serializers.CharField()
    locality = serializers.CharField()
    region = serializers.CharField()
    postal_code = serializers.CharField()
    country = serializers.CharField()


class TherapistSerializer(serializers.Serializer):
    name = serializers.CharField(source="therapist_name")
    credential = serializers.CharField(source="therapist_credential")


class PracticeJSONLDField(serializers.DictField):
    """The practice as schema.org data (see `api.jsonld`)."""

    def __init__(self, **kwargs):
        super().__init__(source="*", **kwargs)

    def to_representation(self, practice):
        return jsonld.practice_jsonld(practice)


def active_badges(practice, request) -> list:
    return [badge for badge in practice.badges.all() if badge.is_active]


def site_menu(practice, request):
    return selectors.menu_pages(Site.find_for_request(request).root_page)


class AkismetEnabledField(serializers.BooleanField):
    """Whether visitors' responses are checked by Akismet (the backend has its key)."""

    def __init__(self, **kwargs):
        super().__init__(source="*", **kwargs)

    def to_representation(self, practice):
        return spam.akismet_enabled()


class PrivacyPagePathField(serializers.CharField):
    """The public path of the owner's privacy page; null while that page is not public
    (unpublished, private, expired), so that the site never links a page it cannot show."""

    def __init__(self, **kwargs):
        super().__init__(source="privacy_page_id", allow_null=True, **kwargs)

    def to_representation(self, page_id):
        page = selectors.public_page(page_id)
        if page is None:
            return None
        return page_path(page, self.context["request"]) or None  # no site routes to it


class PersonalDataSerializer(serializers.Serializer):
    """What the site tells visitors about what they send: how long each kind of it is kept
    (the owner's periods, in days, as the retention job applies them), whether Akismet
    checks responses, and where the privacy page is."""

    appointment_request_retention_days = serializers.IntegerField(
        help_text="Appointment requests are deleted this many days after they arrive."
    )
    spam_retention_days = serializers.IntegerField(
        help_text="Responses and requests marked as spam are deleted after this many days."
    )
    connection_data_retention_days = serializers.IntegerField(
        help_text="The IP address and browser details of kept responses are erased after "
        "this many days."
    )
    akismet_enabled = AkismetEnabledField(help_text="Responses are checked by Akismet.")
    privacy_page = PrivacyPagePathField(
        help_text="Public path of the privacy page; null when there is none or it is not public."
    )


class PracticeSerializer(serializers.Serializer):
    """The practice's details, its header badges, the site's navigation, and what visitors
    are told about their personal data."""

    name = serializers.CharField(source="practice_name")
    tagline = serializers.CharField()
    therapist = TherapistSerializer(source="*")
    address = AddressSerializer(source="*")
    phone = serializers.CharField()
    email = serializers.CharField()
    booking_url = serializers.CharField(help_text="Online booking page; empty if none.")
    opening_hours = OpeningHoursSerializer(many=True)
    badges = SelectedList(
        child=BadgeSerializer(), select=active_badges, help_text="Active badges only."
    )
    social_links = LinkSerializer(many=True)
    footer_text = serializers.CharField()
    navigation = SelectedList(
        child=PageLinkSerializer(), select=site_menu, help_text="Pages shown in menus, in order."
    )
    json_ld = PracticeJSONLDField(help_text="schema.org HealthAndBeautyBusiness.")
    personal_data = PersonalDataSerializer(source="*")


class SitemapEntrySerializer(serializers.Serializer):
    """One public page as a sitemap lists it."""

    path = serializers.CharField(help_text="Public path, e.g. /services/craniosacral-massage/.")
    last_published_at = serializers.DateTimeField(
        allow_null=True, help_text="As pages' meta.last_published_at (the site's time zone)."
    )


class SearchResultSerializer(serializers.Serializer):
    """One hit of the site search: a page or an FAQ."""

    kind = serializers.ChoiceField(choices=["page", "faq"])
    id = serializers.IntegerField()
    title = serializers.CharField()
    path = serializers.CharField(help_text="Public path to link to (FAQs link to the FAQ page).")
    summary = serializers.CharField(help_text="The page's own summary; empty for FAQs.")
    snippet = serializers.CharField(help_text="A short plain-text extract.")
    type = serializers.CharField(help_text="Page type, e.g. cms_pages.ServicePage, or faq.")


class ResponseOutputSerializer(serializers.Serializer):
    """An approved response as published (the email address is never included)."""

    id = serializers.IntegerField()
    name = serializers.CharField()
    website = serializers.CharField()
    text_html = VisitorHTMLField(source="text", help_text="Escaped text; links rel='nofollow ugc'.")
    submitted_at = SecondsDateTimeField()
    reply_html = VisitorHTMLField(source="reply")
    replied_at = SecondsDateTimeField(allow_null=True)
