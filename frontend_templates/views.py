"""The site's pages: every CMS page by its path, search, previews, sitemap and robots.txt.

Visitors' forms come back here too: the contact page's to its own path, responses to
/responses/ (frontend_templates.submissions sends them on to the API). Pages, the sitemap and
robots.txt are the same for every visitor (`shared_page`): their forms carry no token, which
a small script asks /_forms/token/ for (frontend_templates.submissions explains the rest).
"""

from django.conf import settings
from django.http import (
    Http404,
    HttpResponseNotAllowed,
    HttpResponsePermanentRedirect,
    HttpResponseRedirect,
    JsonResponse,
)
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from frontend_templates import client, preview_checks, seo, submissions
from frontend_templates.page_cache import shared_page

PAGE_TEMPLATES = {
    "cms_pages.HomePage": "pages/home_page.html",
    "cms_pages.ServiceIndexPage": "pages/service_index_page.html",
    "cms_pages.ServicePage": "pages/service_page.html",
    "cms_pages.FAQPage": "pages/faq_page.html",
    "cms_pages.StandardPage": "pages/standard_page.html",
    "cms_pages.ContactPage": "pages/contact_page.html",
}
MAX_SEARCH_PAGE = 100


def booking_path(practice: dict) -> str:
    """Where 'Book a session' leads: the online booking page, else the contact page."""
    if practice.get("booking_url"):
        return practice["booking_url"]
    contact = [p for p in practice.get("navigation", []) if p["type"] == "cms_pages.ContactPage"]
    return contact[0]["path"] if contact else ""


def render_page(
    request,
    page: dict,
    *,
    preview: bool = False,
    retry: submissions.Retry | None = None,
    findings: list[preview_checks.Finding] | None = None,
):
    """A CMS page with the template of its type; unknown types are not shown.

    `retry` shows the visitor's form again, with its errors and status; `findings`, a
    preview's "Before you publish" box.
    """
    template = PAGE_TEMPLATES.get(page["meta"]["type"])
    if template is None:
        raise Http404(f"no template for {page['meta']['type']}")
    practice = client.practice()
    context = {
        "page": page,
        "practice": practice,
        "seo": seo.for_page(request, page, practice, preview=preview),
        "current_path": page["meta"].get("path", ""),
        "booking_path": booking_path(practice),
        **submissions.page_forms(request, page, retry),
    }
    if findings is not None:
        context["preview_findings"] = findings
    if page.get("responses"):
        context["response_count"] = page.get("response_count", len(page["responses"]))
    response = render(request, template, context, status=retry.status if retry else 200)
    if preview or retry:
        response["Cache-Control"] = "no-store, private"
    if retry and retry.retry_after:
        response["Retry-After"] = retry.retry_after
    return response


def render_outcome(request, page: dict, outcome: str | submissions.Retry):
    """After a visitor's form: on to the next address, or the page with the form again."""
    if isinstance(outcome, submissions.Retry):
        return render_page(request, page, retry=outcome)
    return HttpResponseRedirect(outcome)


@shared_page(request=submissions.REQUEST_DONE[1], response=submissions.RESPONSE_DONE[1])
@csrf_exempt  # checked by frontend_templates.submissions, which may ask the visitor to confirm
@require_http_methods(["GET", "HEAD", "POST"])
def page(request, path: str = ""):
    """The live page at this path, the owner's redirect from it, or 404.

    A POST is the contact page's appointment request form; other pages take none.
    """
    path = "/" + path
    try:
        found = client.page(path)
    except client.NotFound:
        redirect = client.redirect_for(path)
        if redirect is None:
            raise Http404(f"no page at {path}") from None
        redirect_class = (
            HttpResponsePermanentRedirect if redirect["is_permanent"] else HttpResponseRedirect
        )
        return redirect_class(redirect["location"])
    if request.method == "POST":
        if "form_fields" not in found:
            return HttpResponseNotAllowed(["GET", "HEAD"])
        return render_outcome(request, found, submissions.send_appointment_request(request, found))
    canonical_path = found["meta"].get("path")
    if canonical_path and canonical_path != path:
        return HttpResponsePermanentRedirect(canonical_path)
    return render_page(request, found)


