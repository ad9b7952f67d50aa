"""Reads that carry a rule, each written once: above all, what the public may see.

The write paths live beside them in `cms_pages.services`; the API and the services ask here
rather than filtering content themselves, so that a rule (expiry, a view restriction, a
moderated response) cannot be applied in one place and forgotten in another.

Public means live, without a view restriction on the object or an ancestor, and not past
its expiry time: Wagtail only unpublishes expired content when its scheduler runs, and until
then nothing must show it.
"""

import operator
from collections import defaultdict
from datetime import datetime
from functools import reduce

from django.db.models import Count, Min, Q, QuerySet, Window, prefetch_related_objects
from django.db.models.functions import Left, Length, RowNumber
from django.utils import timezone
from wagtail.models import Collection, CollectionViewRestriction, Page, PageQuerySet, Site
from wagtail.search.backends import get_search_backend

from cms_pages.models import FAQ, FAQPage, HomePage, Response, ServiceIndexPage, ServicePage

RELATED_SIBLINGS = 3


def expired_q(now: datetime | None = None) -> Q:
    """The condition of being past its expiry time at `now` (this moment by default)."""
    return Q(expire_at__lt=now or timezone.now())


def public_pages() -> PageQuerySet:
    """Pages the public may see."""
    # Expiry by id: the search backends can filter on `id` but not on `expire_at`.
    expired = Page.objects.filter(expired_q()).values("pk")
    return Page.objects.live().public().exclude(pk__in=expired)


def site_pages_q(site: Site, private: Q, now: datetime | None = None) -> Q:
    """`site_pages(site)` as one condition on the page's own row, for a query of one page
    type's table: the database walks the tree's order and stops at the page of results asked
    for, where `pk__in=site_pages(site)` makes it list every public page first. Not for the
    search backends (they cannot filter on `expire_at`). `private`: the condition of being in
    a private section (`PageQuerySet.private_q`, a query; callers keep it for a while);
    `now`: the moment expiry is judged at (this one by default)."""
    return (
        Q(live=True)
        & ~expired_q(now)
        & ~private
        & Page.objects.descendant_of_q(site.root_page, inclusive=True)
    )


def site_type_count(site: Site, model: type[Page], private: Q, now: datetime) -> tuple:
    """How many public pages of `model` (its subtypes included) `site` has at `now`, counted
    on the pages' own table (indexed by type), and the first expiry time among them (None
    when none expires): the moment that count stops being true without any other change."""
    found = (
        Page.objects.type(model)
        .filter(site_pages_q(site, private, now))
        .aggregate(number=Count("pk"), first_expiry=Min("expire_at"))
    )
    return found["number"], found["first_expiry"]


def public_page(pk: int, model: type[Page] = Page) -> Page | None:
    """The public page with this id, if it is one of `model` (as that model), else None."""
    return model.objects.filter(pk__in=public_pages().filter(pk=pk).values("pk")).first()


def site_pages(site: Site) -> PageQuerySet:
    """The public pages of one site, its home page included."""
    return public_pages().descendant_of(site.root_page, inclusive=True)


def menu_pages(root: Page) -> PageQuerySet:
    """The site's navigation: the root's public children shown in menus, in the tree's order."""
    return public_pages().child_of(root).in_menu()


def related_pages_of(pages: list[ServicePage]) -> dict[int, list[Page]]:
    """'More to explore' of each page, by page id, loaded for all of them at once: the owner's
    public choices in order, else up to three sibling pages."""
    prefetch_related_objects(pages, "related_pages")
    chosen = {
        page.pk: [link.related_page_id for link in page.related_pages.all()] for page in pages
    }
    wanted = {pk for pks in chosen.values() for pk in pks}
    found = {p.pk: p for p in public_pages().filter(pk__in=wanted).specific()} if wanted else {}
    siblings = public_siblings([page for page in pages if not chosen[page.pk]], RELATED_SIBLINGS)
    return {
        page.pk: [found[pk] for pk in chosen[page.pk] if pk in found]
        if chosen[page.pk]
        else siblings[page.pk]
        for page in pages
    }


def public_siblings(pages: list[Page], limit: int) -> dict[int, list[Page]]:
    """Up to `limit` public siblings of each page, by page id, in the tree's order; one query
    for the siblings of all of them (their StreamFields left unloaded), which reads only the
    first `limit` + 1 of each family (the page itself may be one of them), however large."""
    if not pages:
        return {}
    parents = {parent_path(page): page for page in pages}  # one page per family is enough
    family = reduce(operator.or_, (Page.objects.sibling_of_q(page) for page in parents.values()))
    place = Window(RowNumber(), partition_by=family_path(), order_by="path")
    first = public_pages().filter(family).alias(place=place).filter(place__lte=limit + 1)
    families = defaultdict(list)
    for sibling in first.order_by("path").defer_streamfields().specific():
        families[parent_path(sibling)].append(sibling)
    return {
        page.pk: [other for other in families[parent_path(page)] if other.pk != page.pk][:limit]
        for page in pages
    }


