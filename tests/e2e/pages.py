"""The page types the browser tests visit, by name, and the 500 page rendered in-process."""

from django.test import RequestFactory

from frontend_templates import errors

PAGE_TYPES = {
    "home": "/",
    "services-index": "/services/",
    "service": "/services/craniosacral-massage/",
    "faq": "/faq/",
    "standard": "/about/",
    "contact": "/contact/",
    "contact-sent": "/contact/?request=sent",
    "search-results": "/search/?q=massage",
    "search-refused": "/search/?q=%21%21",
    "not-found": "/no-such-page/",
}
SERVICE = PAGE_TYPES["service"]


def server_error_html() -> str:
    """The 500 page exactly as the site renders it after an unexpected error."""
    return errors.server_error(RequestFactory().get("/broken/")).content.decode()
