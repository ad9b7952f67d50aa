"""Appointment requests in the admin: the follow-up list (filters by status, spam and date;
a status button per row) and a read-mostly edit view (answers shown, status and spam set).

Wagtail's form submissions table (Forms > the contact page) still lists every answer and
exports CSV; it has no per-row actions nor columns to extend, so following requests up lives
here, on Wagtail's generic model views, where filters, row buttons, permissions, the edit
form and the audit log come from class attributes.
"""

from django.db import transaction
from wagtail.actions.edit import EditAction
from wagtail.admin.panels import FieldPanel, Panel
from wagtail.admin.ui.tables import BooleanColumn, Column, DateColumn
from wagtail.admin.views.generic import IndexView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.contrib.forms.views import SubmissionsListFilterSet
from wagtail.log_actions import LogFormatter, log

from cms_pages.admin.row_actions import StatusActionsViewSetMixin, StatusButtonsMixin
from cms_pages.models import AppointmentRequest

STATUS_CHANGED = "cms_pages.appointment_request.status"


class AppointmentRequestEditAction(EditAction):
    """Wagtail's edit of a request, plus a Site history entry for a change of status.

    The entry holds the two statuses only ("Status changed from New to Contacted"), against
    the request's label ("Appointment request #12 on Contact"): the follow-up is on record
    and none of the answers is. Registered for the model, so the edit view and the row
    buttons both go through it.
    """

    def execute(self, skip_permission_checks=False):
        stored = AppointmentRequest.objects.values_list("status", flat=True)
        previous = stored.get(pk=self.instance.pk)
        with transaction.atomic():
            instance = super().execute(skip_permission_checks=skip_permission_checks)
            if instance.status != previous:
                log(
                    instance=instance,
                    action=STATUS_CHANGED,
                    user=self.user,
                    data={"from": previous, "to": instance.status},
                )
        return instance


class StatusChangeFormatter(LogFormatter):
    """How a status change reads in Site history and in the request's history."""

    label = "Change appointment request status"

    def format_message(self, log_entry):
        labels = dict(AppointmentRequest.Status.choices)
        before, after = (log_entry.data.get(key, "") for key in ("from", "to"))
        return f"Status changed from {labels.get(before, before)} to {labels.get(after, after)}"


class AppointmentRequestFilterSet(SubmissionsListFilterSet):
    """Wagtail's submission-date range (`date_from`, `date_to`) with status and spam."""

    class Meta:
        model = AppointmentRequest
        fields = ["status", "is_spam"]


def answer_text(value) -> str:
    """One answer as text: several choices joined, as Wagtail's submissions table shows them."""
    return ", ".join(value) if isinstance(value, list) else str(value)


def first_answer(appointment_request: AppointmentRequest) -> str:
    """The form's first answer, in the form's order: the visitor's name on the demo's form."""
    return answer_text(next(iter(appointment_request.form_data.values()), ""))


class AnswersPanel(Panel):
    """The visitor's answers, read-only, labelled as in the contact form."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "cms_pages/panels/answers.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            labels = dict(self.instance.page.specific.get_data_fields())
            context["answers"] = [
                (labels.get(name, name), answer_text(value))
                for name, value in self.instance.form_data.items()
            ]
            return context


class AppointmentRequestIndexView(StatusButtonsMixin, IndexView):
    """The requests listing with a button per status on each row."""


class AppointmentRequestViewSet(StatusActionsViewSetMixin, ModelViewSet):
    """Where the owner follows appointment requests up: new ones first, a click marks one
    contacted, booked or declined, filters find them again. Only the status and the spam flag
    can change; the answers are shown, never edited, and nobody adds a request here."""

    model = AppointmentRequest
    url_prefix = "appointment-requests"
    icon = "calendar-check"
    menu_label = "Requests"
    menu_order = 265
    add_to_admin_menu = True
    copy_view_enabled = False
    index_view_class = AppointmentRequestIndexView
    list_display = [
        "__str__",
        Column("from", label="From", accessor=first_answer),
        DateColumn("submit_time", label="Received", sort_key="submit_time"),
        "status",
        BooleanColumn("is_spam", label="Spam", sort_key="is_spam"),
    ]
    filterset_class = AppointmentRequestFilterSet
    ordering = ["-submit_time"]
    status_buttons = {
        AppointmentRequest.Status.CONTACTED: ("Contacted", "mail"),
        AppointmentRequest.Status.BOOKED: ("Booked", "calendar-check"),
        AppointmentRequest.Status.DECLINED: ("Declined", "cross"),
    }
    panels = [
        AnswersPanel(heading="Answers"),
        FieldPanel("status"),
        FieldPanel("is_spam"),
    ]

    def set_status(self, instance, status, user):
        instance.status = status
        AppointmentRequestEditAction(instance, user=user, log_action=False, clean=False).execute()
