"""Stored page answers: read instead of serialized, and forgotten by exactly the changes that
make them stale (api.stored_answers, api.answer_invalidation).

Every request here is cold for the response cache (it is emptied first), so what answers is
the stored answer, or one built afresh when it was forgotten.
"""

import io
from types import SimpleNamespace

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.db.models.signals import post_init
from django.test.utils import CaptureQueriesContext
from wagtail.models import Collection, CollectionViewRestriction, Page, Site

from api import answer_invalidation, stored_answers
from api.caching import bump_content_generation
from api.models import StoredPageAnswer
from cms_pages.models import FAQ, FAQCategory, PracticeSettings, Response, ServicePage
from tests.factories import ResponseFactory, ServicePageFactory

pytestmark = pytest.mark.django_db

CRANIOSACRAL = "/services/craniosacral-massage/"
TYPED_LIST = "/api/v2/pages/?type=cms_pages.ServicePage&fields=*&limit=20"


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Changes made inside `with committed():` are told as on their commit."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def cold(client, url: str) -> dict:
    cache.clear()
    response = client.get(url)
    assert response.status_code == 200, response.content[:300]
    return response.json()


def find(client, path: str, fields: str = "") -> dict:
    return cold(client, f"/api/v2/pages/find/?html_path={path}{fields}")


def built_at(page) -> dict:
    return StoredPageAnswer.objects.filter(page=page).values_list("built_at", flat=True).first()


def every_stored(client, demo_content) -> dict[int, object]:
    """Every demo page's answer stored (by reading it once): page id -> when it was built."""
    for page in demo_content.get_descendants(inclusive=True).live():
        find(client, page.url)
    return dict(StoredPageAnswer.objects.values_list("page_id", "built_at"))


def test_a_page_read_twice_is_built_once_and_then_read_as_stored(client, craniosacral):
    built = find(client, CRANIOSACRAL)
    row = StoredPageAnswer.objects.get(page=craniosacral)

    assert find(client, CRANIOSACRAL) == built
    assert built_at(craniosacral) == row.built_at  # read, not built again
    assert row.url_path == craniosacral.url_path


@pytest.mark.parametrize(
    "fields", ["", "&fields=*", "&fields=-json_ld,-body", "&fields=_,title,summary", "&fields=faqs"]
)
def test_each_field_selection_is_cut_from_the_stored_answer_as_serialized(
    client, craniosacral, fields
):
    """The first answer is serialized for the request; the next one is cut from the stored
    whole answer: the same keys, in the same order."""
    StoredPageAnswer.objects.all().delete()
    serialized = client.get(f"/api/v2/pages/{craniosacral.pk}/?{fields[1:]}").content
    assert StoredPageAnswer.objects.filter(page=craniosacral).exists()
    cache.clear()
    assert client.get(f"/api/v2/pages/{craniosacral.pk}/?{fields[1:]}").content == serialized


def test_nested_fields_change_nothing_every_relation_having_a_field_of_ours(client, craniosacral):
    """Wagtail shapes a relation by its nested fields only where no field is declared for it;
    a stored answer could not follow them."""
    url = f"/api/v2/pages/{craniosacral.pk}/?fields=_,locale,alias_of,parent"
    assert cold(client, url.replace("locale,alias_of", "locale(id),alias_of(id)")) == cold(
        client, url
    )


def test_a_cold_detail_and_a_cold_list_read_stored_answers_in_a_few_queries(client, demo_content):
    cold(client, TYPED_LIST)
    find(client, CRANIOSACRAL)

    with CaptureQueriesContext(connection) as detail:
        find(client, CRANIOSACRAL)
    with CaptureQueriesContext(connection) as listed:
        answer = cold(client, TYPED_LIST)

    assert len(answer["items"]) == 5
    # The site; the view restrictions; the page (found by its stored path); its stored
    # answer; its approved responses; the practice's details (its JSON-LD). A list counts its
    # pages, then reads them, rather than finding one.
    assert len(detail.captured_queries) <= 6, [q["sql"] for q in detail.captured_queries]
    assert len(listed.captured_queries) <= 7, [q["sql"] for q in listed.captured_queries]


