"""The page types the browser tests visit, by name, the 500 page rendered in-process, and a
reply form sent back with errors."""

import requests
from bs4 import BeautifulSoup
from django.test import RequestFactory

from frontend_templates import errors

PAGE_TYPES = {
    "home": "/",
    "services-index": "/services/",
    "service": "/services/craniosacral-massage/",
    "faq": "/faq/",
    "standard": "/about/",
    "privacy": "/privacy/",  # a standard page with the periods kept, as a table
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


def reply_sent_back_with_errors(site_url: str) -> str:
    """The service page as the site answers a reply it refuses (an email without a domain)."""
    with requests.Session() as browser:
        page = BeautifulSoup(browser.get(site_url + SERVICE, timeout=10).text, "html.parser")
        form = page.find("form", class_="form", method="post")
        data = {field["name"]: field.get("value", "") for field in form.find_all(type="hidden")}
        data |= {"comment": "Lovely.", "name": "Robin", "email": "robin@example"}
        answer = browser.post(site_url + form["action"], data=data, timeout=10)
    assert answer.status_code == 400
    return answer.text
