"""Database queries per request stay flat as pages grow and as `limit` grows.

Each page type gets a group of pages with every part the type has (StreamField blocks with
images and page links, pictures, rich text linking to pages, conditions, sessions, FAQs,
"More to explore" pages, approved responses, featured services, form fields), all alike, under
a parent of their own; a list of one of them must cost exactly the queries a list of twenty
does, for every set of fields a client may ask for. Every request is measured cold: the
response cache (and with it Wagtail's rendition and site caches) is emptied first, after a
first request has made the renditions, and the pages' stored answers are forgotten (their
cost, read rather than built, is counted in test_stored_answers). Renditions are made once,
as each group is built (a first request for its pages with every field), and by a first
request in the tests that add pictures of their own.
"""

import itertools

import pytest
from django.core.cache import cache
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from wagtail.images.models import Image
from wagtail.models import Page, Site

from api.models import StoredPageAnswer
from api.page_fields import PAGE_FIELDS
from cms_pages import models
from cms_pages.models import (
    HomeFeaturedService,
    ServiceCondition,
    ServiceFAQ,
    ServiceRelatedPage,
    SessionOption,
)
from tests.api.page_types import PAGE_TYPES
from tests.factories import (
    ContactFormFieldFactory,
    ContactPageFactory,
    FAQFactory,
    FAQPageFactory,
    HomePageFactory,
    ImageFactory,
    ResponseFactory,
    ServiceIndexPageFactory,
    ServicePageFactory,
    StandardPageFactory,
)

pytestmark = pytest.mark.django_db

MANY = 20
# Each group of alike pages: its page type, and whether its pages choose their own "More to
# explore" pages (else they fall back on their siblings).
GROUPS = {name: name for name in PAGE_TYPES} | {"ServicePage-siblings": "ServicePage"}
SEARCH_WORD = "zebrafinch"
SLUGS = itertools.count()


def slug() -> str:
    return f"counted-{next(SLUGS)}"


def queries(client, url: str, *, afresh: bool = True) -> tuple[int, dict]:
    """The queries of one cold GET of `url`, and its JSON: its pages serialized afresh (their
    stored answers forgotten, as the first request after their change finds them), or, not
    `afresh`, read from their stored answers. Their pictures' renditions must exist."""
    cache.clear()
    if afresh:
        StoredPageAnswer.objects.all().delete()
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200, response.content[:300]
    return len(context.captured_queries), response.json()


def make_renditions(client, url: str) -> None:
    """The renditions of every picture `url` shows, made as its first request would."""
    assert client.get(url).status_code == 200


def assert_flat(client, url: str, *, reaching: int = 0, afresh: bool = True) -> None:
    """One item and MANY items of `url` (a list) cost the same queries, but for the fixed
    cost (`reaching` queries at most) of another kind of item that MANY items reach into.

    Pages are serialized afresh type by type, each type's pages together: a list of several
    types (untyped) is counted as read from stored answers (`afresh=False`), each type's
    serializing being counted by the typed lists."""
    separator = "&" if "?" in url else "?"
    few, one = queries(client, f"{url}{separator}limit=1", afresh=afresh)
    many, twenty = queries(client, f"{url}{separator}limit={MANY}", afresh=afresh)
    assert (len(one["items"]), len(twenty["items"])) == (1, MANY), "too few items to compare"
    assert few <= many <= few + reaching, f"{url}: {few} queries for 1 item, {many} for {MANY}"


# Building the groups ------------------------------------------------------------------------


def rich_text(page: Page) -> str:
    return f'<p>Read <a linktype="page" id="{page.pk}">{page.title}</a> ({SEARCH_WORD}).</p>'


def stream(n: int, target: Page) -> list[tuple]:
    """Body blocks of every kind, `n` of each, with new pictures and a page link."""
    blocks = []
    for i in range(n):
        blocks += [
            ("heading", {"text": f"Section {i}", "level": "h2"}),
            ("paragraph", rich_text(target)),
            ("bullet_list", {"lead_in": "You may feel:", "items": ["warmth", "calm"]}),
            ("image", {"image": ImageFactory(), "alt_text": "A room", "caption": ""}),
            ("callout", {"style": "quote", "text": "Lovely.", "attribution": "A client"}),
            (
                "call_to_action",
                {"heading": "Book", "text": "", "button_label": "Go", "page": target, "url": ""},
            ),
        ]
    return blocks


