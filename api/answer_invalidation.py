"""Which stored page answers (`api.stored_answers`) a change makes stale, and their rebuilding.

The change feed (`api.change_feed`) hands over each committed batch of changes; the answers
they may have changed are forgotten before the site is told, and the worker builds them
again (`rebuild_answers`), so that the next request finds them ready.

- a page published, unpublished, moved, made private or public: the page, its parent, its
  children (every descendant when moved or made private), its siblings when it is among the
  first few (they show up to three of them), and the pages choosing it (reference index);
  with a page deleted (whose own answer goes with it): every answer holding one of the
  page's public paths (a link, a card, a parent);
- an FAQ or an FAQ category: the services showing its FAQs, and every FAQ page;
- an image: the pages using it (reference index) and every answer holding their paths
  (cards); a document: every answer holding its address;
- a collection made private or public: all of them;
- practice details, responses, redirects: none (filled in when read, or not in answers).

The reference index is brought up to date by the worker: a page saved less than a moment
before the change it refers to may keep its answer until its own next change.
"""

import gc
import operator
from dataclasses import dataclass, field
from functools import reduce
from urllib.parse import urlsplit

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django_tasks import task
from wagtail.models import Page, ReferenceIndex, Site

from api import stored_answers
from api.models import StoredPageAnswer
from cms_pages import selectors
from cms_pages.models import FAQ, FAQCategory, FAQPage, ServiceFAQ

PAGE_EVENTS = {
    "page_published",
    "page_unpublished",
    "page_deleted",
    "page_moved",
    "page_privacy_changed",
}
WHOLE_SUBTREE = {"page_moved", "page_privacy_changed"}
BATCH_SIZE = 100
# Conditions per query: SQLite refuses an expression deeper than 1,000 (a move of a large
# section names thousands of paths).
CONDITIONS_PER_QUERY = 200


@dataclass
class Stale:
    """The stored answers a batch of changes may have made stale: all of them, or those of
    `page_ids` and those whose JSON holds one of `texts`."""

    everything: bool = False
    page_ids: set[int] = field(default_factory=set)
    texts: set[str] = field(default_factory=set)

    def holding_paths(self, urls) -> None:
        """Answers holding one of these public addresses as a value ("path": "/x/") or in a
        link of their HTML (href=\\"/x/\\")."""
        for url in urls:
            path = urlsplit(url).path
            self.texts.update((f'"{path}"', f'\\"{path}\\"'))

    def filters(self):
        """The stale answers as filters on StoredPageAnswer, each small enough for a query."""
        if self.everything:
            yield Q()
            return
        for ids in in_chunks(sorted(self.page_ids), CONDITIONS_PER_QUERY):
            yield Q(page_id__in=ids)
        for texts in in_chunks(sorted(self.texts), CONDITIONS_PER_QUERY):
            yield reduce(operator.or_, (Q(answer__contains=text) for text in texts))


def in_chunks(items: list, size: int):
    """`items` in consecutive slices of at most `size`."""
    for start in range(0, len(items), size):
        yield items[start : start + size]


def stale_answers(changes: dict) -> Stale:
    """The stored answers a batch's changes (`api.change_feed.Batch.changes`) may have made
    stale."""
    stale = Stale()
    for (event, object_type, object_id), paths in changes.items():
        if event == "collection_privacy_changed":
            return Stale(everything=True)
        if event in PAGE_EVENTS:
            stale.holding_paths(paths)
            stale.page_ids.update(pages_near(object_id, whole_subtree=event in WHOLE_SUBTREE))
        elif event == "faq_changed":
            stale.page_ids.update(pages_showing_faqs(object_type, object_id))
        elif event == "image_changed":
            users = pages_referring_to(object_type, object_id)
            stale.page_ids.update(users)
            stale.holding_paths(paths_of(users))
        elif event == "document_changed":
            stale.texts.add(f"/documents/{object_id}/")
    return stale


def pages_near(page_id: int, *, whole_subtree: bool) -> list[int]:
    """The page, its parent, its children (or every descendant), its siblings when it is
    among the first RELATED_SIBLINGS + 1 of them, and the pages choosing it."""
    page = Page.objects.filter(pk=page_id).first()
    if page is None:  # deleted: its answer went with it, the others hold its path
        return []
    near = (
        Page.objects.descendant_of(page, inclusive=True)
        if whole_subtree
        else Page.objects.child_of(page) | Page.objects.filter(pk=page.pk)
    )
    ids = set(near.values_list("pk", flat=True))
    parent = page.get_parent()
    if parent is not None:
        ids.add(parent.pk)
        earlier = selectors.public_pages().sibling_of(page).filter(path__lt=page.path)
        if earlier.count() <= selectors.RELATED_SIBLINGS:
            ids.update(Page.objects.sibling_of(page).values_list("pk", flat=True))
    ids.update(pages_referring_to(Page._meta.label, page_id))
    return sorted(ids)


def pages_referring_to(object_type: str, object_id) -> list[int]:
    """Pages whose own content refers to the object, as Wagtail's reference index has it."""
    references = ReferenceIndex.objects.filter(
        to_content_type=ContentType.objects.get_for_model(apps.get_model(object_type)),
        to_object_id=str(object_id),
        base_content_type=ContentType.objects.get_for_model(Page),
    )
    return [int(pk) for pk in references.values_list("object_id", flat=True)]


def paths_of(page_ids: list[int]) -> list[str]:
    return [page.url for page in Page.objects.filter(pk__in=page_ids) if page.url]


def pages_showing_faqs(object_type: str, object_id) -> list[int]:
    """The services showing the FAQ (or the FAQs of the category), and every FAQ page."""
    links = ServiceFAQ.objects.all()
    if object_type == FAQ._meta.label:
        links = links.filter(faq_id=object_id)
    elif object_type == FAQCategory._meta.label:
        links = links.filter(faq__category_id=object_id)
    services = links.values_list("page_id", flat=True)
    return [*services, *FAQPage.objects.values_list("pk", flat=True)]


def forget(changes: dict) -> None:
    """Forget the answers the changes made stale, and have the worker build them again."""
    page_ids: set[int] = set()
    for stale in stale_answers(changes).filters():
        rows = StoredPageAnswer.objects.filter(stale)
        page_ids.update(rows.values_list("page_id", flat=True))
        rows.delete()
    if page_ids:
        rebuild_answers.enqueue(sorted(page_ids))


@task()
def rebuild_answers(page_ids: list[int]) -> None:
    """Build and store the answers of these pages that are public, BATCH_SIZE at a time.

    Built again even when a request has stored one meanwhile: a request that read the
    content just before the change may have stored what it read.

    The garbage of one batch is collected before the next is built: its serializers hold
    reference cycles (each field points back at its parent), which only a full collection
    frees, and that comes round seldom; without it a rebuild of thousands of pages grew the
    worker by ~15 MiB it never gave back (long-lived objects made meanwhile pin the memory)."""
    from api.router import wagtail_router  # the router knows the API's views, which use us
    from api.views.pages import PublicPagesAPIViewSet

    for site in Site.objects.select_related("root_page"):
        public = selectors.site_pages(site).filter(pk__in=page_ids).order_by("path")
        ids = list(public.values_list("pk", flat=True))
        for number, chunk in enumerate(in_chunks(ids, BATCH_SIZE)):
            if number:
                gc.collect()
            stored_answers.rebuild(PublicPagesAPIViewSet, wagtail_router, site, chunk)
