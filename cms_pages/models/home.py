"""The home page: the practice's front door."""

from django.core.exceptions import ValidationError
from django.db import models
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel, TitleFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page
from wagtail.search import index
from wagtail_headless_preview.models import HeadlessMixin

from .common import INTRO_FEATURES, tabbed


class HomePage(HeadlessMixin, Page):
    """The site's root page: a hero, the services the owner features, and a call to action.

    There is one per site; every other page type lives beneath it.
    """

    hero_heading = models.CharField(
        max_length=120, help_text="The large heading visitors see first."
    )
    hero_text = RichTextField(
        features=INTRO_FEATURES,
        blank=True,
        help_text="One or two sentences under the heading: who you help and how.",
    )
    hero_image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="A wide picture shown beside the heading.",
    )
    hero_image_alt = models.CharField(
        max_length=250,
        blank=True,
        help_text="Describe the picture for people who cannot see it (required with a picture).",
    )
    cta_heading = models.CharField(
        max_length=120,
        blank=True,
        help_text="Heading of the call to action at the foot of the page.",
    )
    cta_text = models.TextField(
        max_length=500, blank=True, help_text="One or two sentences inviting visitors to book."
    )
    cta_button_label = models.CharField(
        max_length=60, blank=True, help_text="The button's words, e.g. 'Request an appointment'."
    )
    cta_page = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The page the button leads to, usually the contact page.",
    )

    search_fields = Page.search_fields + [
        index.SearchField("hero_heading"),
        index.SearchField("hero_text"),
    ]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "cms_pages.ServiceIndexPage",
        "cms_pages.StandardPage",
        "cms_pages.FAQPage",
        "cms_pages.ContactPage",
    ]
    max_count = 1

    edit_handler = tabbed(
        (
            "Content",
            [
                TitleFieldPanel("title"),
                MultiFieldPanel(
                    [
                        FieldPanel("hero_heading"),
                        FieldPanel("hero_text"),
                        FieldPanel("hero_image"),
                        FieldPanel("hero_image_alt"),
                    ],
                    heading="Hero",
                ),
                InlinePanel("featured_services", label="Featured service", max_num=6),
                MultiFieldPanel(
                    [
                        FieldPanel("cta_heading"),
                        FieldPanel("cta_text"),
                        FieldPanel("cta_button_label"),
                        FieldPanel("cta_page"),
                    ],
                    heading="Call to action",
                ),
            ],
        ),
    )

    class Meta:
        verbose_name = "home page"

    def clean(self):
        super().clean()
        if self.hero_image_id and not self.hero_image_alt:
            raise ValidationError({"hero_image_alt": "Describe the picture for screen readers."})


class HomeFeaturedService(Orderable):
    """A service the owner picks to show on the home page, in the order chosen."""

    page = ParentalKey(HomePage, on_delete=models.CASCADE, related_name="featured_services")
    service = models.ForeignKey(
        "cms_pages.ServicePage",
        on_delete=models.CASCADE,
        related_name="+",
        help_text="A service to feature on the home page.",
    )

    panels = [FieldPanel("service")]
