"""What each process remembers for one content generation (api.generation_memo): read once
per change, and read again after any change that could alter it."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import Page, PageViewRestriction, Site

from api.caching import content_generation
from cms_pages.models import PracticeSettings

pytestmark = pytest.mark.django_db

CRANIOSACRAL = "/services/craniosacral-massage/"


def spellings():
    """Ways to write the page's path that the response cache has never seen (each a miss)."""
    for position in range(1, 20):
        yield (
            CRANIOSACRAL[:position]
            + f"%{ord(CRANIOSACRAL[position]):02X}"
            + CRANIOSACRAL[position + 1 :]
        )


@pytest.fixture
def cold(client, craniosacral):
    """A cold look-up of the CranioSacral page each call (a response-cache miss, in the same
    content generation)."""
    spelled = spellings()

    def get():
        response = client.get(f"/api/v2/pages/find/?html_path={next(spelled)}")
        assert response.status_code in (200, 404)
        return response

    return get


def tables_read(queries) -> list[list[str]]:
    return [sorted(set(re.findall(r'FROM "(\w+)"', query["sql"]))) for query in queries]


def test_the_site_restrictions_and_practice_are_read_once_per_generation(cold):
    cold()
    with CaptureQueriesContext(connection) as queries:
        assert cold().json()["title"] == "CranioSacral Massage"
    assert tables_read(queries) == [
        ["api_storedpageanswer", "wagtailcore_page"],
        ["cms_pages_response"],
    ]


def test_new_practice_details_are_shown_at_the_next_request(cold, demo_content):
    cold()
    practice = PracticeSettings.for_site(demo_content.get_site())
    practice.practice_name = "Massage Aha! Renamed"
    practice.save()
    assert cold().json()["json_ld"][0]["provider"]["name"] == "Massage Aha! Renamed"


def test_a_page_made_private_is_hidden_at_the_next_request(cold, craniosacral):
    cold()
    PageViewRestriction.objects.create(page=craniosacral, restriction_type="password", password="x")
    assert cold().status_code == 404


@pytest.mark.parametrize("change", ["save", "delete"])
def test_a_site_saved_or_deleted_moves_the_generation_on(demo_content, change):
    other = Site.objects.create(hostname="other.example", port=80, root_page=demo_content)
    before = content_generation()
    getattr(other, change)()
    assert content_generation() != before


def test_a_request_for_another_host_is_answered_for_its_site(client, cold, demo_content):
    cold()  # the default site remembered for testserver
    Site.objects.create(hostname="other.example", port=80, root_page=demo_content.get_parent())
    url = f"/api/v2/pages/find/?html_path={CRANIOSACRAL}"
    response = client.get(url, HTTP_HOST="other.example")
    assert response.status_code == 404  # that site's root is above the home page


SERVICES = "cms_pages.ServicePage"


@pytest.fixture
def cold_list(client, demo_content):
    """A cold list of the services each call: `type` spelt in a way never asked for."""
    spelled = (
        SERVICES[:position] + f"%{ord(SERVICES[position]):02X}" + SERVICES[position + 1 :]
        for position in range(SERVICES.index(".") + 1, len(SERVICES))
    )

    def get() -> dict:
        response = client.get(f"/api/v2/pages/?type={next(spelled)}&fields=title")
        assert response.status_code == 200
        return response.json()

    return get


def test_a_type_is_counted_once_per_generation(cold_list):
    total = cold_list()["meta"]["total_count"]
    with CaptureQueriesContext(connection) as queries:
        assert cold_list()["meta"]["total_count"] == total == 5
    assert not [query["sql"] for query in queries if "COUNT(" in query["sql"]]


def test_a_counted_page_is_no_longer_counted_once_past_its_expiry(cold_list, craniosacral):
    """Its expiry changes nothing else until the scheduler unpublishes it: the count must
    not wait for that."""
    expiry = timezone.now() + timedelta(hours=1)
    Page.objects.filter(pk=craniosacral.pk).update(expire_at=expiry)  # no change announced
    assert cold_list()["meta"]["total_count"] == 5
    with time_machine.travel(expiry + timedelta(seconds=1)):
        listed = cold_list()
    assert listed["meta"]["total_count"] == 4
    assert "CranioSacral Massage" not in [item["title"] for item in listed["items"]]


def test_a_filtered_list_is_counted_as_it_is_filtered(client, cold_list, craniosacral):
    cold_list()
    url = f"/api/v2/pages/?type={SERVICES}&slug={craniosacral.slug}"
    assert client.get(url).json()["meta"]["total_count"] == 1
