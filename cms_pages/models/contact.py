"""The contact page: the practice's appointment request form."""

from django.db import models
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.forms.models import AbstractEmailForm, AbstractFormField
from wagtail.contrib.forms.panels import FormSubmissionsPanel
from wagtail.fields import RichTextField
from wagtail.search import index
from wagtail_headless_preview.models import HeadlessMixin

from .common import INTRO_FEATURES, tabbed


class ContactFormField(AbstractFormField):
    """One field of the appointment request form, in the order the owner sets."""

    page = ParentalKey("ContactPage", on_delete=models.CASCADE, related_name="form_fields")


class ContactPage(HeadlessMixin, AbstractEmailForm):
    """The appointment request page (`/contact/`), built on Wagtail's form builder.

    The owner chooses the form's fields; submissions land in the admin and are emailed to
    the address given here.
    """

    introduction = RichTextField(
        features=INTRO_FEATURES,
        blank=True,
        help_text="Text above the form; say that no health details should be sent.",
    )
    thank_you_text = RichTextField(
        features=INTRO_FEATURES,
        blank=True,
        help_text="Shown to the visitor once the request is sent.",
    )

    search_fields = AbstractEmailForm.search_fields + [index.SearchField("introduction")]

    parent_page_types = ["cms_pages.HomePage"]
    subpage_types = []
    max_count = 1

    edit_handler = tabbed(
        (
            "Content",
            [
                FormSubmissionsPanel(),
                FieldPanel("title"),
                FieldPanel("introduction"),
                InlinePanel("form_fields", label="Form field"),
                FieldPanel("thank_you_text"),
                MultiFieldPanel(
                    [
                        FieldRowPanel([FieldPanel("from_address"), FieldPanel("to_address")]),
                        FieldPanel("subject"),
                    ],
                    heading="Email",
                ),
            ],
        ),
    )

    class Meta:
        verbose_name = "contact page"
