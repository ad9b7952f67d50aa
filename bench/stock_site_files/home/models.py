"""The stock site's page types: the project template's HomePage, and a content page written
the way Wagtail's tutorial writes one (a heading, a rich-text introduction, a StreamField body).

Copied over the `wagtail start` project by bench.stock_site.
"""

from django.db import models
from wagtail import blocks
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page


class HomePage(Page):
    pass


class ContentPage(Page):
    heading = models.CharField(max_length=255, blank=True)
    intro = RichTextField(blank=True)
    body = StreamField(
        [
            ("heading", blocks.CharBlock(form_classname="title")),
            ("paragraph", blocks.RichTextBlock()),
            ("list", blocks.ListBlock(blocks.CharBlock())),
        ],
        blank=True,
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("heading"),
        FieldPanel("intro"),
        FieldPanel("body"),
    ]