def parent_path(page: Page) -> str:
    return page.path[: -page.steplen]


def family_path() -> Left:
    """`parent_path` in SQL: what the pages of one family (siblings) share."""
    return Left("path", Length("path") - Page.steplen)


def featured_services_of(homes: list[HomePage]) -> dict[int, list[ServicePage]]:
    """The featured services of each home page that are public, in the owner's order, by
    page id, loaded for all of them at once."""
    prefetch_related_objects(homes, "featured_services__service")
    links = {home.pk: list(home.featured_services.all()) for home in homes}
    ids = {link.service_id for home_links in links.values() for link in home_links}
    public = set(public_pages().filter(pk__in=ids).values_list("pk", flat=True)) if ids else set()
    return {
        home.pk: [link.service for link in links[home.pk] if link.service_id in public]
        for home in homes
    }


def first_services_under_each(
    indexes: list[ServiceIndexPage], limit: int
) -> dict[int, tuple[list[ServicePage], int]]:
    """The first `limit` public services under each services index, in the tree's order, and
    how many there are, by page id: one query for all of them, which numbers and counts the
    services of each index (window functions) and reads only the first `limit` (their
    StreamFields left unloaded), however many there are."""
    if not indexes:
        return {}
    children = reduce(operator.or_, (ServicePage.objects.child_of_q(index) for index in indexes))
    services = (
        ServicePage.objects.filter(children, pk__in=public_pages().values("pk"))
        .defer_streamfields()
        .annotate(
            place=Window(RowNumber(), partition_by=family_path(), order_by="path"),
            total=Window(Count("pk"), partition_by=family_path()),
        )
        .filter(place__lte=limit)
        .order_by("path")
    )
    found = defaultdict(list)
    for service in services:
        found[parent_path(service)].append(service)
    return {
        index.pk: (found[index.path], found[index.path][0].total if found[index.path] else 0)
        for index in indexes
    }


def call_to_action_pages(homes: list[HomePage]) -> dict[int, Page | None]:
    """The page each home page's call to action leads to, if it is public, by page id, loaded
    for all of them at once."""
    ids = {home.cta_page_id for home in homes} - {None}
    found = {page.pk: page for page in public_pages().filter(pk__in=ids)} if ids else {}
    return {home.pk: found.get(home.cta_page_id) for home in homes}


def public_faqs() -> QuerySet[FAQ]:
    """FAQs the public may see."""
    # Expiry by id, as `public_pages`: the search backends can filter on `id`, not `expire_at`.
    expired = FAQ.objects.filter(expired_q()).values("pk")
    return FAQ.objects.filter(live=True).exclude(pk__in=expired)


def is_public_faq(faq: FAQ) -> bool:
    """The test of `public_faqs` for an FAQ already loaded (e.g. through a page's links)."""
    return faq.live and not (faq.expire_at and faq.expire_at < timezone.now())


def service_faqs(page: ServicePage) -> list[FAQ]:
    """The public FAQs attached to a service, in the owner's order."""
    return [link.faq for link in page.service_faqs.all() if is_public_faq(link.faq)]


def faqs_of_service(faqs: QuerySet[FAQ], service_id: int) -> QuerySet[FAQ]:
    """Those of `faqs` attached to a public page with this id, in that page's order."""
    public = public_pages().filter(pk=service_id)
    return faqs.filter(service_links__page__in=public).order_by("service_links__sort_order")


def faq_page() -> FAQPage | None:
    """The public page that lists every FAQ (search results link to their answers there)."""
    return public_pages().type(FAQPage).first()


def approved_responses() -> QuerySet[Response]:
    """Responses the owner approved for publication, oldest first."""
    return Response.objects.filter(status=Response.Status.APPROVED).order_by("submitted_at")


def responses_open_on(page: Page) -> bool:
    """Whether visitors may respond: a public page with responses switched on."""
    allowed = getattr(page.specific, "allow_responses", False)
    return allowed and public_pages().filter(pk=page.pk).exists()


def private_collection_ids() -> list[int]:
    """Collections with a view restriction, and everything inside them."""
    restricted = Collection.objects.filter(
        pk__in=CollectionViewRestriction.objects.values("collection")
    )
    ids = set()
    for collection in restricted:
        ids.update(collection.get_descendants(inclusive=True).values_list("pk", flat=True))
    return sorted(ids)


def search_pages(query: str, site: Site):
    """The site's public pages matching every word of `query`, best match first.

    The search backend's results, lazy: `count()` costs one query and a slice two (one
    query over the search index ranks the matches and cuts the slice, then its pages are
    loaded; plus, once per search, one listing the few index entries left out; see
    `cms_pages.search_ranking`), however many pages match, so a common word does not load
    the whole catalogue. `site_pages` leaves out expired pages by id, which the backends can
    filter on (not on `expire_at`).
    """
    return get_search_backend().search(query, site_pages(site), operator="and")


def search_faqs(query: str):
    """Public FAQs matching every word of `query`, best match first; lazy, as `search_pages`."""
    return get_search_backend().search(query, public_faqs(), operator="and")
