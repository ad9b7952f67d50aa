"""Work a visitor's request must not wait for, run by the task worker (`run_worker`).

Arguments are ids only: the queue lives in the database, and visitors' personal data must
not be copied into it. Results carry no personal data either.
"""

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django_tasks import task
from wagtail.contrib.forms.models import FormSubmission

from cms_pages import spam
from cms_pages.models import PracticeSettings, Response

AKISMET_REASONS = {"spam": "Akismet says spam", spam.AKISMET_UNAVAILABLE: "Akismet was unavailable"}


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
    """Send the owner the appointment request, field by field, as Wagtail's form pages do."""
    submission = FormSubmission.objects.filter(pk=submission_id).select_related("page").first()
    if submission is None:
        return
    page = submission.page.specific
    recipients = [address.strip() for address in page.to_address.split(",") if address.strip()]
    if not recipients:
        return
    data = submission.get_data()
    lines = [f"{field.label}: {data.get(field.clean_name, '')}" for field in page.get_form_fields()]
    send_mail(
        subject=page.subject or f"Appointment request from {page.title}",
        message="\n".join(lines),
        from_email=page.from_address or settings.DEFAULT_FROM_EMAIL,
        recipient_list=recipients,
    )