def test_a_cold_list_reads_its_pages_ids_not_the_pages(client, demo_content):
    """Their stored answers hold the rest: a page instance costs more than reading one."""
    untyped = "/api/v2/pages/?fields=*"
    cold(client, TYPED_LIST), cold(client, untyped)  # every answer stored
    made = []

    def record(sender, instance, **kwargs):
        if isinstance(instance, Page):
            made.append(instance.pk)

    post_init.connect(record)
    try:
        assert len(cold(client, TYPED_LIST)["items"]) == 5
        assert len(cold(client, untyped)["items"]) == 12
    finally:
        post_init.disconnect(record)
    # The home page alone, as the site's root page: read with the site (Wagtail's
    # select_related), once per content generation.
    assert set(made) == {demo_content.pk}


def test_a_publish_forgets_the_page_its_parent_and_the_pages_showing_it(
    client, demo_content, committed
):
    before = every_stored(client, demo_content)
    service = ServicePage.objects.get(slug="craniosacral-massage")
    chooser = ServicePage.objects.filter(related_pages__related_page=service).first()
    service.title = "CranioSacral, renamed"
    with committed():
        service.save_revision().publish()

    assert find(client, CRANIOSACRAL)["title"] == "CranioSacral, renamed"
    listed = find(client, "/services/")["services"]
    assert "CranioSacral, renamed" in [item["title"] for item in listed]
    children = find(client, "/services/swedish-massage/")
    assert children["meta"]["parent"]["title"] == "Services"
    after = dict(StoredPageAnswer.objects.values_list("page_id", "built_at"))
    rebuilt = {pk for pk in before if after.get(pk) != before[pk]}
    assert {service.pk, service.get_parent().pk} <= rebuilt
    if chooser is not None:
        assert chooser.pk in rebuilt
    assert demo_content.get_children().get(slug="contact").pk not in rebuilt


def test_the_worker_builds_a_forgotten_answer_again_before_anyone_asks(
    client, craniosacral, committed
):
    find(client, CRANIOSACRAL)
    craniosacral.title = "Built by the worker"
    with committed():  # the test settings' tasks run at once
        craniosacral.save_revision().publish()

    row = StoredPageAnswer.objects.get(page=craniosacral)
    assert '"title": "Built by the worker"' in row.answer


def test_a_new_service_appears_in_its_index_and_beside_its_first_siblings(
    client, demo_content, committed
):
    every_stored(client, demo_content)
    index = demo_content.get_children().get(slug="services").specific
    new = ServicePage(title="Aaa first of the family", slug="aaa-first", summary="New.")
    new.introduction = "<p>New.</p>"
    with committed():
        index.add_child(instance=new)
        new.save_revision().publish()
        # Placed first among the services: the pages falling back on their siblings show it.
        new.move(index, pos="first-child")

    assert "Aaa first of the family" in [s["title"] for s in find(client, "/services/")["services"]]
    fallback = ServicePage.objects.filter(related_pages__isnull=True).exclude(pk=new.pk).first()
    related = find(client, fallback.url)["related_pages"]
    assert related[0]["title"] == "Aaa first of the family"


def test_an_unpublished_page_leaves_every_answer_that_showed_it(client, demo_content, committed):
    every_stored(client, demo_content)
    service = ServicePage.objects.get(slug="craniosacral-massage")
    shown_in = [
        page.url
        for page in demo_content.get_descendants(inclusive=True).live().specific()
        if CRANIOSACRAL in str(find(client, page.url)) and page.pk != service.pk
    ]
    with committed():
        service.unpublish()

    assert shown_in, "the demo shows CranioSacral on other pages"
    for url in shown_in:
        assert f'"{CRANIOSACRAL}"' not in str(find(client, url)).replace("'", '"'), url


def test_an_faq_and_its_category_reach_the_services_and_the_faq_page(
    client, craniosacral, committed
):
    find(client, CRANIOSACRAL)
    find(client, "/faq/")
    faq = craniosacral.service_faqs.first().faq
    faq.question = "A question asked anew?"
    category = FAQCategory.objects.get(pk=faq.category_id)
    category.name = "Renamed category"
    with committed():
        faq.save_revision().publish()
        category.save()

    service = find(client, CRANIOSACRAL)
    assert "A question asked anew?" in [item["question"] for item in service["faqs"]]
    groups = find(client, "/faq/")["faq_groups"]
    assert "Renamed category" in [group["category"]["name"] for group in groups]
    faqs = cold(client, "/api/v2/faqs/")["items"]  # the response cache went stale too
    assert "Renamed category" in [item["category"]["name"] for item in faqs]


