"""The contact page: the practice's appointment request form, and the requests it receives."""

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    TitleFieldPanel,
)
from wagtail.contrib.forms.models import (
    AbstractEmailForm,
    AbstractFormField,
    AbstractFormSubmission,
)
from wagtail.contrib.forms.panels import FormSubmissionsPanel
from wagtail.fields import RichTextField
from wagtail.search import index
from wagtail_headless_preview.models import HeadlessMixin

from cms_pages.personal_data.fields import SealedField
from cms_pages.personal_data.sealing import lookup_hash

from .common import INTRO_FEATURES, tabbed


class ContactFormField(AbstractFormField):
    """One field of the appointment request form, in the order the owner sets."""

    page = ParentalKey("ContactPage", on_delete=models.CASCADE, related_name="form_fields")


class ContactPage(HeadlessMixin, AbstractEmailForm):
    """The appointment request page (`/contact/`), built on Wagtail's form builder.

    The owner chooses the form's fields; requests land in the admin (`AppointmentRequest`,
    sealed at rest) and a notice that one arrived, without its answers, is emailed to the
    address given here.
    """

    introduction = RichTextField(
        features=INTRO_FEATURES,
        blank=True,
        help_text="Text above the form; say that no health details should be sent.",
    )
    thank_you_text = RichTextField(
        features=INTRO_FEATURES,
        blank=True,
        help_text="Shown to the visitor once the request is sent.",
    )

    search_fields = AbstractEmailForm.search_fields + [index.SearchField("introduction")]

    parent_page_types = ["cms_pages.HomePage"]
    subpage_types = []
    max_count = 1

    edit_handler = tabbed(
        (
            "Content",
            [
                FormSubmissionsPanel(),
                TitleFieldPanel("title"),
                FieldPanel("introduction"),
                InlinePanel("form_fields", label="Form field"),
                FieldPanel("thank_you_text"),
                MultiFieldPanel(
                    [
                        FieldRowPanel([FieldPanel("from_address"), FieldPanel("to_address")]),
                        FieldPanel("subject"),
                    ],
                    heading="Email",
                ),
            ],
        ),
    )

    class Meta:
        verbose_name = "contact page"

    def get_submission_class(self):
        return AppointmentRequest

    def get_data_fields(self):
        return [*super().get_data_fields(), ("status", "Status")]

    def process_form_submission(self, form):
        """Store the request and queue the owner's notice.

        Never Wagtail's own email (AbstractEmailForm.send_mail), which carries every answer:
        a visitor's phone number and health details stay in the admin.
        """
        from cms_pages import tasks  # the tasks import the models

        submission = self.get_submission_class().objects.create(
            form_data=form.cleaned_data, page=self
        )
        if self.to_address:
            tasks.email_appointment_request.enqueue(submission.pk)
        return submission


class AppointmentRequest(AbstractFormSubmission):
    """One visitor's appointment request: the contact form's answers and where it stands.

    Wagtail keeps a form's submissions as plain JSON (FormSubmission); these may carry a
    phone number and health details, so ContactPage stores them here instead, sealed with
    PERSONAL_DATA_KEY, with the email address as a keyed hash to find a visitor's requests
    again. The owner follows each request up through its status; the retention job deletes
    it after the period set in Practice settings.
    """

    class Status(models.TextChoices):
        NEW = "new", "New"
        CONTACTED = "contacted", "Contacted"
        BOOKED = "booked", "Booked"
        DECLINED = "declined", "Declined"

    page = models.ForeignKey(
        "wagtailcore.Page",
        on_delete=models.CASCADE,
        help_text="The contact page the request came through.",
    )
    sealed_form_data = SealedField(
        editable=False, help_text="The form's answers (JSON), sealed at rest."
    )
    submit_time = models.DateTimeField(verbose_name="submit time", auto_now_add=True, db_index=True)
    status = models.CharField(
        max_length=10,
        choices=Status.choices,
        default=Status.NEW,
        db_index=True,
        help_text="Where the request stands: new, you contacted the visitor, booked, declined.",
    )
    is_spam = models.BooleanField(
        default=False,
        db_index=True,
        help_text="Junk rather than a request: deleted after the spam retention period.",
    )
    email_hash = models.CharField(
        max_length=64,
        blank=True,
        db_index=True,
        editable=False,
        help_text="Keyed hash of the email address given, to find a visitor's requests.",
    )

    class Meta:
        verbose_name = "appointment request"
        permissions = [
            ("manage_personal_data", "Can find, export and erase visitors' personal data")
        ]

    def __str__(self):
        # Audit-log labels and admin titles: none of the answers in them.
        return f"Appointment request #{self.pk} on {self.page.title}"

    @property
    def form_data(self) -> dict:
        """The answers by field name, as Wagtail's submissions have them (replaces its
        plain JSON column)."""
        return json.loads(self.sealed_form_data) if self.sealed_form_data else {}

    @form_data.setter
    def form_data(self, value: dict) -> None:
        self.sealed_form_data = json.dumps(value, cls=DjangoJSONEncoder)

    def get_data(self):
        return {**super().get_data(), "status": self.get_status_display()}

    def visitor_email(self) -> str:
        """The address given in the form's email field (the first, if there are several)."""
        names = ContactFormField.objects.filter(
            page_id=self.page_id, field_type="email"
        ).values_list("clean_name", flat=True)
        data = self.form_data
        return next((str(data[name]) for name in names if data.get(name)), "")

    def save(self, *args, **kwargs):
        if self._state.adding:  # the answers never change afterwards
            email = self.visitor_email()
            self.email_hash = lookup_hash(email) if email else ""
        super().save(*args, **kwargs)
