"""Fixtures of the site's tests, loaded as a plugin (see the Makefile's second pytest run).

The site is a separate Django project (`--ds=frontend_templates.settings.test`), so these
tests run in their own pytest invocation without the backend's conftest.
"""

import os
import shutil
import tempfile
import uuid
from pathlib import Path

import pytest
from django.core.cache import cache

from frontend_templates import prerender
from tests.frontend.live_backend import CLIENT_KEY, WEBHOOK_SECRET, LiveBackend
from tests.frontend.servers import APIProxy, free_port

# Playwright's sync API runs an event loop in the test thread, beside Django code.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
BACKEND_KEY = pytest.StashKey[LiveBackend]()


def pytest_collection_modifyitems(items):
    """Tests that need no live backend run first, while it is being prepared."""
    items.sort(key=lambda item: "live_backend" in item.fixturenames)


def pytest_collection_finish(session):
    """Start preparing the live backend as soon as the collected tests show it is needed."""
    if any("live_backend" in item.fixturenames for item in session.items):
        backend = LiveBackend(Path(tempfile.mkdtemp(prefix="live-backend-")), free_port())
        backend.prepare()
        session.config.stash[BACKEND_KEY] = backend


def pytest_unconfigure(config):
    backend = config.stash.get(BACKEND_KEY, None)
    if backend is not None:
        backend.stop()
        shutil.rmtree(backend.workdir, ignore_errors=True)


@pytest.fixture(scope="session")
def live_backend(pytestconfig) -> LiveBackend:
    """The real CMS backend serving the demo content (started once per test run)."""
    backend = pytestconfig.stash[BACKEND_KEY]
    if backend.process is None:
        backend.start()
    return backend


@pytest.fixture(autouse=True)
def site_settings(settings):
    """Each test gets its own empty page cache and the credentials the backend expects."""
    settings.CACHES = {
        name: {**config, "KEY_PREFIX": f"test-{uuid.uuid4().hex[:12]}"}
        for name, config in settings.CACHES.items()
    }
    settings.API_TRUSTED_CLIENT_KEY = CLIENT_KEY
    settings.CMS_WEBHOOK_SECRET = WEBHOOK_SECRET
    settings.CMS_API_RETRY_SECONDS = 1
    settings.SITE_URL = "https://www.massageaha.example"
    yield settings
    prerender.wait(timeout=30)  # a purge's background renders use this test's settings
    if hasattr(cache, "delete_pattern"):  # Redis: remove this test's keys, and only those
        cache.delete_pattern("*")


@pytest.fixture
def site(client, settings, live_backend):
    """A visitor's browser (Django's test client) on the site, reading the live backend."""
    settings.CMS_API_URL = live_backend.api_url
    settings.CMS_ADMIN_ORIGIN = live_backend.url
    return client


@pytest.fixture
def api_proxy(settings, live_backend):
    """The site reading the live backend through a proxy that can turn slow or failing."""
    with APIProxy(live_backend.url) as proxy:
        settings.CMS_API_URL = proxy.url
        yield proxy


@pytest.fixture
def closed_api_url() -> str:
    """An API address where nothing listens: the API is stopped."""
    return f"http://127.0.0.1:{free_port()}/api/v2/"