def test_practice_details_and_responses_are_filled_in_without_rebuilding(
    client, demo_content, committed
):
    before = every_stored(client, demo_content)
    practice = PracticeSettings.for_site(demo_content.get_site())
    practice.practice_name = "Massage Aha! Renamed"
    craniosacral = ServicePage.objects.get(slug="craniosacral-massage")
    with committed():
        practice.save()
        ResponseFactory(page=craniosacral, status=Response.Status.APPROVED, text="Filled in.")

    home = find(client, "/")
    service = find(client, CRANIOSACRAL)
    assert home["json_ld"][0]["name"] == "Massage Aha! Renamed"
    assert service["json_ld"][0]["provider"]["name"] == "Massage Aha! Renamed"
    assert "Filled in." in str(service["responses"])
    assert service["response_count"] == len(service["responses"])
    assert dict(StoredPageAnswer.objects.values_list("page_id", "built_at")) == before


def test_a_list_shows_each_page_its_own_responses(client, demo_content):
    services = list(ServicePage.objects.order_by("path"))
    added = {service.pk: number for number, service in enumerate(services)}  # 0, 1, 2 ...
    for service in services:
        for _ in range(added[service.pk]):
            ResponseFactory(page=service, status=Response.Status.APPROVED, text=service.slug)

    items = {item["id"]: item for item in cold(client, TYPED_LIST)["items"]}
    for service in services:
        texts = [response["text_html"] for response in items[service.pk]["responses"]]
        approved = Response.objects.filter(page=service, status=Response.Status.APPROVED)
        assert len(texts) == items[service.pk]["response_count"] == approved.count()
        newest = texts[len(texts) - added[service.pk] :]  # oldest first
        assert newest == [f"<p>{service.slug}</p>"] * added[service.pk]


@pytest.mark.parametrize("twice", [1, 2])
def test_fields_learnt_for_one_page_type_are_not_taken_for_another(client, demo_content, twice):
    for _ in range(twice):  # the second time, what the first taught is remembered
        service = "/api/v2/pages/?type=cms_pages.ServicePage&fields=session_options"
        standard = "/api/v2/pages/?type=cms_pages.StandardPage&fields=session_options"
        assert "session_options" in cold(client, service)["items"][0]
        cache.clear()
        refused = client.get(standard)
        assert refused.status_code == 400
        assert "session_options" in refused.json()["message"]


def test_an_image_change_rebuilds_the_pages_using_it_and_their_cards(
    client, demo_content, committed
):
    before = every_stored(client, demo_content)
    craniosacral = ServicePage.objects.get(slug="craniosacral-massage")
    image = craniosacral.image
    image.title = "Renamed picture"
    with committed():
        image.save()

    after = dict(StoredPageAnswer.objects.values_list("page_id", "built_at"))
    rebuilt = {pk for pk in before if after.get(pk) != before[pk]}
    index = craniosacral.get_parent()
    assert {craniosacral.pk, index.pk} <= rebuilt
    assert demo_content.get_children().get(slug="contact").pk not in rebuilt


def test_a_collection_made_private_rebuilds_every_answer(client, demo_content, committed):
    before = every_stored(client, demo_content)
    with committed():
        CollectionViewRestriction.objects.create(
            collection=Collection.get_first_root_node(),
            restriction_type=CollectionViewRestriction.LOGIN,
        )

    after = dict(StoredPageAnswer.objects.values_list("page_id", "built_at"))
    assert all(after.get(pk) != built for pk, built in before.items())


def test_a_moved_page_is_found_at_its_new_path_only(client, demo_content, committed):
    every_stored(client, demo_content)
    about = Page.objects.get(slug="about")
    old = about.url
    with committed():
        about.move(demo_content.get_children().get(slug="services"), pos="last-child")

    assert cold(client, "/api/v2/pages/find/?html_path=/services/about/")["title"]
    assert client.get(f"/api/v2/pages/find/?html_path={old}").status_code == 404


