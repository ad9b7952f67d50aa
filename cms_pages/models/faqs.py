"""Frequently asked questions: a snippet the owner writes once and shows where it helps."""

from django.db import models
from wagtail.admin.panels import FieldPanel, TitleFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import DraftStateMixin, Page, RevisionMixin
from wagtail.search import index
from wagtail_headless_preview.models import HeadlessMixin

from .common import INTRO_FEATURES, TEXT_FEATURES, tabbed


class FAQCategory(models.Model):
    """A heading under which the FAQ page groups its questions, e.g. 'Booking'."""

    name = models.CharField(max_length=80, unique=True, help_text="e.g. 'Booking and payment'.")
    slug = models.SlugField(
        max_length=80, unique=True, help_text="Used to filter FAQs in the API, e.g. 'booking'."
    )
    sort_order = models.PositiveSmallIntegerField(
        default=0, help_text="Categories are listed from the lowest number up."
    )

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("sort_order")]

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = "FAQ category"
        verbose_name_plural = "FAQ categories"

    def __str__(self):
        return self.name


class FAQ(DraftStateMixin, RevisionMixin, index.Indexed, models.Model):
    """A question and its answer; drafts stay private until published.

    Listed on the FAQ page under its category and attachable to any service page.
    """

    question = models.CharField(max_length=255, help_text="The question, as a client would ask it.")
    answer = RichTextField(features=TEXT_FEATURES, help_text="The answer, short and friendly.")
    category = models.ForeignKey(
        FAQCategory,
        on_delete=models.PROTECT,
        related_name="faqs",
        help_text="The group the FAQ page lists this question under.",
    )
    sort_order = models.PositiveSmallIntegerField(
        default=0, help_text="Questions are listed from the lowest number up within a category."
    )

    panels = [
        FieldPanel("question"),
        FieldPanel("answer"),
        FieldPanel("category"),
        FieldPanel("sort_order"),
    ]

    search_fields = [
        index.SearchField("question", boost=2),
        index.AutocompleteField("question"),
        index.SearchField("answer"),
        index.FilterField("id"),  # expired FAQs are left out of searches by id
        index.FilterField("live"),
        index.FilterField("category_id"),
    ]

    class Meta:
        ordering = ["category__sort_order", "sort_order", "question"]
        verbose_name = "FAQ"
        verbose_name_plural = "FAQs"

    def __str__(self):
        return self.question


class FAQPage(HeadlessMixin, Page):
    """The page that lists every published FAQ, grouped by category (`/faq/`)."""

    introduction = RichTextField(
        features=INTRO_FEATURES, blank=True, help_text="A short paragraph above the questions."
    )

    search_fields = Page.search_fields + [index.SearchField("introduction")]

    parent_page_types = ["cms_pages.HomePage"]
    subpage_types = []
    max_count = 1

    edit_handler = tabbed(("Content", [TitleFieldPanel("title"), FieldPanel("introduction")]))

    class Meta:
        verbose_name = "FAQ page"
