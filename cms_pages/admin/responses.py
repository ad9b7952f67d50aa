"""Visitor responses in the admin: the moderation list, its row buttons and the edit view."""

from django.utils.text import Truncator
from wagtail.admin.panels import FieldPanel
from wagtail.admin.ui.tables import Column
from wagtail.snippets.views.snippets import IndexView, SnippetViewSet

from cms_pages.admin.row_actions import StatusActionsViewSetMixin, StatusButtonsMixin
from cms_pages.models import Response
from cms_pages.services import response_moderate

EXCERPT_LENGTH = 120


class ExcerptColumn(Column):
    """The start of what the visitor wrote, so that most responses are judged from the list.

    The cell template escapes it like any value: a visitor's markup shows as text.
    """

    def get_value(self, instance):
        return Truncator(super().get_value(instance)).chars(EXCERPT_LENGTH)


class ResponseIndexView(StatusButtonsMixin, IndexView):
    """The snippet listing with an Approve and a Spam button on each row."""


class ResponseViewSet(StatusActionsViewSetMixin, SnippetViewSet):
    """Moderation of visitors' responses: read them in the list, approve or mark spam per row
    or in bulk, filter by status and page; reply to one in its edit view.

    Nobody adds a response in the admin (cms_pages.admin.permissions.SentByVisitorsPolicy).
    """

    model = Response
    icon = "comment"
    menu_label = "Responses"
    menu_order = 260
    add_to_admin_menu = True
    index_view_class = ResponseIndexView
    list_display = [
        "name",
        ExcerptColumn("text", label="Response", width="35%"),
        "page",
        "status",
        "submitted_at",
        "held_because",
    ]
    list_filter = ["status", "page"]
    search_fields = ["name", "text"]
    status_buttons = {
        Response.Status.APPROVED: ("Approve", "check"),
        Response.Status.SPAM: ("Spam", "warning"),
    }
    panels = [
        FieldPanel("status"),
        FieldPanel("text", read_only=True),
        FieldPanel("name", read_only=True),
        FieldPanel("website", read_only=True),
        FieldPanel("email", read_only=True),
        FieldPanel("reply"),
    ]

    def set_status(self, instance, status, user):
        """The bulk actions' moderation (Akismet told of a spam / not-spam decision)."""
        response_moderate(response=instance, status=status)