def service_page(parent: Page, n: int, *, related: list[Page], target: Page) -> Page:
    page = ServicePageFactory(
        parent=parent,
        title=f"Service {SEARCH_WORD}",
        slug=slug(),
        introduction=rich_text(target),
        treatment_plan=rich_text(target),
        image=ImageFactory(),
        image_alt="A picture",
        body=stream(n, target),
    )
    for i in range(n):
        page.conditions.add(ServiceCondition(name=f"Condition {i}"))
        page.session_options.add(SessionOption(duration_minutes=30 + i, price=50 + i))
        page.service_faqs.add(ServiceFAQ(faq=FAQFactory(answer=rich_text(target))))
    for other in related:
        page.related_pages.add(ServiceRelatedPage(related_page=other))
    page.save_revision().publish()
    for _ in range(n):
        ResponseFactory(page=page, status=models.Response.Status.APPROVED, reply="Thanks")
    return page


def build(group: str, parent: Page, n: int, home: Page) -> Page:
    """One page of `group` under `parent`, with `n` of each of its repeated parts."""
    about = home.get_children().get(slug="about")
    services = list(models.ServicePage.objects.live().order_by("path")[:2])
    if group == "ServicePage":
        return service_page(parent, n, related=[about, services[0]], target=about)
    if group == "ServicePage-siblings":
        return service_page(parent, n, related=[], target=about)
    if group == "HomePage":
        page = HomePageFactory(
            parent=parent,
            title=f"Home {SEARCH_WORD}",
            slug=slug(),
            hero_text=rich_text(about),
            hero_image=ImageFactory(),
            hero_image_alt="A picture",
            cta_heading="Book",
            cta_page=about,
        )
        for service in services[:n]:
            HomeFeaturedService.objects.create(page=page, service=service)
        return page
    if group == "ServiceIndexPage":
        index = ServiceIndexPageFactory(
            parent=parent,
            title=f"Services {SEARCH_WORD}",
            slug=slug(),
            introduction=rich_text(about),
        )
        for _ in range(n):
            service = ServicePageFactory(parent=index, image=ImageFactory(), image_alt="A picture")
            SessionOption.objects.create(page=service, duration_minutes=60, price=90)
        return index
    if group == "FAQPage":
        return FAQPageFactory(
            parent=parent, title=f"FAQ {SEARCH_WORD}", slug=slug(), introduction=rich_text(about)
        )
    if group == "StandardPage":
        return StandardPageFactory(
            parent=parent,
            title=f"Page {SEARCH_WORD}",
            slug=slug(),
            introduction=rich_text(about),
            body=stream(n, about),
        )
    page = ContactPageFactory(
        parent=parent, title=f"Contact {SEARCH_WORD}", slug=slug(), introduction=rich_text(about)
    )
    for _ in range(n):
        ContactFormFieldFactory(page=page)
    return page


class Group:
    """MANY alike pages of one type under `parent`, and one with more of everything."""

    def __init__(self, name: str, home: Page):
        self.name, self.type = name, f"cms_pages.{GROUPS[name]}"
        parent_factory = ServiceIndexPageFactory if "Service" in name else StandardPageFactory
        self.parent = parent_factory(parent=home, title="Group", slug=f"group-{name.lower()}")
        self.pages = [build(name, self.parent, 2, home) for _ in range(MANY)]
        self.richer = build(name, self.parent, 5, home)

    def make_renditions(self, client) -> None:
        """The renditions of every picture the group's pages show."""
        make_renditions(client, f"/api/v2/{self.list_url('*')}&limit={MANY + 1}")

    def list_url(self, fields: str | None) -> str:
        url = f"pages/?type={self.type}&child_of={self.parent.pk}"
        return url if fields is None else f"{url}&fields={fields}"


@pytest.fixture(scope="module")
def groups(django_db_setup, django_db_blocker) -> dict[str, Group]:
    """Every group of pages, built once for this module and dropped after it."""
    with django_db_blocker.unblock(), transaction.atomic():
        home = Site.objects.get(is_default_site=True).root_page.specific
        groups = {name: Group(name, home) for name in GROUPS}
        for group in groups.values():
            group.make_renditions(Client())
        yield groups
        transaction.set_rollback(True)
    cache.clear()


@pytest.fixture
def group(request, groups) -> Group:
    return groups[request.param]


# Lists of fields a client names, besides each field alone (README's listing among them).
NAMED_FIELDS = {
    "ServicePage": ["summary,session_options", "title,body,faqs,related_pages"],
    "HomePage": ["title,featured_services,call_to_action"],
}


def field_sets(group: str) -> list:
    """Default fields, all, each field of the type alone and all but it, and a few lists."""
    names = [field.name for field in PAGE_FIELDS[getattr(models, GROUPS[group])]]
    sets = [
        None,
        "*",
        *names,
        *[f"*,-{name}" for name in names],
        f"title,{names[-1]}",
        *NAMED_FIELDS.get(GROUPS[group], []),
    ]
    return [(group, fields) for fields in sets]


@pytest.mark.parametrize(
    ("group", "fields"),
    [case for group in GROUPS for case in field_sets(group)],
    indirect=["group"],
)
def test_page_list_queries_do_not_grow_with_limit(client, group, fields):
    assert_flat(client, f"/api/v2/{group.list_url(fields)}")


