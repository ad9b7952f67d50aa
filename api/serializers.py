"""Serializers of the API's own endpoints (practice, FAQs, search).

They describe the response shapes for the OpenAPI schema as well as producing them.
"""

from rest_framework import serializers

from api import jsonld
from api.representations import faq_data, image_data, page_link
from api.visibility import public_pages
from cms_pages.models import FAQ, PracticeSettings


class CategorySerializer(serializers.Serializer):
    name = serializers.CharField()
    slug = serializers.CharField()


class FAQSerializer(serializers.Serializer):
    """A published question and answer (answer as display HTML)."""

    id = serializers.IntegerField()
    question = serializers.CharField()
    answer = serializers.CharField(help_text="Display HTML.")
    category = CategorySerializer()

    def to_representation(self, faq: FAQ):
        return faq_data(faq, self.context["request"])


class RenditionSerializer(serializers.Serializer):
    width = serializers.IntegerField()
    height = serializers.IntegerField()
    url = serializers.URLField()


class ImageSerializer(serializers.Serializer):
    """An image as renditions at fixed widths, for `<img srcset>`."""

    id = serializers.IntegerField()
    alt = serializers.CharField()
    width = serializers.IntegerField()
    height = serializers.IntegerField()
    src = serializers.URLField()
    renditions = RenditionSerializer(many=True)


class BadgeSerializer(serializers.Serializer):
    label = serializers.CharField()
    alt_text = serializers.CharField()
    image = ImageSerializer()


class OpeningHoursSerializer(serializers.Serializer):
    day = serializers.CharField()
    opens = serializers.CharField(help_text="HH:MM, local time.")
    closes = serializers.CharField(help_text="HH:MM, local time.")


class LinkSerializer(serializers.Serializer):
    label = serializers.CharField()
    url = serializers.URLField()


class PageLinkSerializer(serializers.Serializer):
    """A link to a page with a one-line summary."""

    id = serializers.IntegerField()
    title = serializers.CharField()
    path = serializers.CharField(help_text="Public path on the site.")
    summary = serializers.CharField()
    type = serializers.CharField(help_text="Page type, e.g. cms_pages.ServicePage.")


class AddressSerializer(serializers.Serializer):
    street_address = serializers.CharField()
    locality = serializers.CharField()
    region = serializers.CharField()
    postal_code = serializers.CharField()
    country = serializers.CharField()


class TherapistSerializer(serializers.Serializer):
    name = serializers.CharField()
    credential = serializers.CharField()


class PracticeSerializer(serializers.Serializer):
    """The practice's details, its header badges, and the site's navigation."""

    name = serializers.CharField()
    tagline = serializers.CharField()
    therapist = TherapistSerializer()
    address = AddressSerializer()
    phone = serializers.CharField()
    email = serializers.CharField()
    booking_url = serializers.CharField(help_text="Online booking page; empty if none.")
    opening_hours = OpeningHoursSerializer(many=True)
    badges = BadgeSerializer(many=True, help_text="Active badges only.")
    social_links = LinkSerializer(many=True)
    footer_text = serializers.CharField()
    navigation = PageLinkSerializer(many=True, help_text="Pages shown in menus, in order.")
    json_ld = serializers.DictField(help_text="schema.org HealthAndBeautyBusiness.")

    def to_representation(self, practice: PracticeSettings):
        request = self.context["request"]
        return {
            "name": practice.practice_name,
            "tagline": practice.tagline,
            "therapist": {
                "name": practice.therapist_name,
                "credential": practice.therapist_credential,
            },
            "address": {
                "street_address": practice.street_address,
                "locality": practice.locality,
                "region": practice.region,
                "postal_code": practice.postal_code,
                "country": practice.country,
            },
            "phone": practice.phone,
            "email": practice.email,
            "booking_url": practice.booking_url,
            "opening_hours": [
                {
                    "day": hours.day,
                    "opens": hours.opens.strftime("%H:%M"),
                    "closes": hours.closes.strftime("%H:%M"),
                }
                for hours in practice.opening_hours.all()
            ],
            "badges": [
                {
                    "label": badge.label,
                    "alt_text": badge.alt_text,
                    "image": image_data(badge.image, badge.alt_text, request),
                }
                for badge in practice.badges.all()
                if badge.is_active
            ],
            "social_links": [
                {"label": link.label, "url": link.url} for link in practice.social_links.all()
            ],
            "footer_text": practice.footer_text,
            "navigation": self.context["navigation"],
            "json_ld": jsonld.practice_jsonld(practice),
        }


class SearchResultSerializer(serializers.Serializer):
    """One hit of the site search: a page or an FAQ."""

    kind = serializers.ChoiceField(choices=["page", "faq"])
    id = serializers.IntegerField()
    title = serializers.CharField()
    path = serializers.CharField(help_text="Public path to link to (FAQs link to the FAQ page).")
    summary = serializers.CharField(help_text="The page's own summary; empty for FAQs.")
    snippet = serializers.CharField(help_text="A short plain-text extract.")
    type = serializers.CharField(help_text="Page type, e.g. cms_pages.ServicePage, or faq.")


def navigation(root, request) -> list[dict]:
    """The root's children that the owner shows in menus, in the tree's order."""
    return [page_link(page, request) for page in public_pages().child_of(root).in_menu()]
