"""The practice's details, edited once in Settings and shown on every page."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import (
    FieldPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
    PageChooserPanel,
    TabbedInterface,
)
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.models import Orderable


@register_setting(icon="site")
class PracticeSettings(ClusterableModel, BaseSiteSetting):
    """Who the practice is and how to reach it: name, therapist, address, hours, badges.

    The header, footer, contact details and the schema.org description of the business all
    come from here, so a change shows everywhere at once. The Privacy tab sets how long what
    visitors send is kept (cms_pages.personal_data.retention applies it) and which page tells
    visitors about it; the site shows both beside its forms, from the API.
    """

    practice_name = models.CharField(max_length=120, help_text="e.g. 'Massage Aha!'.")
    tagline = models.CharField(
        max_length=250,
        blank=True,
        help_text="Shown under the name in the header: what you do, where, and by whom.",
    )
    therapist_name = models.CharField(max_length=120, blank=True, help_text="e.g. 'Aaron Harris'.")
    therapist_credential = models.CharField(
        max_length=60, blank=True, help_text="e.g. 'BCTMB' (Board Certified)."
    )
    street_address = models.CharField(max_length=200, blank=True, help_text="Street and number.")
    locality = models.CharField(max_length=100, blank=True, help_text="City, e.g. 'Kansas City'.")
    region = models.CharField(max_length=50, blank=True, help_text="State, e.g. 'MO'.")
    postal_code = models.CharField(max_length=20, blank=True, help_text="ZIP code.")
    country = models.CharField(max_length=2, default="US", help_text="Two-letter country code.")
    phone = models.CharField(max_length=40, blank=True, help_text="e.g. '(816) 555-0142'.")
    email = models.EmailField(blank=True, help_text="The address clients may write to.")
    booking_url = models.URLField(
        blank=True,
        help_text="An online booking page, if you use one; else the contact page is used.",
    )
    footer_text = models.TextField(
        max_length=500, blank=True, help_text="A short line shown at the foot of every page."
    )
    appointment_request_retention_days = models.PositiveIntegerField(
        default=180,
        validators=[MinValueValidator(7), MaxValueValidator(3 * 365)],
        help_text="Appointment requests are deleted this many days after they arrive "
        "(7 to 1095). Export one first if you need to keep it.",
    )
    spam_retention_days = models.PositiveIntegerField(
        default=30,
        validators=[MinValueValidator(1), MaxValueValidator(365)],
        help_text="Responses and requests marked as spam are deleted this many days after "
        "they arrive (1 to 365).",
    )
    connection_data_retention_days = models.PositiveIntegerField(
        default=30,
        validators=[MinValueValidator(1), MaxValueValidator(365)],
        help_text="The IP address and browser of the responses you keep, and failed admin "
        "sign-ins, are erased this many days after they arrive (1 to 365).",
    )
    privacy_page = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The page that tells visitors what is kept about them and why. The site "
        "links it from its footer and beside each form, and adds the periods above to it as a "
        "table. Shown only while the page is published.",
    )

    edit_handler = TabbedInterface(
        [
            ObjectList(
                [
                    FieldPanel("practice_name"),
                    FieldPanel("tagline"),
                    FieldPanel("therapist_name"),
                    FieldPanel("therapist_credential"),
                    FieldPanel("footer_text"),
                ],
                heading="Practice",
            ),
            ObjectList(
                [
                    MultiFieldPanel(
                        [
                            FieldPanel("street_address"),
                            FieldPanel("locality"),
                            FieldPanel("region"),
                            FieldPanel("postal_code"),
                            FieldPanel("country"),
                        ],
                        heading="Address",
                    ),
                    FieldPanel("phone"),
                    FieldPanel("email"),
                    FieldPanel("booking_url"),
                    InlinePanel("opening_hours", label="Opening hours"),
                ],
                heading="Contact and hours",
            ),
            ObjectList(
                [InlinePanel("badges", label="Badge"), InlinePanel("social_links", label="Link")],
                heading="Badges and links",
            ),
            ObjectList(
                [
                    FieldPanel("appointment_request_retention_days"),
                    FieldPanel("spam_retention_days"),
                    FieldPanel("connection_data_retention_days"),
                    PageChooserPanel("privacy_page", "cms_pages.StandardPage"),
                ],
                heading="Privacy",
            ),
        ]
    )

    class Meta:
        verbose_name = "practice details"


class OpeningHours(Orderable):
    """The hours the practice is open on one day of the week."""

    DAYS = [
        ("Monday", "Monday"),
        ("Tuesday", "Tuesday"),
        ("Wednesday", "Wednesday"),
        ("Thursday", "Thursday"),
        ("Friday", "Friday"),
        ("Saturday", "Saturday"),
        ("Sunday", "Sunday"),
    ]

    settings = ParentalKey(PracticeSettings, on_delete=models.CASCADE, related_name="opening_hours")
    day = models.CharField(max_length=9, choices=DAYS, help_text="Day of the week.")
    opens = models.TimeField(help_text="Opening time, e.g. 09:00.")
    closes = models.TimeField(help_text="Closing time, e.g. 17:00.")

    panels = [FieldPanel("day"), FieldPanel("opens"), FieldPanel("closes")]

    def clean(self):
        super().clean()
        if self.opens and self.closes and self.closes <= self.opens:
            raise ValidationError({"closes": "Closing time must be after opening time."})

    def __str__(self):
        return f"{self.day} {self.opens:%H:%M}-{self.closes:%H:%M}"


class Badge(Orderable):
    """An inclusivity or membership badge shown in the header, e.g. the Transgender Ally Flag."""

    settings = ParentalKey(PracticeSettings, on_delete=models.CASCADE, related_name="badges")
    label = models.CharField(
        max_length=80, help_text="The badge's name, e.g. 'Transgender Ally Flag'."
    )
    image = models.ForeignKey(
        "wagtailimages.Image",
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The badge's picture (small; shown in the header).",
    )
    alt_text = models.CharField(
        max_length=250, help_text="What a screen reader announces, e.g. 'Transgender Ally Flag'."
    )
    is_active = models.BooleanField(default=True, help_text="Untick to hide the badge.")

    panels = [
        FieldPanel("label"),
        FieldPanel("image"),
        FieldPanel("alt_text"),
        FieldPanel("is_active"),
    ]

    def __str__(self):
        return self.label


class SocialLink(Orderable):
    """A link to the practice's profile elsewhere (Facebook, Instagram, a directory)."""

    settings = ParentalKey(PracticeSettings, on_delete=models.CASCADE, related_name="social_links")
    label = models.CharField(max_length=60, help_text="e.g. 'Instagram'.")
    url = models.URLField(help_text="The profile's full address.")

    panels = [FieldPanel("label"), FieldPanel("url")]

    def __str__(self):
        return self.label
