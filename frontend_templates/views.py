"""The site's pages: every CMS page by its path, search, previews, sitemap and robots.txt.

Visitors' forms come back here too: the contact page's to its own path, responses to
/responses/ (frontend_templates.submissions sends them on to the API). Pages, the sitemap and
robots.txt are the same for every visitor (`shared_page`): their forms carry no token, which
a small script asks /_forms/token/ for (frontend_templates.submissions explains the rest).
"""

import math
import re
from dataclasses import dataclass, replace

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
from frontend_templates.page_cache import ANY_VALUE, shared_page

PAGE_TEMPLATES = {
    "cms_pages.HomePage": "pages/home_page.html",
    "cms_pages.ServiceIndexPage": "pages/service_index_page.html",
    "cms_pages.ServicePage": "pages/service_page.html",
    "cms_pages.FAQPage": "pages/faq_page.html",
    "cms_pages.StandardPage": "pages/standard_page.html",
    "cms_pages.ContactPage": "pages/contact_page.html",
}
MAX_SEARCH_PAGE = 100
SERVICES_INDEX = "cms_pages.ServiceIndexPage"
# ?page= of a list: a plain number from 1 (a million pages at most), nothing else.
PAGE_NUMBER = re.compile(r"[1-9][0-9]{0,5}")
PAGE_LINKS_AROUND = 2  # numbered links either side of the current page, besides the ends


def booking_path(practice: dict) -> str:
    """Where 'Book a session' leads: the online booking page, else the contact page."""
    if practice.get("booking_url"):
        return practice["booking_url"]
    contact = [p for p in practice.get("navigation", []) if p["type"] == "cms_pages.ContactPage"]
    return contact[0]["path"] if contact else ""


def requested_page_number(request) -> int | None:
    """The page of a list that ?page= asks for, None without one; any other value than one
    plain number from 1 is no page at all (404)."""
    values = set(request.GET.getlist("page"))
    if not values:
        return None
    value = values.pop()
    if values or not PAGE_NUMBER.fullmatch(value):
        raise Http404("?page= must be one page number")
    return int(value)


@dataclass(frozen=True)
class ServicesPage:
    """One page of the services under a services index, and the way to the others.

    The first is the index's own answer (its first `services`, `services_total` of them in
    all); each later one is a slice of the same size from the API's pages list.
    """

    path: str
    number: int
    last: int
    services: list[dict]

    def url(self, number: int) -> str:
        return self.path if number == 1 else f"{self.path}?page={number}"

    @property
    def previous_url(self) -> str:
        return self.url(self.number - 1) if self.number > 1 else ""

    @property
    def next_url(self) -> str:
        return self.url(self.number + 1) if self.number < self.last else ""

    @property
    def links(self) -> list[dict | None]:
        """The numbered links: the first and last pages and those around this one, None
        where pages are left out."""
        shown = {1, self.last} | set(
            range(self.number - PAGE_LINKS_AROUND, self.number + PAGE_LINKS_AROUND + 1)
        )
        links, previous = [], 0
        for number in sorted(n for n in shown if 1 <= n <= self.last):
            if number > previous + 1:
                links.append(None)
            links.append({"number": number, "url": self.url(number)})
            previous = number
        return links


def services_page(index: dict, number: int) -> ServicesPage:
    """Page `number` of the index's services; 404 past the last."""
    first = index.get("services", [])
    size = len(first)
    total = index.get("services_total", size)
    last = math.ceil(total / size) if size else 1
    if number > last:
        raise Http404(f"the services have {last} page(s)")
    services = first
    if number > 1:
        try:
            services = client.services_under(index["id"], offset=(number - 1) * size, limit=size)
        except (client.NotFound, client.BadQuery):  # e.g. an offset past the API's bound
            services = []
        if not services:
            raise Http404(f"no services on page {number}")
    return ServicesPage(index["meta"].get("path", ""), number, last, services)


def numbered_seo(request, meta: seo.PageMeta, page: dict, listing: ServicesPage, practice):
    """A later page of a list: its own title and canonical address (with its number)."""
    if listing.number == 1:
        return meta
    numbered = f"(page {listing.number} of {listing.last})"
    own_title = page["meta"].get("seo_title")
    return replace(
        meta,
        title=f"{own_title} {numbered}"
        if own_title
        else seo.full_title(f"{page['title']} {numbered}", practice),
        canonical=seo.absolute_url(request, listing.url(listing.number)),
    )


def render_page(
    request,
    page: dict,
    *,
    number: int = 1,
    preview: bool = False,
    retry: submissions.Retry | None = None,
    findings: list[preview_checks.Finding] | None = None,
):
    """A CMS page with the template of its type; unknown types are not shown.

    `number` is the page of its list (the services index's; other types have one page);
    `retry` shows the visitor's form again, with its errors and status; `findings`, a
    preview's "Before you publish" box.
    """
    template = PAGE_TEMPLATES.get(page["meta"]["type"])
    if template is None:
        raise Http404(f"no template for {page['meta']['type']}")
    listing = services_page(page, number) if page["meta"]["type"] == SERVICES_INDEX else None
    if listing is None and number > 1:
        raise Http404(f"{page['meta']['type']} has one page")
    practice = client.practice()
    page_seo = seo.for_page(request, page, practice, preview=preview)
    context = {
        "page": page,
        "practice": practice,
        "seo": numbered_seo(request, page_seo, page, listing, practice) if listing else page_seo,
        "current_path": page["meta"].get("path", ""),
        "booking_path": booking_path(practice),
        "listing": listing,
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


@shared_page(
    request=submissions.REQUEST_DONE[1], response=submissions.RESPONSE_DONE[1], page=ANY_VALUE
)
@csrf_exempt  # checked by frontend_templates.submissions, which may ask the visitor to confirm
@require_http_methods(["GET", "HEAD", "POST"])
def page(request, path: str = ""):
    """The live page at this path, the owner's redirect from it, or 404.

    A POST is the contact page's appointment request form; other pages take none. ?page=
    asks for a later page of the services index's list (?page=1 is the page's own address).
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
    number = requested_page_number(request) or 1
    canonical_path = found["meta"].get("path") or path
    if canonical_path != path or "page" in request.GET and number == 1:
        later = f"?page={number}" if number > 1 else ""
        return HttpResponsePermanentRedirect(canonical_path + later)
    return render_page(request, found, number=number)


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