@csrf_exempt  # checked by frontend_templates.submissions, which may ask the visitor to confirm
@require_POST
def responses(request):
    """A visitor's response from a page's "Leave a Reply" form."""
    found, outcome = submissions.send_response(request)
    return render_outcome(request, found, outcome)


@never_cache
@require_safe
def form_tokens(request):
    """Fresh tokens for one visitor's form, asked for by site.js when they start filling it in.

    The page itself is the same for everyone and carries none: the API's signed timestamp
    (the form's age is checked when it is sent) and this site's CSRF token (with its cookie).
    Only this site's own scripts can read the answer (no CORS), so it grants nothing to others.
    """
    token = client.form_token()
    if not token:
        message = "The form cannot be checked just now; it will ask you to confirm."
        return JsonResponse({"message": message}, status=503)
    return JsonResponse({"form_token": token, "csrf_token": get_token(request)})


@require_safe
def preview(request):
    """The owner's draft behind a preview token, framed by the CMS admin; never cached.

    Above the draft, what to fix before publishing (frontend_templates.preview_checks), found
    in the draft as the public would get it. Only the CMS admin may frame it
    (frontend_templates.middleware).
    """
    content_type, token = request.GET.get("content_type", ""), request.GET.get("token", "")
    if not content_type or not token:
        raise Http404("a preview needs a content type and a token")
    try:
        draft = client.preview(content_type, token)
        as_published = render_page(request, draft, preview=True).content
        findings = preview_checks.review(
            draft, as_published, budget_bytes=settings.PAGE_HTML_BUDGET_BYTES
        )
        response = render_page(request, draft, preview=True, findings=findings)
    except (client.NotFound, client.BadQuery):
        practice = client.last_known_practice()
        context = {"practice": practice, "seo": seo.for_site_view(request, "Preview", practice)}
        response = render(request, "preview_expired.html", context, status=404)
    response["Cache-Control"] = "no-store, private"
    response["X-Robots-Tag"] = "noindex"
    return response


def search_page_number(request) -> int:
    try:
        number = int(request.GET.get("page", "1"))
    except ValueError:
        return 1
    return min(max(number, 1), MAX_SEARCH_PAGE)


@require_safe
def search(request):
    """Search results for ?q=; the visitor's words stay in the box, bad input is explained."""
    query = request.GET.get("q", "").strip()
    number = search_page_number(request)
    results, error = None, ""
    if query:
        try:
            results = client.search(query, offset=(number - 1) * client.SEARCH_PAGE_SIZE)
        except client.BadQuery as refusal:
            error = str(refusal)
    practice = client.practice()
    title = f"Search results for “{query}”" if query else "Search"
    response = render(
        request,
        "search.html",
        {
            "practice": practice,
            "seo": seo.for_site_view(request, title, practice),
            "heading": title,
            "query": query,
            "results": results,
            "error": error,
            "page_number": number,
            "booking_path": booking_path(practice),
        },
    )
    response["Cache-Control"] = "no-cache"
    return response


@shared_page()
@require_safe
def sitemap(request):
    """Every live public page, from the API, with its last publication date."""
    pages = [
        {"loc": seo.absolute_url(request, page["path"]), "lastmod": page.get("last_published_at")}
        for page in client.live_pages()
        if page.get("path")
    ]
    return render(request, "sitemap.xml", {"pages": pages}, content_type="application/xml")


@shared_page()
@require_safe
def robots_txt(request):
    sitemap_url = seo.absolute_url(request, "/sitemap.xml")
    return render(request, "robots.txt", {"sitemap_url": sitemap_url}, content_type="text/plain")
