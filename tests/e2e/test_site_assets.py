"""Fast by construction: small pages, one small hashed stylesheet, nothing from elsewhere."""

import re

import pytest
import requests
from bs4 import BeautifulSoup

from tests.e2e.pages import PAGE_TYPES

HASHED_STATIC = re.compile(r"^/static/site/[\w-]+\.[0-9a-f]{12}\.(css|js|svg)$")


@pytest.mark.parametrize("path", PAGE_TYPES.values(), ids=PAGE_TYPES.keys())
def test_page_is_small_and_loads_only_the_sites_own_hashed_assets(live_site, path):
    response = requests.get(live_site + path, timeout=10)
    assert len(response.content) < 50_000
    html = BeautifulSoup(response.text, "html.parser")
    assets = [link["href"] for link in html.find_all("link", rel=["stylesheet", "icon"])]
    assets += [script["src"] for script in html.find_all("script", src=True)]
    assert len(assets) == 3
    assert all(HASHED_STATIC.match(asset) for asset in assets), assets
    assert html.find("script", src=True).has_attr("defer")


def test_the_stylesheet_is_small_compressed_and_cached_for_good(live_site):
    html = BeautifulSoup(requests.get(live_site + "/", timeout=10).text, "html.parser")
    stylesheet = html.find("link", rel="stylesheet")["href"]
    response = requests.get(live_site + stylesheet, headers={"Accept-Encoding": "gzip"}, timeout=10)
    assert response.status_code == 200
    assert len(response.content) < 15_000
    assert response.headers["Content-Encoding"] == "gzip"
    assert "immutable" in response.headers["Cache-Control"]
