"""What search engines and link previews read: head tags, JSON-LD, sitemap and robots.txt."""

import xml.etree.ElementTree as ET

import requests

from tests.frontend.html import json_ld, parse

SITE = "https://www.massageaha.example"
SERVICE = "/services/craniosacral-massage/"
SITEMAP_NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def meta(html, **attrs) -> str:
    return html.find("meta", attrs=attrs)["content"]


def test_a_service_page_has_title_description_canonical_and_social_tags(site, live_backend):
    api = requests.get(
        f"{live_backend.api_url}pages/find/", params={"html_path": SERVICE}, timeout=10
    ).json()
    html = parse(site.get(SERVICE))

    assert html.title.get_text() == "CranioSacral Massage | Massage Aha!"
    assert meta(html, name="description") == api["meta"]["search_description"]
    assert html.find("link", rel="canonical")["href"] == SITE + SERVICE
    assert meta(html, property="og:url") == SITE + SERVICE
    assert meta(html, property="og:title") == "CranioSacral Massage | Massage Aha!"
    assert meta(html, property="og:type") == "article"
    assert meta(html, property="og:image") == api["image"]["src"]
    assert meta(html, property="og:image:alt") == "client receiving craniosacral massage therapy"
    assert meta(html, name="twitter:card") == "summary_large_image"
    assert meta(html, name="robots") == "index, follow"


def test_pages_embed_the_json_ld_the_api_provides(site, live_backend):
    for path in ("/", SERVICE, "/faq/"):
        api = requests.get(
            f"{live_backend.api_url}pages/find/", params={"html_path": path}, timeout=10
        ).json()
        assert json_ld(site.get(path)) == api["json_ld"]
    types = [item["@type"] for item in json_ld(site.get("/"))]
    assert "HealthAndBeautyBusiness" in types


def test_the_sitemap_lists_every_live_page_from_the_api(site, live_backend):
    listing = requests.get(
        f"{live_backend.api_url}pages/",
        params={"fields": "_,path,last_published_at", "limit": 50},
        timeout=10,
    ).json()
    response = site.get("/sitemap.xml")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    sitemap = ET.fromstring(response.content)  # noqa: S314 - the site's own sitemap
    urls = sitemap.findall("s:url", SITEMAP_NS)
    locations = [url.find("s:loc", SITEMAP_NS).text for url in urls]
    assert locations == [SITE + item["meta"]["path"] for item in listing["items"]]
    assert len(locations) == 12 and SITE + SERVICE in locations
    lastmod = urls[0].find("s:lastmod", SITEMAP_NS).text
    assert lastmod == listing["items"][0]["meta"]["last_published_at"][:10]


def test_robots_txt_points_at_the_sitemap_and_keeps_previews_out(site):
    response = site.get("/robots.txt")
    assert response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert "Disallow: /preview/" in lines
    assert f"Sitemap: {SITE}/sitemap.xml" in lines
