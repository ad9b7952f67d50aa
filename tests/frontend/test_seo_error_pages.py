"""Pages that are no page of the site (errors, search results) are not indexed and name no
address of their own: `noindex`, no canonical link and no og:url, which would otherwise name
the missing or searched-for address as if it were a page worth indexing."""

import pytest
from django.test import Client

from tests.frontend.html import parse
from tests.frontend.servers import RecordedAPI

SITE = "https://www.massageaha.example"


def assert_not_indexed(response, title: str) -> None:
    html = parse(response)
    assert html.title.get_text() == title
    assert html.find("meta", attrs={"name": "robots"})["content"] == "noindex"
    assert html.find("link", rel="canonical") is None
    assert html.find("meta", property="og:url") is None
    assert SITE not in response.content.decode()  # no absolute address of this page at all
    # What a link preview still reads.
    assert html.find("meta", property="og:title")["content"] == title


def test_the_404_page_is_not_indexed_and_names_no_address(site):
    response = site.get("/no-such-page/")

    assert response.status_code == 404
    assert_not_indexed(response, "Page not found | Massage Aha!")


def test_the_500_page_is_not_indexed_and_names_no_address(settings):
    with RecordedAPI({("pages/find/", "/broken/"): {"title": "No meta"}}) as api:
        settings.CMS_API_URL = api.url
        response = Client(raise_request_exception=False).get("/broken/")

    assert response.status_code == 500
    assert_not_indexed(response, "Something went wrong")


def test_the_503_page_is_not_indexed_and_names_no_address(client, settings, closed_api_url):
    settings.CMS_API_URL = closed_api_url

    response = client.get("/services/craniosacral-massage/")

    assert response.status_code == 503
    assert_not_indexed(response, "Back in a moment")


@pytest.mark.parametrize(
    ("words", "title"),
    [
        ("zzzz", "Search results for “zzzz” | Massage Aha!"),
        ("craniosacral", "Search results for “craniosacral” | Massage Aha!"),
    ],
)
def test_search_pages_with_or_without_results_are_not_indexed(site, words, title):
    response = site.get("/search/", {"q": words})

    assert response.status_code == 200
    assert_not_indexed(response, title)


def test_a_page_of_the_site_keeps_its_canonical_address(site):
    html = parse(site.get("/about/"))

    assert html.find("link", rel="canonical")["href"] == f"{SITE}/about/"
    assert html.find("meta", property="og:url")["content"] == f"{SITE}/about/"
    assert html.find("meta", attrs={"name": "robots"})["content"] == "index, follow"
