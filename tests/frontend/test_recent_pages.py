"""A worker's own copies of the pages it served last (page_cache.RecentPages): bounded by the
bytes they weigh, and emptied once a newer content generation is asked for."""

import time

from frontend_templates.page_cache import Page, PageRequest, RecentPages

KIB = 1024


def page(size: int) -> Page:
    return Page(
        status="200 OK",
        headers=(),
        bodies={"identity": b"x" * size},
        etag='W/"x"',
        last_modified="",
        modified_at=time.time(),
    )


def request(path: str, generation: int = 1) -> PageRequest:
    return PageRequest(key=f"page:{generation}:{path}", path=path, query="", generation=generation)


def test_the_copies_weigh_no_more_than_the_budget_and_the_least_recent_go_first():
    recent = RecentPages(budget=100 * KIB)
    for number in range(20):
        recent.put(request(f"/{number}/"), page(10 * KIB))
        recent.get(request("/0/").key)  # the home page stays in use
    assert recent.weight == 100 * KIB
    assert recent.get(request("/0/").key) is not None
    assert recent.get(request("/19/").key) is not None
    assert recent.get(request("/1/").key) is None


def test_a_page_heavier_than_an_eighth_of_the_budget_is_left_to_the_shared_cache():
    recent = RecentPages(budget=80 * KIB)
    recent.put(request("/small/"), page(KIB))
    recent.put(request("/sitemap.xml"), page(11 * KIB))
    assert recent.get(request("/sitemap.xml").key) is None
    assert recent.get(request("/small/").key) is not None


def test_a_newer_generation_empties_them_and_an_older_one_is_not_kept():
    recent = RecentPages(budget=100 * KIB)
    recent.put(request("/a/", generation=1), page(KIB))
    recent.put(request("/b/", generation=2), page(KIB))
    assert recent.get(request("/a/", generation=1).key) is None
    assert recent.weight == KIB
    recent.put(request("/c/", generation=1), page(KIB))  # rendered before the purge
    assert recent.get(request("/c/", generation=1).key) is None
    assert recent.get(request("/b/", generation=2).key) is not None


def test_a_page_kept_again_replaces_its_copy_without_counting_twice():
    recent = RecentPages(budget=100 * KIB)
    recent.put(request("/a/"), page(KIB))
    recent.put(request("/a/"), page(2 * KIB))
    assert recent.weight == 2 * KIB
    assert len(recent.get(request("/a/").key).bodies["identity"]) == 2 * KIB
