"""The scale step's catalogue written in bulk: the rows a publish leaves, without its cost.

Publishing 5,000 pages one by one (`add_child`, `save_revision().publish()`, their signals,
queued index tasks and site notifications) takes the better part of half an hour on two
cores. The same rows are written here in a few statements each: treebeard paths, depths
and child counts, `url_path`, each page type's own table (as `loaddata` does, `raw`, so no
signal fires), live revisions (`live_revision` = `latest_revision`), inline children, FAQs
with their revisions, approved responses; then Wagtail's search index entries, through the
search backend as `update_index` writes them. Imported by bench.catalogue's process only,
once Django is set up with the backend's settings.

The tree: the demo's /services/ and four more services indexes of SERVICES_PER_INDEX
services each, and SECTIONS standard pages under the home page, each with PAGES_PER_SECTION
standard pages: 5,000 new pages (what they say: bench.catalogue_content).
"""

import itertools

from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone
from wagtail.models import Page, Revision
from wagtail.search.backends import get_search_backend

from bench import catalogue_content as content
from cms_pages.models import (
    FAQ,
    FAQCategory,
    HomePage,
    Response,
    ServiceCondition,
    ServiceFAQ,
    ServiceIndexPage,
    ServicePage,
    SessionOption,
    StandardPage,
)
from cms_pages.personal_data.sealing import lookup_hash

NEW_INDEXES = 4
SERVICES_PER_INDEX = 799
SECTIONS = 11
PAGES_PER_SECTION = 90
FAQS = 200
RESPONSE_EVERY = 5  # the demo: one approved response for its five services
CHUNK = 500  # pages a transaction, objects a search-index write (and a `pk__in` list)


class Tree:
    """New pages placed under their parents as treebeard and Wagtail place them."""

    def __init__(self):
        self.pages: list[Page] = []
        self.steps: dict[str, int] = {}  # parent path -> last child step used
        self.existing: dict[str, list] = {}  # path of a parent already saved -> [page, added]
        self.now = timezone.now()

    def add(self, parent: Page, page: Page) -> Page:
        if parent.path not in self.steps:
            last = parent.get_last_child() if parent.pk else None
            self.steps[parent.path] = Page._str2int(last.path[-Page.steplen :]) if last else 0
            if parent.pk:
                self.existing[parent.path] = [parent, 0]
        self.steps[parent.path] += 1
        if parent.pk:
            self.existing[parent.path][1] += 1
        page.path = Page._get_path(parent.path, parent.depth + 1, self.steps[parent.path])
        page.depth, page.numchild = parent.depth + 1, 0
        page.url_path = f"{parent.url_path}{page.slug}/"
        page.locale_id, page.draft_title, page.live = parent.locale_id, page.title, True
        page.first_published_at = page.last_published_at = self.now
        page.latest_revision_created_at = self.now
        self.pages.append(page)
        return page

    def write(self) -> None:
        """Every page, CHUNK pages a transaction (the stack's worker writes meanwhile), then
        the child counts of the parents that were there before."""
        for page in self.pages:
            page.numchild = self.steps.get(page.path, 0)
        for start in range(0, len(self.pages), CHUNK):
            with transaction.atomic():
                write_pages(self.pages[start : start + CHUNK], self.now)
        with transaction.atomic():
            for parent, added in self.existing.values():
                Page.objects.filter(pk=parent.pk).update(numchild=F("numchild") + added)


def write_pages(pages: list[Page], now) -> None:
    """The pages' rows (base table, then each type's own), the services' inline children,
    and each page's live revision, also its latest: published, no draft pending."""
    fields = [field.attname for field in Page._meta.concrete_fields if field.attname != "id"]
    rows = Page.objects.bulk_create(
        [Page(**{name: getattr(page, name) for name in fields}) for page in pages]
    )
    for page, row in zip(pages, rows, strict=True):
        page.id = page.page_ptr_id = row.pk
        page.save_base(raw=True, force_insert=True)  # its own table only, no signals
    write_children([page for page in pages if isinstance(page, ServicePage)])
    revisions = Revision.objects.bulk_create([revision(page, now) for page in pages])
    for row, rev in zip(rows, revisions, strict=True):
        row.latest_revision_id = row.live_revision_id = rev.pk
    Page.objects.bulk_update(rows, ["latest_revision", "live_revision"])


def revision(obj, now) -> Revision:
    """The live revision of a new object, as `save_revision()` would write it."""
    return Revision(
        content_type_id=obj.get_content_type().pk,
        base_content_type_id=obj.get_base_content_type().pk,
        object_id=str(obj.pk),
        created_at=now,
        object_str=str(obj)[:255],
        content=obj.serializable_data(),
    )


