"""Write paths for visitors' submissions: a response on a page, an appointment request.

Keyword-only functions called by the API's views after they have validated the input's
shape; they apply the spam layers that need nothing outside this process (cms_pages.spam),
store, and queue the rest (Akismet, the owner's email: cms_pages.tasks), so the visitor's
request never waits for a third party.
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from wagtail.models import Page

from cms_pages import selectors, spam, tasks
from cms_pages.models import ContactPage, Response
from cms_pages.personal_data.sealing import lookup_hash

DUPLICATE_WINDOW = datetime.timedelta(hours=24)
HELD_MESSAGE = "Thank you! Your response is awaiting moderation."


def response_submit(
    *,
    page: Page,
    name: str,
    email: str,
    website: str,
    text: str,
    honeypot: str,
    form_token: str,
    ip_address: str | None,
    user_agent: str,
) -> tuple[Response, bool]:
    """Store a visitor's response for moderation, after the spam layers.

    Returns the response and whether it was stored now. A honeypot hit is stored as spam
    (nothing is lost, nothing is published); the same response sent twice returns the first
    one. A pending response is then screened by Akismet and the owner told, in the queue.
    """
    if not selectors.responses_open_on(page):
        raise spam.SubmissionRefused("Responses are not open on this page.", status=403)
    spam.check_form_token(form_token)
    spam.check_rate_limit("response", ip_address)
    digest = lookup_hash(page.pk, email, text)
    earlier = Response.objects.filter(
        fingerprint=digest, submitted_at__gte=timezone.now() - DUPLICATE_WINDOW
    ).first()
    if earlier:
        return earlier, False
    response = Response(
        page=page,
        name=name,
        email=email,
        website=website,
        text=text,
        ip_address=ip_address,
        user_agent=user_agent[:300],
        fingerprint=digest,
    )
    reasons = []
    if honeypot:
        response.status = Response.Status.SPAM
        reasons.append("hidden honeypot field filled in")
    if spam.count_links(text) > settings.RESPONSE_MAX_LINKS:
        reasons.append(f"more than {settings.RESPONSE_MAX_LINKS} links")
    response.held_because = "; ".join(reasons)
    with transaction.atomic():
        response.save()
        if response.status == Response.Status.PENDING:
            tasks.screen_response.enqueue(response.pk)
    return response, True


def response_moderate(*, response: Response, status: str) -> None:
    """Set a response's status; tell Akismet when the owner overrules spam or not-spam."""
    was_spam = response.status == Response.Status.SPAM
    response.status = status
    response.save(update_fields=["status"])
    is_spam = status == Response.Status.SPAM
    if is_spam != was_spam and settings.AKISMET_API_KEY:
        tasks.report_moderation_to_akismet.enqueue(response.pk, is_spam)


def appointment_request_submit(
    *,
    page: ContactPage,
    data: dict,
    honeypot: str,
    form_token: str,
    ip_address: str | None,
):
    """Validate the contact form against the owner's fields and store the request.

    Raises ValidationError with field errors. Stored requests appear under the page's form
    submissions in the admin, sealed at rest; the page's address is told one arrived, by the
    task queue, without its answers. They are never sent to Akismet or any other third party
    (they may carry health details). A honeypot hit stores nothing.
    """
    spam.check_form_token(form_token)
    spam.check_rate_limit("appointment", ip_address)
    form = page.get_form(data, page=page, user=None)
    if not form.is_valid():
        raise ValidationError(form.errors)
    if honeypot:
        return None
    with transaction.atomic():
        return page.process_form_submission(form)
