"""Write paths for visitors' submissions: a response on a page, an appointment request.

Keyword-only functions called by the API's views after they have validated the input's
shape; they apply the spam layers (cms_pages.spam), store, and notify the owner.
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.utils import timezone
from wagtail.models import Page

from cms_pages import spam
from cms_pages.models import ContactPage, PracticeSettings, Response

DUPLICATE_WINDOW = datetime.timedelta(hours=24)
HELD_MESSAGE = "Thank you! Your response is awaiting moderation."


def responses_open_on(page: Page) -> bool:
    """Whether visitors may respond: a live, public page with responses switched on."""
    specific = page.specific
    return (
        page.live
        and not page.get_view_restrictions().exists()
        and not (page.expire_at and page.expire_at < timezone.now())
        and getattr(specific, "allow_responses", False)
    )


def owner_email() -> str:
    return settings.OWNER_NOTIFY_EMAIL or (
        PracticeSettings.objects.values_list("email", flat=True).first() or ""
    )


def notify_owner_of_response(response: Response) -> None:
    recipient = owner_email()
    if not recipient:
        return
    moderate = f"{settings.WAGTAILADMIN_BASE_URL}/admin/snippets/cms_pages/response/"
    send_mail(
        subject=f"New response on “{response.page.title}” awaiting moderation",
        message=(
            f"{response.name} wrote on “{response.page.title}”:\n\n{response.text}\n\n"
            f"{'Held because: ' + response.held_because if response.held_because else ''}\n"
            f"Approve or mark as spam: {moderate}\n"
        ),
        from_email=settings.DEFAULT_FROM_EMAIL,
        recipient_list=[recipient],
    )


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
    one; Akismet's "spam" is stored as spam, and an Akismet outage holds the response as
    pending with the reason noted.
    """
    if not responses_open_on(page):
        raise spam.SubmissionRefused("Responses are not open on this page.", status=403)
    spam.check_form_token(form_token)
    spam.check_rate_limit("response", ip_address)
    digest = spam.fingerprint(page.pk, email, text)
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
    if response.status != Response.Status.SPAM:
        verdict = spam.akismet_verdict(
            ip_address=ip_address,
            user_agent=user_agent,
            kind="comment",
            name=name,
            email=email,
            text=text,
        )
        if verdict == "spam":
            response.status = Response.Status.SPAM
            reasons.append("Akismet says spam")
        elif verdict == spam.AKISMET_UNAVAILABLE:
            reasons.append("Akismet was unavailable")
    response.held_because = "; ".join(reasons)
    response.save()
    if response.status == Response.Status.PENDING:
        notify_owner_of_response(response)
    return response, True


def response_moderate(*, response: Response, status: str) -> None:
    """Set a response's status; tell Akismet when the owner overrules spam or not-spam."""
    was_spam = response.status == Response.Status.SPAM
    response.status = status
    response.save(update_fields=["status"])
    is_spam = status == Response.Status.SPAM
    if is_spam != was_spam:
        spam.report_to_akismet(
            is_spam=is_spam,
            ip_address=response.ip_address,
            user_agent=response.user_agent,
            name=response.name,
            email=response.email,
            text=response.text,
        )


def appointment_request_submit(
    *,
    page: ContactPage,
    data: dict,
    honeypot: str,
    form_token: str,
    ip_address: str | None,
    user_agent: str,
):
    """Validate the contact form against the owner's fields and store the request.

    Raises ValidationError with field errors. Stored requests appear under the page's form
    submissions in the admin and are emailed to the page's address, unless Akismet calls
    them spam (then they are stored but not emailed). A honeypot hit stores nothing.
    """
    spam.check_form_token(form_token)
    spam.check_rate_limit("appointment", ip_address)
    form = page.get_form(data, page=page, user=None)
    if not form.is_valid():
        raise ValidationError(form.errors)
    if honeypot:
        return None
    text = "\n".join(f"{key}: {value}" for key, value in form.cleaned_data.items())
    verdict = spam.akismet_verdict(
        ip_address=ip_address,
        user_agent=user_agent,
        kind="contact-form",
        name=str(form.cleaned_data.get("name", "")),
        email=str(form.cleaned_data.get("email", "")),
        text=text,
    )
    if verdict == "spam":
        return page.get_submission_class().objects.create(form_data=form.cleaned_data, page=page)
    return page.process_form_submission(form)
