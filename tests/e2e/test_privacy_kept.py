"""Nothing private kept: a page made private is gone from every copy the site keeps, last good
copies included, so that an API outage cannot bring it back.

The site here is a gunicorn process of its own (two workers sharing a file cache, or Redis)
reading the live backend through an API proxy that can turn failing, and purged by the changes
a `manage.py shell` makes. The private page is seen first on its own address, in the services
list, in another service's "More to explore", in the sitemap and in search results; after the
change, with the API failing, it is on none of them (its own address is a 404 or the 503 page).
"""

import textwrap
import uuid
from dataclasses import dataclass
from urllib.parse import quote

import pytest
import requests

from tests.e2e.changes import wait_for_search_indexing
from tests.e2e.conftest import serve_site, site_env
from tests.frontend.servers import APIProxy, free_port
from tests.waiting import wait_until


@dataclass
class ProxiedAPISite:
    """A site whose API can be made to fail (`api.mode = "failing"`)."""

    url: str
    api: APIProxy


@dataclass
class PrivatePage:
    """A new service page `private`, linked from another new service page `neighbour`."""

    title: str
    path: str
    neighbour_path: str
    slug: str


@pytest.fixture(scope="module")
def own_site(live_backend, tmp_path_factory) -> ProxiedAPISite:
    workdir = tmp_path_factory.mktemp("site-privacy")
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    with APIProxy(live_backend.url) as api:
        process = serve_site(workdir, port, site_env(workdir, api.url, live_backend.url, url), 2)
        try:
            yield ProxiedAPISite(url=url, api=api)
        finally:
            process.terminate()
            process.wait(timeout=15)


@pytest.fixture
def site(own_site) -> ProxiedAPISite:
    own_site.api.mode = "pass"
    yield own_site
    own_site.api.mode = "pass"


def change(live_backend, site: ProxiedAPISite, code: str) -> str:
    """Run `code` in a backend shell whose changes purge this test's site (not `live_site`)."""
    return live_backend.shell(
        textwrap.dedent(code),
        notify_site=True,
        extra_env={"FRONTEND_URL": site.url, "FRONTEND_PURGE_URL": f"{site.url}/_cms/purge/"},
    )


def visit(site: ProxiedAPISite, path: str) -> requests.Response:
    return requests.get(site.url + path, timeout=10, allow_redirects=False)


def addresses(page: PrivatePage) -> list[str]:
    return [
        page.path,
        page.neighbour_path,
        "/",
        "/services/",
        "/sitemap.xml",
        f"/search/?q={quote(page.slug)}",
    ]


def shows(answer: requests.Response, page: PrivatePage) -> bool:
    """Whether an answer shows the page: its title, or its address in the sitemap."""
    return page.title in answer.text or f"{page.path}</loc>" in answer.text


def seen_everywhere(live_backend, site: ProxiedAPISite) -> PrivatePage:
    """Publish the two pages, then visit every address that shows the private one."""
    slug = f"kept-private-{uuid.uuid4().hex[:8]}"
    page = PrivatePage(
        title=f"Private treatment {slug}",
        path=f"/services/{slug}/",
        neighbour_path=f"/services/{slug}-neighbour/",
        slug=slug,
    )
    change(
        live_backend,
        site,
        f"""
        from cms_pages.models import ServiceIndexPage, ServicePage, ServiceRelatedPage
        index = ServiceIndexPage.objects.get()
        private = ServicePage(title="{page.title}", slug="{slug}", summary="Soon private.",
                              introduction="<p>Soon private.</p>")
        index.add_child(instance=private)
        private.save_revision().publish()
        neighbour = ServicePage(title="Its neighbour", slug="{slug}-neighbour", summary="Next.",
                                introduction="<p>Next.</p>")
        neighbour.related_pages = [ServiceRelatedPage(related_page=private)]
        index.add_child(instance=neighbour)
        neighbour.save_revision().publish()
        """,
    )
    wait_for_search_indexing(live_backend)
    search_api = f"{live_backend.api_url}search/?q={slug}"
    wait_until(
        lambda: slug in requests.get(search_api, timeout=10).text,
        timeout=15,
        what=f"the API's search finding {slug} once indexed",
    )
    for path in addresses(page):
        if path != "/":  # not a featured service
            shown = visit(site, path)
            assert shown.status_code == 200, path
            assert shows(shown, page), path
    return page


def make_private(live_backend, site: ProxiedAPISite, page: PrivatePage) -> None:
    change(
        live_backend,
        site,
        f"""
        from wagtail.models import Page, PageViewRestriction
        page = Page.objects.get(slug="{page.slug}")
        PageViewRestriction.objects.create(page=page, restriction_type="password", password="x")
        """,
    )


@pytest.mark.parametrize("api_fails", ["after the change", "before the change"])
def test_a_page_made_private_is_gone_everywhere_while_the_api_fails(live_backend, site, api_fails):
    page = seen_everywhere(live_backend, site)

    if api_fails == "before the change":  # the purge's renders cannot reach the API either
        site.api.mode = "failing"
    make_private(live_backend, site, page)
    site.api.mode = "failing"
    answers = {path: visit(site, path) for path in addresses(page)}

    assert answers[page.path].status_code in (404, 503)
    assert {
        path: answer.status_code for path, answer in answers.items() if shows(answer, page)
    } == {}
