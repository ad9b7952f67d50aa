"""Services: the index of the practice's treatments and one page per treatment."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel, TitleFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index
from wagtail_headless_preview.models import HeadlessMixin

from cms_pages.blocks import BodyBlock

from .common import INTRO_FEATURES, TEXT_FEATURES, tabbed


class ServiceIndexPage(HeadlessMixin, Page):
    """The list of every service the practice offers (`/services/`).

    Its children are the service pages, shown in the order the owner sorts them in the admin.
    """

    introduction = RichTextField(
        features=INTRO_FEATURES,
        blank=True,
        help_text="A short paragraph above the list of services.",
    )

    search_fields = Page.search_fields + [index.SearchField("introduction")]

    parent_page_types = ["cms_pages.HomePage"]
    subpage_types = ["cms_pages.ServicePage"]
    max_count = 1

    edit_handler = tabbed(("Content", [TitleFieldPanel("title"), FieldPanel("introduction")]))

    class Meta:
        verbose_name = "services index"


class ServicePage(HeadlessMixin, Page):
    """One treatment the practice offers, such as CranioSacral massage.

    Besides free-form sections, it keeps the parts every service has as structured data
    (conditions, who it suits, treatment plan, session options, FAQs, related pages) so that
    the API can expose them and the site can show them the same way on every service.
    """

    heading = models.CharField(
        max_length=160,
        blank=True,
        help_text="The page's main heading, e.g. 'What is CranioSacral Massage?'. "
        "Leave empty to use the title.",
    )
    summary = models.TextField(
        max_length=300,
        help_text="One or two sentences shown in lists of services and in 'More to explore'.",
    )
    introduction = RichTextField(
        features=INTRO_FEATURES,
        help_text="The opening paragraphs: what the treatment is and what it does.",
    )
    conditions_lead_in = models.CharField(
        max_length=250,
        blank=True,
        help_text="The sentence before the list of conditions, "
        "e.g. 'Some conditions that might cause a client to seek this treatment include:'.",
    )
    treatment_plan = RichTextField(
        features=INTRO_FEATURES,
        blank=True,
        help_text="The recommended treatment plan: how many sessions, how often.",
    )
    suitable_for = RichTextField(
        features=INTRO_FEATURES,
        blank=True,
        help_text="Who this treatment suits, and who it is a gentle alternative for.",
    )
    image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The service's main picture.",
    )
    image_alt = models.CharField(
        max_length=250,
        blank=True,
        help_text="Describe the picture for people who cannot see it (required with a picture).",
    )
    image_caption = models.CharField(
        max_length=250, blank=True, help_text="Optional text shown under the picture."
    )
    body = StreamField(
        BodyBlock(),
        blank=True,
        help_text="What to expect in a session, and any further sections.",
    )
    new_client_note = RichTextField(
        features=TEXT_FEATURES,
        blank=True,
        help_text="A note for people new to massage, shown after the sections.",
    )
    allow_responses = models.BooleanField(
        default=True,
        help_text="Let visitors leave responses (they appear only once you approve them).",
    )

    search_fields = Page.search_fields + [
        index.SearchField("heading"),
        index.SearchField("summary"),
        index.SearchField("introduction"),
        index.SearchField("treatment_plan"),
        index.SearchField("suitable_for"),
        index.SearchField("body"),
        index.SearchField("new_client_note"),
        index.RelatedFields("conditions", [index.SearchField("name")]),
    ]

    parent_page_types = ["cms_pages.ServiceIndexPage"]
    subpage_types = []

    edit_handler = tabbed(
        (
            "Content",
            [
                TitleFieldPanel("title"),
                FieldPanel("heading"),
                FieldPanel("summary"),
                FieldPanel("introduction"),
                MultiFieldPanel(
                    [FieldPanel("image"), FieldPanel("image_alt"), FieldPanel("image_caption")],
                    heading="Picture",
                ),
                FieldPanel("body"),
                FieldPanel("new_client_note"),
            ],
        ),
        (
            "Treatment details",
            [
                FieldPanel("conditions_lead_in"),
                InlinePanel("conditions", label="Condition"),
                FieldPanel("treatment_plan"),
                FieldPanel("suitable_for"),
                InlinePanel("session_options", label="Session option", min_num=0),
            ],
        ),
        (
            "FAQs and links",
            [
                InlinePanel("service_faqs", label="FAQ"),
                InlinePanel("related_pages", label="'More to explore' page", max_num=6),
                FieldPanel("allow_responses"),
            ],
        ),
    )

    class Meta:
        verbose_name = "service page"

    @property
    def display_heading(self) -> str:
        """The heading to show: the owner's heading, else the title."""
        return self.heading or self.title

    def clean(self):
        super().clean()
        if self.image_id and not self.image_alt:
            raise ValidationError({"image_alt": "Describe the picture for screen readers."})


class ServiceCondition(Orderable):
    """A condition that may lead a client to seek this service."""

    page = ParentalKey(ServicePage, on_delete=models.CASCADE, related_name="conditions")
    name = models.CharField(max_length=120, help_text="e.g. 'Tension headaches and migraines'.")

    panels = [FieldPanel("name")]

    def __str__(self):
        return self.name


class SessionOption(Orderable):
    """A bookable length of session and its price, listed in the owner's order."""

    page = ParentalKey(ServicePage, on_delete=models.CASCADE, related_name="session_options")
    duration_minutes = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(5), MaxValueValidator(480)],
        help_text="Length of the session in minutes.",
    )
    price = models.DecimalField(
        max_digits=7,
        decimal_places=2,
        validators=[MinValueValidator(0)],
        help_text="Price in US dollars.",
    )
    label = models.CharField(
        max_length=80, blank=True, help_text="Optional name, e.g. 'Introductory session'."
    )

    panels = [FieldPanel("duration_minutes"), FieldPanel("price"), FieldPanel("label")]

    def __str__(self):
        return f"{self.duration_minutes} min, ${self.price}"


class ServiceFAQ(Orderable):
    """An FAQ shown on a service page, in the order the owner sets there."""

    page = ParentalKey(ServicePage, on_delete=models.CASCADE, related_name="service_faqs")
    faq = models.ForeignKey(
        "cms_pages.FAQ",
        on_delete=models.CASCADE,
        related_name="service_links",
        help_text="A question and answer to show on this service.",
    )

    panels = [FieldPanel("faq")]

    class Meta(Orderable.Meta):
        constraints = [
            models.UniqueConstraint(fields=["page", "faq"], name="unique_faq_per_service")
        ]


class ServiceRelatedPage(Orderable):
    """A page the owner suggests under 'More to explore...'."""

    page = ParentalKey(ServicePage, on_delete=models.CASCADE, related_name="related_pages")
    related_page = models.ForeignKey(
        "wagtailcore.Page",
        on_delete=models.CASCADE,
        related_name="+",
        help_text="A page of this site worth reading next.",
    )

    panels = [FieldPanel("related_page")]
