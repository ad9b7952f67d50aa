"""Admin customisation: FAQs and their categories as snippets grouped in one menu."""

from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from cms_pages.models import FAQ, FAQCategory


class FAQViewSet(SnippetViewSet):
    """The FAQ list the owner edits: filterable by category and publication state."""

    model = FAQ
    icon = "help"
    menu_label = "Questions"
    list_display = ["question", "category", "sort_order", "live"]
    list_filter = ["category", "live"]
    search_fields = ["question"]
    ordering = ["category__sort_order", "sort_order"]


class FAQCategoryViewSet(SnippetViewSet):
    """The headings that group FAQs on the FAQ page."""

    model = FAQCategory
    icon = "folder-open-inverse"
    menu_label = "Categories"
    list_display = ["name", "slug", "sort_order"]


class FAQGroup(SnippetViewSetGroup):
    """One 'FAQs' menu for questions and their categories."""

    items = (FAQViewSet, FAQCategoryViewSet)
    menu_icon = "help"
    menu_label = "FAQs"
    menu_order = 250


register_snippet(FAQGroup)
