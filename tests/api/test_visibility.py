"""Only live, public content leaves the API: no drafts, unpublished, expired or private pages,
nor images, documents or FAQs that are not public."""

import datetime

import pytest
from django.utils import timezone
from wagtail.models import Collection, CollectionViewRestriction, PageViewRestriction

from cms_pages.models import FAQ, ServiceIndexPage, ServicePage
from tests.factories import (
    DocumentFactory,
    FAQFactory,
    ImageFactory,
    ServicePageFactory,
    StandardPageFactory,
)

pytestmark = pytest.mark.django_db
HOUR = datetime.timedelta(hours=1)


def everywhere(api, page) -> dict[str, bool]:
    """Where in the API a page shows up."""
    listing = api.json("pages/?limit=50")["items"]
    typed = api.json(f"pages/?type={page._meta.label}&limit=50")["items"]
    search = api.json(f"search/?q={page.title.split()[0]}")["items"]
    sitemap = api.json("sitemap/")["items"]
    return {
        "list": any(item["id"] == page.pk for item in listing),
        "typed list": any(item["id"] == page.pk for item in typed),
        "detail": api.get(f"pages/{page.pk}/").status_code == 200,
        "find": api.get(f"pages/find/?html_path={page.url_path[5:]}").status_code == 200,
        "search": any(hit["kind"] == "page" and hit["id"] == page.pk for hit in search),
        "sitemap": any(entry["path"] == page.url_path[5:] for entry in sitemap),
    }


HIDDEN = {
    "list": False,
    "typed list": False,
    "detail": False,
    "find": False,
    "search": False,
    "sitemap": False,
}


@pytest.fixture
def index(demo_content):
    return ServiceIndexPage.objects.get()


def test_a_published_page_is_everywhere(api, index):
    page = ServicePageFactory(parent=index, title="Zebrastripe Massage", slug="zebrastripe")
    assert everywhere(api, page) == dict.fromkeys(HIDDEN, True)


def test_a_draft_never_published_is_nowhere(api, index):
    page = ServicePageFactory(
        parent=index, title="Zebrastripe Massage", slug="zebrastripe", live=False
    )
    assert everywhere(api, page) == HIDDEN


def test_an_unpublished_page_is_nowhere(api, index):
    page = ServicePageFactory(parent=index, title="Zebrastripe Massage", slug="zebrastripe")
    page.unpublish()
    assert everywhere(api, page) == HIDDEN


def test_draft_changes_of_a_live_page_stay_private(api, craniosacral):
    craniosacral.introduction = "<p>Secret draft wording</p>"
    craniosacral.save_revision()
    page = api.json(f"pages/{craniosacral.pk}/")
    assert "Secret draft wording" not in page["introduction"]


def test_an_expired_page_is_nowhere_even_before_the_scheduler_runs(api, index):
    page = ServicePageFactory(
        parent=index,
        title="Zebrastripe Massage",
        slug="zebrastripe",
        expire_at=timezone.now() - datetime.timedelta(minutes=1),
    )
    assert page.live
    assert everywhere(api, page) == HIDDEN


def test_a_view_restricted_page_and_its_children_are_nowhere(api, demo_content):
    parent = StandardPageFactory(parent=demo_content, title="Zebrastripe members", slug="members")
    child = StandardPageFactory(parent=parent, title="Zebrastripe notes", slug="notes")
    PageViewRestriction.objects.create(page=parent, restriction_type="password", password="x")
    assert everywhere(api, parent) == HIDDEN
    assert everywhere(api, child) == HIDDEN


@pytest.mark.parametrize("filters", ["", "&child_of={index}", "&order=-title", "&slug=zebra-0"])
def test_a_typed_lists_count_is_of_the_pages_it_may_show(api, index, filters):
    ServicePageFactory(parent=index, title="Zebra draft", slug="zebra-0", live=False)
    ServicePageFactory(
        parent=index, title="Zebra gone", slug="zebra-1", expire_at=timezone.now() - HOUR
    )
    private = ServicePageFactory(parent=index, title="Zebra private", slug="zebra-2")
    PageViewRestriction.objects.create(page=private, restriction_type="password", password="x")

    url = f"pages/?type=cms_pages.ServicePage{filters.format(index=index.pk)}"
    everything = api.json(f"{url}&limit=50")
    assert everything["meta"]["total_count"] == len(everything["items"])
    assert api.json(f"{url}&limit=1")["meta"]["total_count"] == len(everything["items"])


def private_collection():
    collection = Collection.get_first_root_node().add_child(name="Private")
    CollectionViewRestriction.objects.create(
        collection=collection, restriction_type="password", password="x"
    )
    return collection


def test_images_and_documents_of_private_collections_are_hidden(api, demo_content, craniosacral):
    collection = private_collection()
    image = ImageFactory(title="Private scan", collection=collection)
    document = DocumentFactory(title="Private intake form", collection=collection)
    public_document = DocumentFactory(title="Price list")
    image_ids = [item["id"] for item in api.json("images/")["items"]]
    document_ids = [item["id"] for item in api.json("documents/")["items"]]
    assert craniosacral.image.pk in image_ids and image.pk not in image_ids
    assert public_document.pk in document_ids and document.pk not in document_ids
    assert api.get(f"images/{image.pk}/").status_code == 404
    assert api.get(f"documents/{document.pk}/").status_code == 404


def test_unpublished_faqs_are_hidden_everywhere(api, craniosacral):
    faq = FAQFactory(question="Zebrastripe question?", live=False)
    craniosacral.service_faqs.create(faq=faq)
    assert faq.pk not in [f["id"] for f in api.json("faqs/")["items"]]
    assert api.get(f"faqs/{faq.pk}/").status_code == 404
    assert api.json("search/?q=zebrastripe")["items"] == []
    assert faq.pk not in [f["id"] for f in api.json(f"pages/{craniosacral.pk}/")["faqs"]]
    faq_page = api.json("pages/find/?html_path=/faq/")
    assert faq.pk not in [f["id"] for group in faq_page["faq_groups"] for f in group["faqs"]]
    assert FAQ.objects.filter(pk=faq.pk).exists()


def test_unpublished_related_pages_drop_out_of_more_to_explore(api, craniosacral):
    swedish = ServicePage.objects.get(slug="swedish-massage")
    swedish.unpublish()
    related = api.json(f"pages/{craniosacral.pk}/")["related_pages"]
    assert "Swedish Massage" not in [page["title"] for page in related]
    assert related
