"""Standard pages: about, cancellation policy and other pages of plain sections."""

from wagtail.admin.panels import FieldPanel, TitleFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index
from wagtail_headless_preview.models import HeadlessMixin

from cms_pages.blocks import BodyBlock

from .common import INTRO_FEATURES, tabbed


class StandardPage(HeadlessMixin, Page):
    """A page of free-form sections (about the therapist, policies, ...).

    It may hold further standard pages beneath it, e.g. /about/ -> /about/credentials/.
    """

    introduction = RichTextField(
        features=INTRO_FEATURES, blank=True, help_text="A short paragraph under the title."
    )
    body = StreamField(BodyBlock(), blank=True, help_text="The page's sections.")

    search_fields = Page.search_fields + [
        index.SearchField("introduction"),
        index.SearchField("body"),
    ]

    parent_page_types = ["cms_pages.HomePage", "cms_pages.StandardPage"]
    subpage_types = ["cms_pages.StandardPage"]

    edit_handler = tabbed(
        ("Content", [TitleFieldPanel("title"), FieldPanel("introduction"), FieldPanel("body")])
    )

    class Meta:
        verbose_name = "standard page"
