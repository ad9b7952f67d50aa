"""Status buttons on a listing's rows ("Approve", "Spam", "Contacted", ...), each a POST.

One viewset mixin serves both the responses and the appointment requests: it adds the URL
`<pk>/status/<status>/` and gives the listing a button per status the row is not in. The
buttons use Wagtail's own `w-action#post` controller, which sends a form with the CSRF token
and the listing's address (filters included) as `next`; the view sets the status through the
viewset's `set_status` and comes back to that address with a message.
"""

from django.contrib.admin.utils import quote, unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.views import View
from wagtail.admin import messages
from wagtail.admin.utils import get_valid_next_url_from_request
from wagtail.admin.views.generic import PermissionCheckedMixin
from wagtail.admin.widgets import ListingButton


class StatusButtonsMixin:
    """For an index view: a button on each row for every other status the owner may set."""

    status_buttons: dict[str, tuple[str, str]] = {}  # status -> (label, icon)
    set_status_url_name = None

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        if not self.user_has_permission_for_instance("change", instance):
            return buttons
        for priority, (status, (label, icon)) in enumerate(self.status_buttons.items()):
            if instance.status == status:
                continue
            url = reverse(self.set_status_url_name, args=(quote(instance.pk), status))
            buttons.append(
                ListingButton(
                    label,
                    icon_name=icon,
                    attrs={
                        "data-controller": "w-action",
                        "data-action": "w-action#post",
                        "data-w-action-url-value": url,
                        "aria-label": f"{label}: {instance}",
                    },
                    priority=priority,
                )
            )
        return buttons


class SetStatusView(PermissionCheckedMixin, View):
    """Set one object's status from its listing row: POST only (with Django's CSRF check, as
    every admin POST), "change" permission on the object, then back to the listing."""

    http_method_names = ["post"]
    permission_required = "change"
    model = None
    index_url_name = None
    status_buttons: dict[str, tuple[str, str]] = {}
    set_status = None  # the viewset's set_status(instance, status, user)

    def post(self, request, pk, status):
        if status not in self.status_buttons:
            raise Http404
        instance = get_object_or_404(self.model, pk=unquote(str(pk)))
        if not self.user_has_permission_for_instance("change", instance):
            raise PermissionDenied
        self.set_status(instance, status, request.user)
        label = instance.get_status_display()
        messages.success(request, f"{instance} marked “{label}”.")
        return redirect(get_valid_next_url_from_request(request) or reverse(self.index_url_name))


class StatusActionsViewSetMixin:
    """For a ModelViewSet or SnippetViewSet whose model has a `status`: row buttons that set it.

    Subclasses list the buttons in `status_buttons` and say how a status is set, in
    `set_status`, through the same code as the rest of the admin does; their index view
    class includes StatusButtonsMixin.
    """

    status_buttons: dict[str, tuple[str, str]] = {}

    def set_status(self, instance, status, user) -> None:
        raise NotImplementedError

    def get_index_view_kwargs(self, **kwargs):
        return super().get_index_view_kwargs(
            status_buttons=self.status_buttons,
            set_status_url_name=self.get_url_name("set_status"),
            **kwargs,
        )

    def get_urlpatterns(self):
        view = self.construct_view(
            SetStatusView, status_buttons=self.status_buttons, set_status=self.set_status
        )
        return [
            *super().get_urlpatterns(),
            path(f"<{self.pk_path_converter}:pk>/status/<str:status>/", view, name="set_status"),
        ]
