"""Visitors' forms sent on to the API: responses ("Leave a Reply") and appointment requests.

The views (frontend_templates.views) call these functions. A form is checked with the site's
Django form, then sent through client.py with the visitor's address.

Pages are kept whole and shown to every visitor alike (frontend_templates.page_cache), so
their forms carry no token: site.js fetches the API's signed timestamp and this site's
CSRF token from /_forms/token/ when the visitor starts filling a form in. A form that
arrives without them (no JavaScript, or a forged post from another site) is not sent: it
comes back, uncached, with what the visitor wrote and both tokens, and one more press of
the button sends it. So a cross-site post never reaches the API, and the API's age check
still counts from the moment this visitor got a token. After success the
visitor is sent back to the page, which then says what became of the form (POST/Redirect/GET);
otherwise they get a `Retry`: the form again with their input, each error next to its field,
and the HTTP status (400, 429 with Retry-After, or 503 when the API is away); a page
that takes no responses is a 403, a page that is gone a 404.
"""

import logging
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.middleware.csrf import CsrfViewMiddleware

from frontend_templates import client
from frontend_templates.client_address import client_ip
from frontend_templates.forms import ContactForm, GuardedForm, ResponseForm

logger = logging.getLogger(__name__)
RESPONSE_HELD = "Thank you! Your response is awaiting moderation."
UNCHECKED = "This form could not be checked just now; please send it again."
CONFIRM = "Please check what you wrote, then send the form again to confirm."
API_AWAY = (
    "Sorry, your form could not be sent just now. What you wrote is still here: "
    "please send it again in a minute."
)
# What the page is asked to say after a redirect: ?response=pending, ?request=sent.
RESPONSE_DONE = ("response", "pending")
REQUEST_DONE = ("request", "sent")


@dataclass
class Retry:
    """A form shown to the visitor again: their input and its errors, and the HTTP status."""

    form: GuardedForm
    status: int = 400
    retry_after: str = ""


def csrf_passes(request) -> bool:
    """Django's own CSRF check, run here: the form views are exempt from the middleware's
    so that a post without the token can be answered with the confirmation step."""
    return CsrfViewMiddleware(lambda request: None).process_view(request, None, (), {}) is None


def confirmation(request, form: GuardedForm) -> Retry | None:
    """The form again with fresh tokens when it came without them (see the module), else None.

    Its field errors are shown as well; without any, the visitor is asked to confirm.
    """
    if csrf_passes(request) and form.data.get("form_token"):
        return None
    form.renew_token()
    if not form.data["form_token"]:
        form.add_error(None, UNCHECKED)
        return Retry(form, 503, str(settings.RETRY_AFTER_SECONDS))
    if form.errors:
        return Retry(form)
    form.notice = CONFIRM
    return Retry(form, 200)


def done(request, flag: tuple[str, str]) -> bool:
    """Whether the page is shown after a redirect that says `flag`."""
    return request.GET.get(flag[0]) == flag[1]


def page_forms(request, page: dict, retry: Retry | None = None):
    """The template context of a page's forms: `retry`'s form, or blank ones.

    A blank form carries no token (the page is the same for every visitor; see the module).
    After a redirect, the page says what became of the visitor's form.
    """
    context = {retry.form.context_name: retry.form} if retry else {}
    if "form_fields" in page and "form" not in context:
        if done(request, REQUEST_DONE):
            context["request_sent"] = True
        else:
            context["form"] = ContactForm(page["form_fields"])
    if page.get("allow_responses") and "response_form" not in context:
        context["response_form"] = ResponseForm(initial={"page": page["id"]})
        if done(request, RESPONSE_DONE):
            context["response_status"] = RESPONSE_HELD
    return context


def after(page: dict, flag: tuple[str, str], anchor: str) -> str:
    """Where the visitor goes after sending a form: back to the page, which says so.

    The anchor replaces the form's own (its error summary), which a redirect would keep.
    """
    return f"{page['meta'].get('path') or '/'}?{flag[0]}={flag[1]}{anchor}"


def send(request, form: GuardedForm, endpoint: str, next_url: str) -> str | Retry:
    """Send a visitor's form to the API: `next_url` when it took it, else the form again."""
    form.is_valid()
    retry = confirmation(request, form)
    if retry is not None:
        return retry
    if form.errors:
        return Retry(form)
    try:
        client.submit(endpoint, form.payload(), visitor_ip=client_ip(request))
    except client.Refused as refusal:
        if refusal.status == 403:
            raise PermissionDenied(refusal.message) from refusal
        if refusal.status == 404:
            raise Http404(refusal.message) from refusal
        if not form.add_api_errors(refusal):
            form.renew_token()  # the API refused the form itself (e.g. its token), not a field
        return Retry(form, refusal.status, refusal.retry_after)
    except client.Unavailable as error:
        logger.warning("A visitor's form to %s was not sent: %s", endpoint, error)
        form.add_error(None, API_AWAY)
        return Retry(form, 503, str(settings.RETRY_AFTER_SECONDS))
    return next_url


def send_response(request) -> tuple[dict, str | Retry]:
    """A response from a page's "Leave a Reply" form: that page, and what comes next."""
    form = ResponseForm(request.POST)
    form.is_valid()  # cleans every field, the page's id among them
    page_id = form.cleaned_data.get("page")
    if page_id is None:
        raise Http404("a response names the page it was left on")
    try:
        page = client.page_by_id(page_id)
    except client.NotFound as error:
        raise Http404(f"no page {page_id} to respond to") from error
    return page, send(request, form, "responses/", after(page, RESPONSE_DONE, "#respond"))


def send_appointment_request(request, page: dict) -> str | Retry:
    """An appointment request from the contact page's form: what comes next."""
    form = ContactForm(page["form_fields"], request.POST)
    next_url = after(page, REQUEST_DONE, "#request-sent")
    return send(request, form, f"forms/{page['id']}/", next_url)
