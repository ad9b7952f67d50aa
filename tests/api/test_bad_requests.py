"""Bad input is a 4xx with a JSON message, never a 500 (including inputs stock Wagtail
8.0.1 answers with 500)."""

import pytest

pytestmark = pytest.mark.django_db

BAD_REQUESTS = [
    ("pages/?offset=99999999999999999999999", 400),
    ("pages/?offset=-1", 400),
    ("pages/?limit=0", 400),
    ("pages/?limit=51", 400),
    ("pages/?limit=abc", 400),
    ("pages/?search=massage&search_operator=xor", 400),
    ("pages/?search=" + "+".join(["word"] * 300), 400),
    ("pages/?search=%22%22%22%22", 400),
    ("pages/?search=" + "a" * 300, 400),
    ("pages/?fields=title(a(b(c(d))))", 400),
    ("pages/?fields=nonsense", 400),
    ("pages/?fields=((", 400),
    ("pages/?type=cms_pages.Nope", 400),
    ("pages/?type=wagtailimages.Image", 400),
    ("pages/?child_of=99999999999999999999", 400),
    ("pages/?child_of=abc", 400),
    ("pages/?descendant_of=-5", 400),
    ("pages/?order=password", 400),
    ("pages/?unknown=1", 400),
    ("pages/?limit=1&limit=2", 400),
    ("pages/99999999999999999999999/", 404),
    ("pages/null,null/", 404),
    ("faqs/null/", 404),
    ("pages/?last_published_at=", 400),
    ("pages/?alias_of=99999999999999999999", 400),
    ("pages/?type=cms_pages.ServicePage&session_options=x", 400),
    ("pages/find/?html_path=/" + "x" * 300, 400),
    ("pages/find/?id=99999999999999", 400),
    ("images/?offset=18446744073709551616", 400),
    ("images/?search=%27%27", 400),
    ("documents/?search_operator=nand&search=x", 400),
    ("redirects/find/?html_path=/nowhere/", 404),
    ("faqs/?service=abc", 400),
    ("faqs/?service=99999999999999999999", 400),
    ("faqs/?category=" + "c" * 300, 400),
    ("faqs/?colour=red", 400),
    ("faqs/999999/", 404),
    ("search/", 400),
    ("search/?q=", 400),
    ("search/?q=%22%22%22", 400),
    ("search/?q=" + "+".join(["word"] * 40), 400),
    ("search/?q=x&offset=10001", 400),
    ("page_preview/", 400),
    ("page_preview/?content_type=cms_pages.servicepage&token=forged", 404),
    ("page_preview/?content_type=nope&token=forged", 404),
]


@pytest.mark.parametrize("path,status", BAD_REQUESTS)
def test_bad_request_gets_a_json_message(api, demo_content, path, status):
    response = api.get(path)
    assert response.status_code == status, response.content[:300]
    body = response.json()
    assert isinstance(body["message"], str) and body["message"]


def test_page_search_works_with_expiry_excluded(api, demo_content):
    found = api.json("pages/?search=craniosacral")["items"]
    assert "CranioSacral Massage" in [page["title"] for page in found]


def test_only_json_is_rendered(api, demo_content):
    response = api.get("pages/?format=api")
    assert response.status_code in (200, 404)
    assert response["Content-Type"].startswith("application/json")
