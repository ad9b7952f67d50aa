"""/services/ in numbered pages once the practice has more services than the index's own
answer lists: the first page from that answer, each later one from one call to the pages
list, with previous/next links, canonical addresses and the friendly 404 for any other
?page=."""

import uuid

import pytest

from frontend_templates.views import ServicesPage
from tests.e2e.test_html_validity import checked
from tests.frontend.html import main_text, parse, text
from tests.frontend.signing import notification, post_purge
from tests.frontend.wsgi_calls import call, site_application

INDEX = "/services/"
DEMO_SERVICES = 5
LATER = 3  # services on the last page
SITE = "https://www.massageaha.example"  # SITE_URL in tests/frontend/fixtures.py

ADD = """
from cms_pages.models import ServiceIndexPage, ServicePage, SessionOption
index = ServiceIndexPage.objects.get()
for n in range({count}):
    page = ServicePage(
        title=f"Paged Service {{n:02}}",
        slug=f"{prefix}-{{n:02}}",
        summary=f"What paged service {{n:02}} does.",
        introduction="<p>An introduction.</p>",
    )
    index.add_child(instance=page)
    SessionOption.objects.create(page=page, duration_minutes=45, price=70)
    page.save_revision().publish()
"""
RENAME = """
from cms_pages.models import ServicePage
page = ServicePage.objects.get(slug="{slug}")
page.title = "{title}"
page.save_revision().publish()
"""
REMOVE = """
from cms_pages.models import ServicePage
for page in ServicePage.objects.filter(slug__startswith="{prefix}-"):
    page.delete()
"""


class Services:
    """The services the demo's index has while these tests run: the demo's five, then
    enough more for three pages."""

    def __init__(self, size: int, prefix: str):
        self.size, self.prefix = size, prefix
        self.added = 2 * size + LATER - DEMO_SERVICES
        self.titles = [f"Paged Service {n:02}" for n in range(self.added)]

    def first_on_page(self, number: int) -> int:
        """Where page `number` (2 or 3) starts among the added services."""
        return (number - 1) * self.size - DEMO_SERVICES

    def on_page(self, number: int) -> list[str]:
        """The titles of the added services shown on page `number` (2 or 3)."""
        start = self.first_on_page(number)
        return self.titles[start : start + self.size]

    def slug(self, n: int) -> str:
        return f"{self.prefix}-{n:02}"


@pytest.fixture(scope="module")
def services(live_backend):
    """Three pages of services (the last one of LATER), removed after this module."""
    size = int(
        live_backend.shell("from api.service_fields import SERVICES_SHOWN\nprint(SERVICES_SHOWN)")
    )
    found = Services(size, f"paged-{uuid.uuid4().hex[:8]}")
    live_backend.shell(ADD.format(count=found.added, prefix=found.prefix))
    yield found
    live_backend.shell(REMOVE.format(prefix=found.prefix))


def card_titles(response) -> list[str]:
    return [text(h3) for h3 in parse(response).find("ul", class_="cards").find_all("h3")]


def pager(response):
    return parse(response).find("nav", attrs={"aria-label": "Pages of treatments"})


def canonical(response) -> str:
    return parse(response).find("link", rel="canonical")["href"]


@pytest.mark.parametrize(
    ("number", "last", "shown"),
    [
        (1, 1, [1]),
        (1, 3, [1, 2, 3]),
        (2, 9, [1, 2, 3, 4, None, 9]),
        (6, 12, [1, None, 4, 5, 6, 7, 8, None, 12]),
        (12, 12, [1, None, 10, 11, 12]),
    ],
)
def test_the_numbered_links_are_the_ends_and_the_pages_around_this_one(number, last, shown):
    links = ServicesPage(INDEX, number, last, []).links

    assert [link and link["number"] for link in links] == shown
    assert links[0]["url"] == INDEX
    assert links[-1]["url"] == (INDEX if last == 1 else f"{INDEX}?page={last}")


def test_the_demo_services_fit_on_one_page_without_page_links(site):
    """Before `services` adds more (this module's first test)."""
    response = site.get(INDEX)

    assert len(card_titles(response)) == DEMO_SERVICES
    assert pager(response) is None
    assert site.get(f"{INDEX}?page=2").status_code == 404


