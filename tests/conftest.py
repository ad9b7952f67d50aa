"""Fixtures shared by every room's tests."""

import io

import pytest
from django.core.management import call_command
from wagtail.models import Page, Site

from cms_pages.models import HomePage


@pytest.fixture
def demo_content(db):
    """The full demo site, loaded exactly as `make run` loads it."""
    call_command("load_demo_content", stdout=io.StringIO())
    return Site.objects.get(is_default_site=True).root_page.specific


@pytest.fixture
def home_page(db) -> HomePage:
    """A bare home page set as the default site's root."""
    from tests.factories import HomePageFactory

    root = Page.get_first_root_node()
    home = HomePageFactory(parent=root, slug="home-test")
    site = Site.objects.get(is_default_site=True)
    site.root_page = home
    site.save()
    return home


@pytest.fixture
def admin_client(client, django_user_model):
    """A test client logged in as a superuser, as the practice owner would be."""
    user = django_user_model.objects.create_superuser("owner", "owner@example.com", "pw")
    client.force_login(user)
    return client
