"""The sitemap endpoint: every public page's path and last publication, 1,000 at a time."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import ServicePageFactory

pytestmark = pytest.mark.django_db


def test_the_sitemap_lists_the_sites_public_pages_in_tree_order(api, demo_content):
    answer = api.json("sitemap/")
    listing = api.json("pages/?fields=_,path,last_published_at&limit=50")

    total = listing["meta"]["total_count"]
    assert answer["meta"] == {"total_count": total, "next": None, "previous": None}
    assert answer["items"] == [
        {"path": item["meta"]["path"], "last_published_at": item["meta"]["last_published_at"]}
        for item in listing["items"]
    ]
    assert answer["items"][0]["path"] == "/"


def test_the_sitemap_pages_by_up_to_a_thousand(api, demo_content):
    index = demo_content.get_children().get(slug="services")
    for n in range(3):
        ServicePageFactory(parent=index, slug=f"extra-{n}")
    total = api.json("sitemap/")["meta"]["total_count"]

    first = api.json("sitemap/?limit=2")
    rest = api.json("sitemap/?limit=1000&offset=2")

    assert [entry["path"] for entry in first["items"] + rest["items"]] == [
        entry["path"] for entry in api.json("sitemap/")["items"]
    ]
    assert first["meta"]["next"].endswith("/api/v2/sitemap/?limit=2&offset=2")
    assert len(rest["items"]) == total - 2


@pytest.mark.parametrize("limit", ["0", "1001", "many"])
def test_a_limit_outside_one_to_a_thousand_is_refused(api, demo_content, limit):
    answer = api.get(f"sitemap/?limit={limit}")
    assert answer.status_code == 400
    assert answer.json() == {"message": "limit must be a whole number between 1 and 1000"}


def test_other_parameters_are_refused(api, demo_content):
    answer = api.get("sitemap/?fields=title")
    assert answer.status_code == 400
    assert answer.json() == {"message": "unknown query parameter: fields"}


def test_the_sitemap_loads_only_what_it_shows_of_each_page(api, demo_content):
    with CaptureQueriesContext(connection) as queries:
        api.json("sitemap/?limit=1000")

    [page_query] = [query["sql"] for query in queries if "LIMIT 1000" in query["sql"]]
    assert '"url_path"' in page_query and '"last_published_at"' in page_query
    assert '"search_description"' not in page_query and '"draft_title"' not in page_query
