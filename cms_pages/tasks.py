"""Work a visitor's request must not wait for, run by the task worker (`run_worker`).

Arguments are ids only: the queue lives in the database, and visitors' personal data must
not be copied into it. Results carry no personal data either. Nor do the owner's emails: they
say that something arrived and link to it in the admin, since mail passes through servers
the practice does not control and stays in mailboxes long after the retention periods.
"""

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django_tasks import task

from cms_pages import spam
from cms_pages.models import AppointmentRequest, PracticeSettings, Response

AKISMET_REASONS = {"spam": "Akismet says spam", spam.AKISMET_UNAVAILABLE: "Akismet was unavailable"}


def owner_email() -> str:
    return settings.OWNER_NOTIFY_EMAIL or (
        PracticeSettings.objects.values_list("email", flat=True).first() or ""
    )


def admin_url(name: str, *args) -> str:
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse(name, args=args)


def notify_owner_of_response(response: Response) -> None:
    """Tell the owner a response awaits moderation: where, why it was held, and the link."""
    recipient = owner_email()
    if not recipient:
        return
    held = f"Held because: {response.held_because}\n" if response.held_because else ""
    moderate = admin_url("wagtailsnippets_cms_pages_response:edit", response.pk)
    send_mail(
        subject=f"New response on “{response.page.title}” awaiting moderation",
        message=(
            f"A visitor left a response on “{response.page.title}”.\n{held}\n"
            f"Read it, then approve it or mark it as spam: {moderate}\n"
        ),
        from_email=settings.DEFAULT_FROM_EMAIL,
        recipient_list=[recipient],
    )


@task()
def screen_response(response_id: int) -> str:
    """Ask Akismet about a new response, then tell the owner if it awaits moderation.

    Returns Akismet's verdict ('ham', 'spam', 'unavailable', or '' when not configured).
    An Akismet outage holds the response as pending with the reason noted: never dropped.
    """
    response = Response.objects.filter(pk=response_id, status=Response.Status.PENDING).first()
    if response is None:  # moderated or removed meanwhile
        return ""
    # Akismet is asked outside any transaction: on SQLite a transaction holds the write lock,
    # and the owner's editor must not wait for a third party.
    verdict = spam.akismet_verdict(
        ip_address=response.ip_address,
        user_agent=response.user_agent,
        kind="comment",
        name=response.name,
        email=response.email,
        text=response.text,
    )
    with transaction.atomic():
        response = (
            Response.objects.select_for_update()
            .select_related("page")
            .filter(pk=response_id, status=Response.Status.PENDING)
            .first()
        )
        if response is None:  # moderated or removed while Akismet was asked
            return verdict
        reason = AKISMET_REASONS.get(verdict)
        if reason:
            response.held_because = "; ".join(filter(None, [response.held_because, reason]))
            if verdict == "spam":
                response.status = Response.Status.SPAM
            response.save(update_fields=["status", "held_because"])
    if response.status == Response.Status.PENDING:
        notify_owner_of_response(response)
    return verdict


@task()
def report_moderation_to_akismet(response_id: int, is_spam: bool) -> None:
    """Tell Akismet the owner's spam / not-spam decision so that it learns."""
    response = Response.objects.filter(pk=response_id).first()
    if response is None:
        return
    spam.report_to_akismet(
        is_spam=is_spam,
        ip_address=response.ip_address,
        user_agent=response.user_agent,
        name=response.name,
        email=response.email,
        text=response.text,
    )


@task()
def email_appointment_request(submission_id: int) -> None:
    """Tell the contact page's addresses that an appointment request arrived, with the link
    to it in the admin; none of its answers (name, phone, health details) go in the email."""
    submission = AppointmentRequest.objects.filter(pk=submission_id).select_related("page").first()
    if submission is None:  # deleted meanwhile
        return
    page = submission.page.specific
    recipients = [address.strip() for address in page.to_address.split(",") if address.strip()]
    if not recipients:
        return
    read = admin_url("appointment_requests:edit", submission.pk)
    send_mail(
        subject=page.subject or f"Appointment request from {page.title}",
        message=(
            f"A new appointment request (#{submission.pk}) arrived through “{page.title}”.\n\n"
            f"Read it in the admin: {read}\n"
        ),
        from_email=page.from_address or settings.DEFAULT_FROM_EMAIL,
        recipient_list=recipients,
    )
