"""The dashboard's "Waiting for you" panel: new appointment requests and held responses."""

from typing import NamedTuple

from django.db import models
from django.urls import reverse
from django.utils.http import urlencode
from wagtail.admin.ui.components import Component
from wagtail.permissions import policy_registry

from cms_pages.models import AppointmentRequest, Response


class Waiting(NamedTuple):
    """One kind of thing that waits: which rows, the list filtered to them, how it reads."""

    model: type[models.Model]
    lookups: dict  # field -> value, for the count and as the list's filters
    list_url_name: str
    words: tuple[str, str]  # singular, plural
    icon: str

    def list_url(self) -> str:
        # The filters' values as Wagtail's filter forms send them: "new", "false".
        query = {name: str(value).lower() for name, value in self.lookups.items()}
        return f"{reverse(self.list_url_name)}?{urlencode(query)}"


class WaitingForYouPanel(Component):
    """What waits for the owner, side by side at the top of the dashboard's panels: how many
    appointment requests are new (not spam) and how many responses await moderation, each
    count linking to its list filtered the same way. Each shows only to those who may act
    on it."""

    order = 50  # before Wagtail's own panels (workflows 210, recent edits 250, ...)
    template_name = "cms_pages/panels/waiting_for_you.html"
    waiting = (
        Waiting(
            AppointmentRequest,
            {"status": AppointmentRequest.Status.NEW, "is_spam": False},
            "appointment_requests:index",
            ("new appointment request", "new appointment requests"),
            "calendar-check",
        ),
        Waiting(
            Response,
            {"status": Response.Status.PENDING},
            "wagtailsnippets_cms_pages_response:list",
            ("response awaiting moderation", "responses awaiting moderation"),
            "comment",
        ),
    )

    def get_context_data(self, parent_context):
        user = parent_context["request"].user
        items = []
        for waiting in self.waiting:
            if not policy_registry.get_by_type(waiting.model).user_has_permission(user, "change"):
                continue
            count = waiting.model.objects.filter(**waiting.lookups).count()
            items.append(
                {
                    "count": count,
                    "text": waiting.words[count != 1],
                    "url": waiting.list_url(),
                    "icon": waiting.icon,
                }
            )
        return {"items": items}
