"""Admin screens for publish notifications: subscribers to edit, deliveries to inspect."""

from wagtail import hooks
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from api.models import WebhookDelivery, WebhookSubscriber


class WebhookSubscriberViewSet(ModelViewSet):
    """Subscribers the owner adds, pauses or removes."""

    model = WebhookSubscriber
    icon = "link-external"
    menu_label = "Subscribers"
    list_display = ["name", "url", "is_active", "created_at"]
    form_fields = ["name", "url", "secret", "is_active"]


class ReadOnlyPolicy(ModelPermissionPolicy):
    """Deliveries are a log: they can be looked at and deleted, never created or edited."""

    def user_has_permission(self, user, action):
        return action not in ("add", "change") and super().user_has_permission(user, action)


register_permission_policy(WebhookDelivery, ReadOnlyPolicy(WebhookDelivery))


class WebhookDeliveryViewSet(ModelViewSet):
    """The log of every notification sent, with attempts, status and error."""

    model = WebhookDelivery
    icon = "list-ul"
    menu_label = "Delivery log"
    list_display = ["event", "url", "succeeded", "status_code", "attempts", "created_at"]
    list_filter = ["event", "succeeded"]
    inspect_view_enabled = True
    form_fields = ["event"]
    copy_view_enabled = False


class WebhooksGroup(ViewSetGroup):
    """One 'Webhooks' menu under Settings-like placement."""

    items = (WebhookSubscriberViewSet, WebhookDeliveryViewSet)
    menu_icon = "link-external"
    menu_label = "Webhooks"
    menu_order = 900


@hooks.register("register_admin_viewset")
def register_webhooks():
    return WebhooksGroup()
