"""Pieces shared by several page types: rich text features and the promote/settings tabs."""

from wagtail.admin.panels import ObjectList, TabbedInterface
from wagtail.models import Page

INTRO_FEATURES = ["bold", "italic", "link", "document-link"]
TEXT_FEATURES = ["bold", "italic", "link", "document-link", "ol", "ul", "h3"]


def tabbed(*tabs: tuple[str, list]) -> TabbedInterface:
    """Build the editor's tabs: the page's own tabs, then Wagtail's Promote and Settings."""
    return TabbedInterface(
        [ObjectList(panels, heading=heading) for heading, panels in tabs]
        + [
            ObjectList(Page.promote_panels, heading="Promote"),
            ObjectList(Page.settings_panels, heading="Settings"),
        ]
    )
