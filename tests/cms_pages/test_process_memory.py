"""What keeps a long-running backend process small: the garbage of admin pages collected once
they are sent (backend.admin_garbage), SQLite's page cache per connection bounded, and
Wagtail's unserved v3 API left out (backend.wagtail_api_v3)."""

import sys
from pathlib import Path
from types import ModuleType

import pytest
import wagtail
from django.db import connection

from backend import admin_garbage, wagtail_api_v3
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


def test_wagtails_v3_api_is_not_built_in_a_process_that_does_not_serve_it():
    assert "ninja" not in sys.modules  # django-ninja, imported by nothing else
    assert isinstance(sys.modules["wagtail.api.v3.api"].api, wagtail_api_v3.UnroutedApi)


@pytest.mark.parametrize("name", wagtail_api_v3.STAND_INS)
def test_each_stand_in_takes_the_place_of_a_module_wagtail_ships(name):
    module_path = Path(wagtail.__file__).parent.joinpath(*name.split(".")[1:])
    assert module_path.with_suffix(".py").exists() or (module_path / "__init__.py").exists()


def test_with_the_v3_api_installed_wagtail_builds_it_as_usual():
    modules = {}
    wagtail_api_v3.leave_out(["wagtail", "wagtail.api.v3"], modules)
    assert modules == {}


def test_a_v3_module_already_imported_is_left_in_place():
    imported = ModuleType("wagtail.api.v3.api")
    modules = {"wagtail.api.v3.api": imported}
    wagtail_api_v3.leave_out(["wagtail"], modules)
    assert modules["wagtail.api.v3.api"] is imported
    assert modules.keys() == wagtail_api_v3.STAND_INS.keys()
