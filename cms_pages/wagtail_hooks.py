"""Admin customisation: FAQs grouped in one menu, moderation of visitors' responses, the
follow-up of appointment requests and the dashboard's count of both (cms_pages.admin), and
Settings > Personal data (with its audit-log actions)."""

from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.permissions import register_permission_policy
from wagtail.snippets.bulk_actions.snippet_bulk_action import SnippetBulkAction
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from cms_pages.admin import appointments
from cms_pages.admin.dashboard import WaitingForYouPanel
from cms_pages.admin.permissions import SentByVisitorsPolicy
from cms_pages.admin.responses import ResponseViewSet
from cms_pages.models import FAQ, AppointmentRequest, FAQCategory, Response
from cms_pages.personal_data import audit
from cms_pages.personal_data.views import PERMISSION, PersonalDataView
from cms_pages.services import response_moderate

# Before any viewset asks for them (Wagtail would otherwise create its fallback policies).
register_permission_policy(Response, SentByVisitorsPolicy(Response))
register_permission_policy(AppointmentRequest, SentByVisitorsPolicy(AppointmentRequest))


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


register_snippet(ResponseViewSet)


@hooks.register("register_admin_viewset")
def register_appointment_requests():
    return appointments.AppointmentRequestViewSet("appointment_requests")


@hooks.register("register_actions")
def register_appointment_request_actions(registry):
    registry.register(AppointmentRequest, appointments.AppointmentRequestEditAction)


class ModerateBulkAction(SnippetBulkAction):
    """Set the status of the selected responses (Akismet learns from the decision)."""

    models = [Response]
    status = ""
    template_name = "cms_pages/bulk_actions/confirm_moderate.html"

    def check_perm(self, snippet):
        return self.permission_policy.user_has_permission_for_instance(
            self.request.user, "change", snippet
        )

    @classmethod
    def execute_action(cls, objects, user=None, **kwargs):
        for response in objects:
            response_moderate(response=response, status=cls.status)
        return len(objects), 0

    def get_success_message(self, num_parent_objects, num_child_objects):
        return f"{num_parent_objects} response(s) marked {self.display_name.lower()}."


@hooks.register("register_bulk_action")
class ApproveBulkAction(ModerateBulkAction):
    display_name = "Approve"
    action_type = "approve"
    aria_label = "Approve selected responses"
    status = Response.Status.APPROVED
    action_priority = 10


@hooks.register("register_bulk_action")
class SpamBulkAction(ModerateBulkAction):
    display_name = "Spam"
    action_type = "spam"
    aria_label = "Mark selected responses as spam"
    status = Response.Status.SPAM
    action_priority = 20


@hooks.register("construct_homepage_panels")
def add_waiting_for_you_panel(request, panels):
    panels.append(WaitingForYouPanel())


@hooks.register("register_admin_urls")
def register_personal_data_url():
    return [path("personal-data/", PersonalDataView.as_view(), name="cms_pages_personal_data")]


class PersonalDataMenuItem(MenuItem):
    """Settings > Personal data, for those allowed to export and erase it."""

    def is_shown(self, request):
        return request.user.has_perm(PERMISSION)


@hooks.register("register_settings_menu_item")
def register_personal_data_menu_item():
    return PersonalDataMenuItem(
        "Personal data", reverse("cms_pages_personal_data"), icon_name="user", order=900
    )


@hooks.register("register_log_actions")
def register_personal_data_log_actions(actions):
    actions.register_action(audit.EXPORT)(audit.ExportFormatter)
    actions.register_action(audit.ERASE)(audit.EraseFormatter)


@hooks.register("register_log_actions")
def register_appointment_request_log_actions(actions):
    actions.register_action(appointments.STATUS_CHANGED)(appointments.StatusChangeFormatter)
