"""Publish notifications: who is told when content changes, and what happened each time."""

import secrets

from django.db import models

from api.webhook_targets import validate_webhook_url

EVENTS = [
    ("page_published", "A page was published"),
    ("page_unpublished", "A page was unpublished"),
    ("page_deleted", "A page was deleted"),
    ("page_moved", "A page was moved"),
    ("page_privacy_changed", "A page was made private or public"),
    ("collection_privacy_changed", "A collection was made private or public"),
    ("faq_changed", "An FAQ was changed"),
    ("settings_changed", "The practice details were changed"),
    ("image_changed", "An image was changed"),
    ("document_changed", "A document was changed"),
    ("redirect_changed", "A redirect was changed"),
    ("response_changed", "A visitor response was approved, replied to or removed"),
    ("response_withdrawn", "A visitor response was removed from public view"),
]


def new_secret() -> str:
    return secrets.token_urlsafe(32)


class WebhookSubscriber(models.Model):
    """A site (a partner, a directory, a CDN purger) told by a signed POST when content changes."""

    name = models.CharField(max_length=100, help_text="Who this is, e.g. 'Partner clinic site'.")
    url = models.URLField(
        validators=[validate_webhook_url],
        help_text=(
            "The address that receives the POST (https preferred), on the public internet: "
            "addresses of private networks are refused."
        ),
    )
    secret = models.CharField(
        max_length=100,
        default=new_secret,
        help_text=(
            "Shared secret: each POST carries X-CMS-Timestamp and X-CMS-Signature: "
            'sha256=HMAC(secret, "<timestamp>.<body>"); refuse timestamps over 5 minutes old.'
        ),
    )
    is_active = models.BooleanField(default=True, help_text="Untick to pause notifications.")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = "webhook subscriber"

    def __str__(self):
        return self.name


class WebhookDelivery(models.Model):
    """One notification sent (or tried) to one subscriber, kept for the owner to inspect."""

    subscriber = models.ForeignKey(
        WebhookSubscriber,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="deliveries",
        help_text="Empty for the site's own frontend (configured by FRONTEND_PURGE_URL).",
    )
    url = models.URLField(help_text="Where it was sent.")
    event = models.CharField(max_length=40, choices=EVENTS, help_text="What happened.")
    payload = models.JSONField(help_text="The JSON body that was sent.")
    attempts = models.PositiveSmallIntegerField(default=0, help_text="Tries made.")
    succeeded = models.BooleanField(default=False, help_text="A 2xx answer was received.")
    status_code = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="HTTP status of the last try."
    )
    error = models.CharField(max_length=500, blank=True, help_text="Why the last try failed.")
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "webhook delivery"
        verbose_name_plural = "webhook deliveries"

    def __str__(self):
        return f"{self.event} -> {self.url}"


class StoredPageAnswer(models.Model):
    """A live page's whole public answer (every field, as its detail shows it), built once
    and read by every request the response cache has not seen (`api.stored_answers`).

    Kept as JSON text, not a JSON column: PostgreSQL's jsonb would reorder its keys.
    """

    page = models.OneToOneField(
        "wagtailcore.Page", primary_key=True, on_delete=models.CASCADE, related_name="+"
    )
    site_id = models.PositiveIntegerField(help_text="The site the answer was built for.")
    url_path = models.TextField(db_index=True, help_text="The page's url_path when built.")
    fingerprint = models.CharField(
        max_length=16, help_text="The code and settings the answer was built with."
    )
    answer = models.TextField(help_text="The answer's JSON.")
    built_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "stored page answer"

    def __str__(self):
        return f"Stored answer of page {self.page_id}"