def write_faqs(now) -> list[FAQ]:
    categories = list(FAQCategory.objects.order_by("sort_order"))
    made = [content.faq(number, categories) for number in range(FAQS)]
    for faq in made:
        faq.live, faq.has_unpublished_changes = True, False
        faq.first_published_at = faq.last_published_at = now
    faqs = FAQ.objects.bulk_create(made)
    revisions = Revision.objects.bulk_create([revision(faq, now) for faq in faqs])
    for faq, rev in zip(faqs, revisions, strict=True):
        faq.latest_revision_id = faq.live_revision_id = rev.pk
    FAQ.objects.bulk_update(faqs, ["latest_revision", "live_revision"])
    return faqs


def build() -> tuple[dict, list[Page]]:
    """Write the catalogue; answer what was made and how long each part took, and the pages
    a publish of it would announce: the home page's new children and /services/."""
    seconds = {}
    started = timezone.now()
    tree = Tree()
    with transaction.atomic():
        faqs = write_faqs(tree.now)
    home = HomePage.objects.get(depth=2)
    indexes = [ServiceIndexPage.objects.get(url_path=f"{home.url_path}services/")]
    for number in range(NEW_INDEXES):
        index = ServiceIndexPage(
            title=f"More Treatments {number + 1}",
            slug=f"more-treatments-{number + 1}",
            introduction=content.paragraphs(f"More kinds of massage. {content.TEXT}"),
        )
        indexes.append(tree.add(home, index))
    numbers = itertools.count()
    services = [
        tree.add(index, content.service(next(numbers), faqs))
        for index in indexes
        for _ in range(SERVICES_PER_INDEX)
    ]
    for section in range(SECTIONS):
        parent = tree.add(home, content.standard(f"Massage Guide {section + 1}", section))
        for number in range(PAGES_PER_SECTION):
            tree.add(parent, content.standard(f"Guide {section + 1} Note {number + 1}", number))
    tree.write()
    with transaction.atomic():
        responses = write_responses(services[::RESPONSE_EVERY], tree.now)
    seconds["rows"] = (timezone.now() - started).total_seconds()
    started = timezone.now()
    index_objects(tree.pages, faqs)
    seconds["search index"] = (timezone.now() - started).total_seconds()
    if connection.vendor == "postgresql":
        started = timezone.now()
        refresh_statistics()
        seconds["statistics (ANALYZE)"] = (timezone.now() - started).total_seconds()
    changed = [indexes[0], *(page for page in tree.pages if page.depth == home.depth + 1)]
    return {
        "pages": len(tree.pages),
        "services": len(services),
        "service_indexes": len(indexes),
        "standard_pages": SECTIONS * (PAGES_PER_SECTION + 1),
        "sections": SECTIONS,
        "faqs": len(faqs),
        "approved_responses": responses,
        "seconds": {name: round(value, 1) for name, value in seconds.items()},
    }, changed


def write_children(services: list[ServicePage]) -> None:
    """The services' inline children (conditions, session options, FAQ links)."""
    for model, relation in (
        (ServiceCondition, "conditions"),
        (SessionOption, "session_options"),
        (ServiceFAQ, "service_faqs"),
    ):
        children = []
        for page in services:
            for child in getattr(page, relation).all():
                child.page_id = page.pk
                children.append(child)
        model.objects.bulk_create(children)


def write_responses(pages: list[ServicePage], now) -> int:
    """One approved response on each of these pages (bulk: no moderation signal fires)."""
    found = Response.objects.bulk_create(
        [
            Response(
                page_id=page.pk,
                name="A visitor",
                email=f"visitor{page.pk}@example.com",
                email_hash=lookup_hash(f"visitor{page.pk}@example.com"),
                text=f"Lovely, calm massage; my {page.title.lower()} thanks you. {content.TEXT}",
                status=Response.Status.APPROVED,
                submitted_at=now,
                fingerprint=f"catalogue-{page.pk}",
            )
            for page in pages
        ]
    )
    return len(found)


def refresh_statistics() -> None:
    """PostgreSQL's planner statistics of the tables just filled. Its autovacuum analyzes a
    table once a tenth of it has changed, within a minute (`autovacuum_naptime`); the scale
    step measures at once, when the planner would still take the new pages' tables for
    nearly empty ones (nested loops over 5,000 rows). SQLite keeps no statistics unless
    asked (nothing in production asks), so it is left as it is."""
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def index_objects(pages: list[Page], faqs: list[FAQ]) -> None:
    """Search index entries of the new pages and FAQs, as `update_index` writes them."""
    backend = get_search_backend()
    wanted = [(FAQ, [faq.pk for faq in faqs])]
    for model in (ServiceIndexPage, ServicePage, StandardPage):
        wanted.append((model, [page.pk for page in pages if type(page) is model]))
    for model, ids in wanted:
        for start in range(0, len(ids), CHUNK):
            chunk = model.get_indexed_objects().filter(pk__in=ids[start : start + CHUNK])
            backend.add_bulk(model, list(chunk))
