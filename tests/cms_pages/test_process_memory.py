"""What keeps a long-running backend process small: the garbage of admin pages collected once
they are sent (backend.admin_garbage), and SQLite's page cache per connection bounded."""

import pytest
from django.db import connection

from backend import admin_garbage
from tests.garbage import manual_collections, unheld_cycle

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def frozen_looked_at_again():
    """The middleware looks once per process whether it was frozen; each test freezes or not."""
    admin_garbage.frozen.cache_clear()
    yield
    admin_garbage.frozen.cache_clear()


def test_the_garbage_of_an_admin_page_is_collected_once_it_is_sent(admin_client):
    with manual_collections(frozen=True):
        left = unheld_cycle()
        assert admin_client.get("/admin/").status_code == 200
        assert left() is None


def test_other_requests_leave_collecting_to_python(admin_client):
    with manual_collections(frozen=True):
        left = unheld_cycle()
        assert admin_client.get("/api/v2/pages/").status_code == 200
        assert left() is not None


def test_a_process_that_froze_nothing_does_not_collect_after_admin_pages(admin_client):
    with manual_collections():
        left = unheld_cycle()
        assert admin_client.get("/admin/").status_code == 200
        assert left() is not None  # a collection here would look at every object (~100 ms)


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's own page cache")
def test_each_sqlite_connection_keeps_at_most_half_a_mebibyte_of_pages():
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        assert cursor.fetchone()[0] == -512  # KiB (SQLite's default: -2000)