@pytest.mark.parametrize("group", list(GROUPS), indirect=True)
@pytest.mark.parametrize("how", ["detail", "find"])
def test_page_detail_queries_do_not_grow_with_its_parts(client, group, how):
    """A page's detail (by id, or found by its path) costs the same with more of every part."""

    def url(page):
        if how == "find":
            return f"/api/v2/pages/find/?html_path={page.url}&fields=*"
        return f"/api/v2/pages/{page.pk}/?fields=*"

    small, _ = queries(client, url(group.pages[0]))
    rich, _ = queries(client, url(group.richer))
    assert small == rich, f"{small} queries for a page with 2 of each part, {rich} with 5"


OTHER_LISTS = {
    "pages-search": lambda page, category: f"pages/?search={SEARCH_WORD}",
    "pages-search-all-fields": lambda page, category: f"pages/?search={SEARCH_WORD}&fields=*",
    # Among alike pages: how a page's "More to explore" is found depends on the page.
    "pages-search-typed": lambda page, category: (
        f"pages/?type=cms_pages.ServicePage&child_of={page.get_parent().pk}"
        f"&search={SEARCH_WORD}&fields=*"
    ),
    "search": lambda page, category: f"search/?q={SEARCH_WORD}",
    "faqs": lambda page, category: "faqs/",
    "faqs-of-category": lambda page, category: f"faqs/?category={category.slug}",
    "faqs-of-service": lambda page, category: f"faqs/?service={page.pk}",
    "responses": lambda page, category: f"responses/?page={page.pk}",
    "sitemap": lambda page, category: "sitemap/",
}


@pytest.mark.parametrize("group", ["ServicePage"], indirect=True)
@pytest.mark.parametrize("name", list(OTHER_LISTS))
def test_other_lists_queries_do_not_grow_with_limit(client, group, name):
    """Searches, FAQs (all, of a category, of a service) and a page's responses."""
    page = models.ServicePage.objects.get(pk=group.richer.pk)
    category = page.service_faqs.first().faq.category
    for _ in range(MANY):
        ResponseFactory(page=page, status=models.Response.Status.APPROVED)
        page.service_faqs.add(ServiceFAQ(faq=FAQFactory(category=category)))
    page.save_revision().publish()
    # Every answer alike, the demo's included: each links to a page.
    models.FAQ.objects.update(answer=rich_text(group.pages[0]))
    # The site search's pages come first, then its FAQs: MANY items reach the FAQs, which
    # costs their slice and the FAQ page's path, however many FAQs are shown.
    reaching = 2 if name == "search" else 0
    untyped = name.startswith("pages-search") and "type=" not in OTHER_LISTS[name](page, category)
    url = f"/api/v2/{OTHER_LISTS[name](page, category)}"
    assert_flat(client, url, reaching=reaching, afresh=not untyped)


def test_untyped_list_queries_do_not_grow_with_limit(client, demo_content):
    index = demo_content.get_children().get(slug="services")
    for n in range(MANY):
        ServicePageFactory(parent=index, slug=f"bulk-{n}", image=ImageFactory(), image_alt="A")
    make_renditions(client, f"/api/v2/pages/?fields=*&limit={MANY}")
    assert_flat(client, "/api/v2/pages/?fields=*", afresh=False)


@pytest.mark.parametrize("path", ["search/?q=massage&limit=50", "practice/"])
def test_own_endpoints_queries_do_not_grow(client, demo_content, path):
    make_renditions(client, f"/api/v2/{path}")
    few, _ = queries(client, f"/api/v2/{path}")
    for _ in range(MANY):
        FAQFactory(question="Is massage good for zebras?")
    assert queries(client, f"/api/v2/{path}")[0] == few


def test_service_detail_queries_do_not_grow_with_its_parts(client, craniosacral):
    """The demo's own page, grown part by part."""
    url = f"/api/v2/pages/{craniosacral.pk}/"
    image = Image.objects.get(title="Calm massage room")

    def grow(times):
        for n in range(times):
            page = craniosacral
            page.conditions.add(ServiceCondition(name=f"Condition {n}"))
            page.session_options.add(SessionOption(duration_minutes=30 + n, price=50))
            page.service_faqs.add(ServiceFAQ(faq=FAQFactory()))
            related = StandardPageFactory(parent=page.get_parent().get_parent())
            page.related_pages.add(ServiceRelatedPage(related_page=related))
            page.body.append(("image", {"image": image, "alt_text": "room", "caption": ""}))
            page.body.append(("paragraph", f"<p>Paragraph {n}</p>"))
        craniosacral.save_revision().publish()

    grow(1)
    make_renditions(client, url)
    small, _ = queries(client, url)
    grow(12)
    assert queries(client, url)[0] == small
