"""Visitors' responses (comments) on pages, held for the owner to moderate."""

from django.core.validators import validate_email
from django.db import models
from django.utils import timezone

from cms_pages.personal_data.fields import SealedField
from cms_pages.personal_data.sealing import lookup_hash


class Response(models.Model):
    """A visitor's response to a page; shown only once the owner approves it.

    The email address is kept for the owner alone and never published; it, the visitor's IP
    address and user agent are sealed at rest, and the address is found again by its keyed
    hash (`email_hash`). The owner may add one reply, shown under the response.
    """

    class Status(models.TextChoices):
        PENDING = "pending", "Awaiting moderation"
        APPROVED = "approved", "Approved"
        SPAM = "spam", "Spam"

    page = models.ForeignKey(
        "wagtailcore.Page",
        on_delete=models.CASCADE,
        related_name="responses",
        help_text="The page the response was left on.",
    )
    name = models.CharField(max_length=80, help_text="The name the visitor gave (published).")
    email = SealedField(
        validators=[validate_email], help_text="The visitor's email address (never published)."
    )
    email_hash = models.CharField(
        max_length=64,
        blank=True,
        db_index=True,
        editable=False,
        help_text="Keyed hash of the email address, to find a visitor's responses.",
    )
    website = models.URLField(blank=True, help_text="The visitor's website, if given.")
    text = models.TextField(max_length=3000, help_text="What the visitor wrote (plain text).")
    status = models.CharField(
        max_length=10,
        choices=Status.choices,
        default=Status.PENDING,
        db_index=True,
        help_text="Only approved responses are shown on the site.",
    )
    reply = models.TextField(
        max_length=3000, blank=True, help_text="Your reply, shown under the response."
    )
    replied_at = models.DateTimeField(null=True, blank=True, editable=False)
    submitted_at = models.DateTimeField(default=timezone.now, db_index=True, editable=False)
    ip_address = SealedField(
        blank=True,
        editable=False,
        help_text="The visitor's IP address, erased after the retention period.",
    )
    user_agent = SealedField(
        blank=True,
        editable=False,
        help_text="The visitor's browser, erased after the retention period.",
    )
    fingerprint = models.CharField(
        max_length=64,
        db_index=True,
        editable=False,
        help_text="Keyed hash of the page, email address and text: the same response twice.",
    )
    held_because = models.CharField(
        max_length=300, blank=True, editable=False, help_text="Why the spam checks held it."
    )

    class Meta:
        ordering = ["-submitted_at"]
        verbose_name = "visitor response"

    def __str__(self):
        # Audit-log labels and admin titles: no visitor's name in them.
        return f"Response #{self.pk} on {self.page.title}"

    def save(self, *args, **kwargs):
        self.email_hash = lookup_hash(self.email) if self.email else ""
        if self.reply and not self.replied_at:
            self.replied_at = timezone.now()
        super().save(*args, **kwargs)
