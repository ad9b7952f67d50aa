"""The practice answer's `personal_data`: what the site tells visitors beside its forms.

Read through the API's shared cache as the site reads it, after a first answer was kept: a
change to the owner's settings, or to the privacy page itself, shows in the next answer.
"""

import pytest
from django.test import override_settings
from wagtail.models import PageViewRestriction

from cms_pages.models import PracticeSettings, StandardPage

pytestmark = pytest.mark.django_db


def personal_data(api) -> dict:
    return api.json("practice/")["personal_data"]


@pytest.fixture
def privacy(demo_content) -> StandardPage:
    return StandardPage.objects.get(slug="privacy")


@override_settings(AKISMET_API_KEY="")
def test_the_demo_tells_the_default_periods_and_links_its_privacy_page(api, privacy):
    assert personal_data(api) == {
        "appointment_request_retention_days": 180,
        "spam_retention_days": 30,
        "connection_data_retention_days": 30,
        "akismet_enabled": False,
        "privacy_page": "/privacy/",
    }
    assert PracticeSettings.objects.get().privacy_page_id == privacy.pk


def test_the_periods_follow_the_owners_settings_at_once(api, demo_content):
    personal_data(api)
    practice = PracticeSettings.objects.get()
    practice.appointment_request_retention_days = 90
    practice.spam_retention_days = 7
    practice.connection_data_retention_days = 14
    practice.save()

    told = personal_data(api)
    assert told["appointment_request_retention_days"] == 90
    assert told["spam_retention_days"] == 7
    assert told["connection_data_retention_days"] == 14


def test_no_privacy_page_is_linked_when_none_is_chosen(api, demo_content):
    personal_data(api)
    practice = PracticeSettings.objects.get()
    practice.privacy_page = None
    practice.save()
    assert personal_data(api)["privacy_page"] is None


def test_an_unpublished_privacy_page_is_never_linked(api, privacy):
    assert personal_data(api)["privacy_page"] == "/privacy/"
    privacy.unpublish()
    assert personal_data(api)["privacy_page"] is None
    privacy.save_revision().publish()
    assert personal_data(api)["privacy_page"] == "/privacy/"


def test_a_private_or_deleted_privacy_page_is_never_linked(api, privacy):
    assert personal_data(api)["privacy_page"] == "/privacy/"
    PageViewRestriction.objects.create(
        page=privacy, restriction_type=PageViewRestriction.PASSWORD, password="secret"
    )
    assert personal_data(api)["privacy_page"] is None
    privacy.delete()
    assert personal_data(api)["privacy_page"] is None
    assert PracticeSettings.objects.get().privacy_page is None


def test_a_moved_privacy_page_is_linked_at_its_new_path(api, privacy):
    assert personal_data(api)["privacy_page"] == "/privacy/"
    privacy.move(StandardPage.objects.get(slug="about"), pos="last-child")
    assert personal_data(api)["privacy_page"] == "/about/privacy/"


def test_akismet_is_announced_only_while_responses_go_to_it(api, demo_content):
    with override_settings(AKISMET_API_KEY=""):
        assert personal_data(api)["akismet_enabled"] is False
    # A restart with a key changes no content: the answer kept before it is not served.
    with override_settings(AKISMET_API_KEY="an-akismet-key"):
        assert personal_data(api)["akismet_enabled"] is True
    with override_settings(AKISMET_API_KEY=""):
        assert personal_data(api)["akismet_enabled"] is False