def test_answers_built_with_other_settings_are_built_again(client, craniosacral, settings):
    find(client, CRANIOSACRAL)
    settings.FRONTEND_URL = "https://www.example.org"

    assert find(client, CRANIOSACRAL)["meta"]["html_url"].startswith("https://www.example.org/")


def test_an_answer_built_while_the_content_changed_is_served_but_not_stored(
    craniosacral, monkeypatch
):
    from api.router import wagtail_router
    from api.views.pages import PublicPagesAPIViewSet

    real_build = stored_answers.build

    def build_during_a_change(*args):
        built = real_build(*args)
        bump_content_generation()
        return built

    monkeypatch.setattr(stored_answers, "build", build_during_a_change)
    site = craniosacral.get_site()
    served = stored_answers.answers(PublicPagesAPIViewSet, wagtail_router, site, [craniosacral.pk])

    assert served[craniosacral.pk]["title"] == craniosacral.title
    assert not StoredPageAnswer.objects.filter(page=craniosacral).exists()


def test_a_page_made_without_the_change_feed_is_shown_once_read(client, demo_content):
    """A page added by code that skips Wagtail's publish (a factory here) has no stored
    answer to be stale: its own is built when first read."""
    index = demo_content.get_children().get(slug="services")
    page = ServicePageFactory(parent=index, slug="quietly-added", title="Quietly added")

    assert find(client, page.url)["title"] == "Quietly added"


def test_an_faq_is_kept_out_of_the_change_feed_until_published(client, craniosacral, committed):
    """Saving a draft of an FAQ changes nothing public: no stored answer is forgotten."""
    find(client, CRANIOSACRAL)
    before = built_at(craniosacral)
    faq = FAQ.objects.filter(live=True).first()
    faq.question = "Only a draft?"
    with committed():
        faq.save_revision()

    assert built_at(craniosacral) == before


def test_answers_can_all_be_built_again_after_pages_were_written_without_publishing(
    client, demo_content
):
    every_stored(client, demo_content)
    Page.objects.filter(slug="about").update(title="Written by a script")
    assert find(client, "/about/")["title"] != "Written by a script"
    out = io.StringIO()

    call_command("rebuild_page_answers", stdout=out)

    public = demo_content.get_descendants(inclusive=True).live().public().count()
    assert out.getvalue().strip().endswith(f"built {public}.")
    assert find(client, "/about/")["title"] == "Written by a script"


def test_without_any_site_the_pages_list_is_empty_rather_than_an_error(client, demo_content):
    Site.objects.all().delete()

    assert cold(client, "/api/v2/pages/")["items"] == []
    assert client.get(f"/api/v2/pages/find/?html_path={CRANIOSACRAL}").status_code == 404


def test_a_change_naming_thousands_of_paths_forgets_what_holds_any_of_them(client, demo_content):
    """A section of thousands of pages moved: SQLite refuses one condition per path in one
    query (deeper than 1,000), so they are asked for a few hundred at a time."""
    find(client, "/services/")  # lists CranioSacral
    index = demo_content.get_children().get(slug="services")
    before = built_at(index)
    paths = {f"/moved/page-{n}/" for n in range(1500)} | {CRANIOSACRAL}

    answer_invalidation.forget({("page_moved", "wagtailcore.Page", 0): paths})

    assert built_at(index) != before  # forgotten, then built again by the worker


def test_a_rebuild_frees_each_batchs_garbage_before_building_the_next(
    client, demo_content, monkeypatch
):
    collections = []
    collector = SimpleNamespace(collect=lambda: collections.append("full"))
    monkeypatch.setattr(answer_invalidation, "BATCH_SIZE", 2)
    monkeypatch.setattr(answer_invalidation, "gc", collector)
    pages = list(demo_content.get_children().live().public().values_list("pk", flat=True)[:5])
    StoredPageAnswer.objects.all().delete()

    answer_invalidation.rebuild_answers.call(pages)

    assert StoredPageAnswer.objects.filter(page__in=pages).count() == 5
    assert len(collections) == 2  # between the three batches, not after the last
