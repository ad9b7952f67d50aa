"""The services index's `services`: the first SERVICES_SHOWN public services, `services_total`
of them, the rest from the pages list in the same order and shape, at a fixed query cost."""

import datetime

import pytest
from django.utils import timezone
from wagtail.models import PageViewRestriction

from api.params import LIMIT_MAX
from api.service_fields import SERVICES_REST, SERVICES_SHOWN
from cms_pages.models import ServiceIndexPage, SessionOption
from tests.api.test_query_counts import queries
from tests.factories import ImageFactory, ServiceIndexPageFactory, ServicePageFactory

pytestmark = pytest.mark.django_db

DEMO_SERVICES = 5


@pytest.fixture
def index(demo_content) -> ServiceIndexPage:
    return ServiceIndexPage.objects.get()


def add_services(index, n: int, *, prefix: str = "extra") -> list:
    """`n` public services after the index's others, each with a picture and a session."""
    services = []
    for i in range(n):
        service = ServicePageFactory(
            parent=index, slug=f"{prefix}-{i}", image=ImageFactory(), image_alt="A room"
        )
        SessionOption.objects.create(page=service, duration_minutes=60, price=80 + i)
        services.append(service)
    return services


def hidden_services(index) -> list:
    """A service of each kind the public may not see: a draft, an unpublished one, an
    expired one and one behind a password."""
    draft = ServicePageFactory(parent=index, slug="hidden-draft", live=False)
    unpublished = ServicePageFactory(parent=index, slug="hidden-unpublished")
    unpublished.unpublish()
    expired = ServicePageFactory(
        parent=index, slug="hidden-expired", expire_at=timezone.now() - datetime.timedelta(1)
    )
    private = ServicePageFactory(parent=index, slug="hidden-private")
    PageViewRestriction.objects.create(page=private, restriction_type="password", password="x")
    return [draft, unpublished, expired, private]


def settled_queries(client, url: str) -> tuple[int, dict]:
    """`queries` of `url` once the pictures it shows have their renditions (made the first
    time its answer is built)."""
    queries(client, url)
    return queries(client, url)


def test_the_demo_index_shows_all_five_services_and_their_total(api, index):
    page = api.json(f"pages/{index.pk}/")

    assert len(page["services"]) == page["services_total"] == DEMO_SERVICES


def test_the_size_of_the_first_services_is_a_page_the_pages_list_can_give():
    assert 0 < SERVICES_SHOWN <= LIMIT_MAX


def test_an_index_of_many_services_shows_the_first_and_counts_only_public_ones(api, index):
    hidden = hidden_services(index)  # before the new ones: they would be among the first
    add_services(index, 25)

    page = api.json(f"pages/{index.pk}/")
    listed = api.json(
        f"pages/?child_of={index.pk}&type=cms_pages.ServicePage&fields=title&limit={LIMIT_MAX}"
    )

    public_ids = [item["id"] for item in listed["items"]]
    assert page["services_total"] == listed["meta"]["total_count"] == DEMO_SERVICES + 25
    assert [service["id"] for service in page["services"]] == public_ids[:SERVICES_SHOWN]
    assert not {service.pk for service in hidden} & set(public_ids)


def test_the_pages_list_gives_the_rest_in_the_same_order_and_shape(api, index):
    add_services(index, SERVICES_SHOWN + 3)
    first = api.json(f"pages/{index.pk}/")["services"]
    rest_url = SERVICES_REST.replace("<index id>", str(index.pk))

    def card(item):
        """A list item as the index shows a service (its path and type are in its meta)."""
        shape = ("id", "title", "summary", "image", "session_options")
        return {
            **{key: item[key] for key in shape},
            "path": item["meta"]["path"],
            "type": item["meta"]["type"],
        }

    rest = api.json(rest_url)
    again = api.json(rest_url.replace(f"offset={SERVICES_SHOWN}", "offset=0"))

    assert [card(item) for item in again["items"]] == first
    assert rest["meta"]["total_count"] == DEMO_SERVICES + SERVICES_SHOWN + 3
    assert len(rest["items"]) == DEMO_SERVICES + 3
    assert {item["id"] for item in rest["items"]}.isdisjoint(s["id"] for s in first)
    assert all(card(item)["path"].startswith("/services/") for item in rest["items"])


def test_an_index_costs_the_same_queries_with_a_few_services_and_with_thousands(client, index):
    """Thousands stand for more than SERVICES_SHOWN: the index loads no more than those."""
    url = f"/api/v2/pages/{index.pk}/?fields=services,services_total"
    few, _ = settled_queries(client, url)
    add_services(index, SERVICES_SHOWN + 6)

    many, page = settled_queries(client, url)

    assert page["services_total"] == DEMO_SERVICES + SERVICES_SHOWN + 6
    assert len(page["services"]) == SERVICES_SHOWN
    assert many == few


def test_a_list_of_indexes_counts_all_of_them_in_one_query(client, demo_content):
    """Indexes of 1 and of many services cost the same as one index, listed together."""
    indexes = [
        ServiceIndexPageFactory(parent=demo_content, title=f"Index {n}", slug=f"index-{n}")
        for n in range(3)
    ]
    for n, index in enumerate(indexes):
        add_services(index, 1 if n == 0 else SERVICES_SHOWN + n, prefix=f"of-{n}")
    url = "/api/v2/pages/?type=cms_pages.ServiceIndexPage&fields=services,services_total"

    one, _ = settled_queries(client, f"{url}&limit=1")
    three, listed = settled_queries(client, f"{url}&limit=4")

    totals = {item["id"]: item["services_total"] for item in listed["items"]}
    assert totals == {
        ServiceIndexPage.objects.get(slug="services").pk: DEMO_SERVICES,
        **{index.pk: 1 if n == 0 else SERVICES_SHOWN + n for n, index in enumerate(indexes)},
    }
    assert [len(item["services"]) for item in listed["items"]] == [
        min(total, SERVICES_SHOWN) for total in totals.values()
    ]
    assert one == three
