"""Fixtures shared by every room's tests."""

import io

import akismet
import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connections
from wagtail.models import Site

from cms_pages import spam
from cms_pages.models import HomePage, ServicePage


@pytest.fixture(autouse=True)
def fresh_cache():
    """Each test starts with an empty cache: cached API answers must not leak between tests."""
    cache.clear()
    yield
    cache.clear()


def load_demo_content() -> None:
    call_command("load_demo_content", stdout=io.StringIO())


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Load the demo site once into the test database; each test's changes roll back.

    When a test asks for `serialized_rollback`, the database was serialized before the demo
    was loaded; it is serialized again with the demo, which that test then starts from.
    """
    with django_db_blocker.unblock():
        load_demo_content()
        for connection in connections.all(initialized_only=True):
            if hasattr(connection, "_test_serialized_contents"):
                connection._test_serialized_contents = connection.creation.serialize_db_to_string()


@pytest.fixture
def demo_content(db) -> HomePage:
    """The demo site's home page, as loaded once per database by `django_db_setup`.

    A transactional test (`transaction=True`) empties the database when it ends, Wagtail's
    root page included; one that needs the demo asks for `serialized_rollback=True`, which
    brings the demo back as it starts.
    """
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    if site is None or not isinstance(site.root_page.specific, HomePage):
        pytest.fail("no demo content: a transactional test needs serialized_rollback=True")
    return site.root_page.specific


@pytest.fixture
def craniosacral(demo_content) -> ServicePage:
    """The practice's own page, /services/craniosacral-massage/."""
    return ServicePage.objects.get(slug="craniosacral-massage")


@pytest.fixture
def home_page(demo_content) -> HomePage:
    return demo_content


@pytest.fixture
def admin_client(client, django_user_model):
    """A test client logged in as a superuser, as the practice owner would be."""
    user = django_user_model.objects.create_superuser("owner", "owner@example.com", "pw")
    client.force_login(user)
    return client


@pytest.fixture
def keep_test_connection(monkeypatch):
    """The worker, the scheduler and a request's start and end signals close stale
    connections, as Django does between requests; inside a test's transaction that would
    close the test's own connection (on PostgreSQL), so here they leave it open, as Django's
    test client does."""
    import django_tasks_db.management.commands.db_worker as db_worker
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    from cms_pages import scheduler

    for module in (db_worker, scheduler):
        monkeypatch.setattr(module, "close_old_connections", lambda: None)
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


@pytest.fixture
def recorded_akismet(monkeypatch, settings) -> list:
    """What Akismet is told of the owner's decisions, as ("spam" | "ham", text): Akismet
    cannot be reached from tests, so its package's test client records the reports."""
    settings.AKISMET_API_KEY = "test-key"
    reports = []

    class Recording(akismet.TestSyncClient):
        def submit_spam(self, user_ip, **kwargs):
            reports.append(("spam", kwargs["comment_content"]))
            return True

        def submit_ham(self, user_ip, **kwargs):
            reports.append(("ham", kwargs["comment_content"]))
            return True

    monkeypatch.setattr(
        spam, "akismet_client", lambda: Recording(config=akismet.Config("k", "https://x.example"))
    )
    return reports