def test_the_first_page_lists_the_first_services_and_links_the_next(site, services):
    response = site.get(INDEX)

    nav = pager(response)
    assert response.status_code == 200
    assert len(card_titles(response)) == services.size
    assert card_titles(response)[:DEMO_SERVICES] == [
        "Swedish Massage",
        "Deep Tissue Massage",
        "Prenatal Massage",
        "Sports Massage",
        "CranioSacral Massage",
    ]
    assert nav.find("a", rel="prev") is None
    assert nav.find("a", rel="next")["href"] == f"{INDEX}?page=2"
    assert nav.find("a", attrs={"aria-current": "page"})["href"] == INDEX
    assert [text(a) for a in nav.ul.find_all("a")] == ["Page 1", "Page 2", "Page 3"]
    assert canonical(response) == f"{SITE}{INDEX}"


def test_page_two_shows_the_next_services_with_one_call_to_the_api(client, api_proxy, services):
    client.get(INDEX)  # the index and the practice are then in the site's cache
    asked = len(api_proxy.paths_seen)

    response = client.get(f"{INDEX}?page=2")

    nav = pager(response)
    assert response.status_code == 200
    assert card_titles(response) == services.on_page(2)
    assert "What paged service" in main_text(response)
    assert "45 minutes $70" in main_text(response)
    assert nav.find("a", rel="prev")["href"] == INDEX
    assert nav.find("a", rel="next")["href"] == f"{INDEX}?page=3"
    assert nav.find("a", attrs={"aria-current": "page"})["href"] == f"{INDEX}?page=2"
    assert canonical(response) == f"{SITE}{INDEX}?page=2"
    assert parse(response).title.get_text() == "Services (page 2 of 3) | Massage Aha!"
    assert [path.split("?")[0] for path in api_proxy.paths_seen[asked:]] == ["/api/v2/pages/"]


def test_the_last_page_has_the_rest_and_no_next_link(site, services):
    response = site.get(f"{INDEX}?page=3")

    assert card_titles(response) == services.on_page(3)
    assert len(card_titles(response)) == LATER
    assert pager(response).find("a", rel="next") is None
    assert pager(response).find("a", rel="prev")["href"] == f"{INDEX}?page=2"


@pytest.mark.parametrize(
    "query",
    ["page=4", "page=0", "page=-1", "page=abc", "page=2.5", "page=", "page=02", "page=2&page=3"]
    + ["page=99999999", "page=%EF%BC%92"],  # eight digits; a full-width 2
)
def test_any_other_page_number_is_the_friendly_404(site, services, query):
    response = site.get(f"{INDEX}?{query}")

    assert response.status_code == 404
    assert "Page not found" in main_text(response)


def test_page_one_is_the_index_itself(site, services):
    response = site.get(f"{INDEX}?page=1")

    assert response.status_code == 301
    assert response["Location"] == INDEX


def test_pages_without_a_list_have_no_page_two(site, services):
    assert site.get("/faq/?page=2").status_code == 404
    assert site.get("/services/craniosacral-massage/?page=2").status_code == 404


def test_each_page_is_kept_apart_and_made_again_after_a_change(site, live_backend, services):
    app = site_application()
    first, second = call(app, INDEX), call(app, INDEX, query="page=2")
    n = services.first_on_page(2)
    old_title, services.titles[n] = services.titles[n], "Paged Service Renamed"
    live_backend.shell(RENAME.format(slug=services.slug(n), title=services.titles[n]))
    kept = call(app, INDEX, query="utm_source=mail&page=2")
    refused = call(app, INDEX, query="page=abc")

    purged = post_purge(site, notification(paths=[f"{INDEX}{services.slug(n)}/"]))
    again = call(app, INDEX, query="page=2")

    assert second.header("X-Page-Cache") == "miss" and second.content != first.content
    assert kept.header("X-Page-Cache") == "hit" and kept.content == second.content
    assert refused.status == 404 and refused.header("X-Page-Cache") == "pass"
    assert purged.status_code == 204
    assert again.header("X-Page-Cache") == "miss"
    assert card_titles(again) == services.on_page(2)
    assert old_title not in card_titles(again)


def test_every_page_of_services_is_valid_html(site, services, tmp_path):
    for number in (1, 2, 3):
        query = f"?page={number}" if number > 1 else ""
        (tmp_path / f"services-{number}.html").write_bytes(site.get(INDEX + query).content)

    messages, status = checked(tmp_path)

    assert messages == [], messages
    assert status == 0
