"""The shared cache of a machine without Redis (backend.file_cache): writes do not list the
whole cache directory each time, and the cache still stays near its bound."""

from pathlib import Path

import pytest

from backend.file_cache import SparselyCulledFileCache


@pytest.fixture
def make_cache(tmp_path):
    def make(max_entries: int) -> SparselyCulledFileCache:
        return SparselyCulledFileCache(str(tmp_path), {"OPTIONS": {"MAX_ENTRIES": max_entries}})

    return make


def test_writes_list_the_directory_once_in_a_while(make_cache, monkeypatch):
    cache = make_cache(10_000)
    listings = []
    list_files = cache._list_cache_files
    monkeypatch.setattr(cache, "_list_cache_files", lambda: listings.append(1) or list_files())

    for number in range(500):
        cache.set(f"key-{number}", number)

    # Django's own file cache lists the directory on every write: 500 times here.
    assert len(listings) == 500 // cache.check_every
    assert cache.get("key-499") == 499


def test_a_full_cache_is_still_culled(make_cache, tmp_path):
    cache = make_cache(100)
    for number in range(1_000):
        cache.set(f"key-{number}", number)

    entries = len(list(Path(tmp_path).glob("*.djcache")))
    assert entries <= 100 + cache.check_every
    assert cache.get("key-999") == 999
