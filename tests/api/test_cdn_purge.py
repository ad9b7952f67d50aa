"""The CDN in front of the site is purged after each change, once the site has re-rendered.

The CDN is Wagtail's HTTP (Varnish) backend aimed at a real local stand-in that records the
PURGE requests; another stand-in plays the site's purge endpoint.
"""

import logging
import re
import sys

import pytest
from django.core.exceptions import ImproperlyConfigured
from django_tasks.signals import task_enqueued
from wagtail.contrib.frontend_cache.backends import (
    CloudflareBackend,
    CloudfrontBackend,
    HTTPBackend,
)
from wagtail.contrib.frontend_cache.utils import get_backends
from wagtail.contrib.redirects.models import Redirect

from api.models import WebhookSubscriber
from backend.settings.base import frontend_cache_settings
from cms_pages.models import FAQ
from tests.api.conftest import Receiver

pytestmark = pytest.mark.django_db
SITE = "https://www.massageaha.example"
HOST = "www.massageaha.example"
CRANIO = "/services/craniosacral-massage/"


def use_cdn(settings, location: str) -> None:
    """CDN_PURGE_BACKEND=http with this CDN_PURGE_LOCATION, for the site at SITE."""
    env = {"CDN_PURGE_BACKEND": "http", "CDN_PURGE_LOCATION": location}
    settings.FRONTEND_URL = SITE
    settings.WAGTAILFRONTENDCACHE = frontend_cache_settings(env, SITE)


@pytest.fixture
def site(settings):
    """The site's purge endpoint (it answers once the changed pages are re-rendered)."""
    found = Receiver()
    settings.FRONTEND_PURGE_URL, settings.CMS_WEBHOOK_SECRET = found.url, "shared"
    yield found
    found.close()


@pytest.fixture
def cdn(settings):
    """A Varnish-like CDN that answers each PURGE with 200."""
    found = Receiver(statuses=(200,))
    use_cdn(settings, found.url)
    yield found
    found.close()


def purged(cdn: Receiver) -> set[str]:
    """The addresses the CDN was told to drop, as host + path."""
    assert {message["method"] for message in cdn.received} <= {"PURGE"}
    return {message["headers"]["Host"] + message["path"] for message in cdn.received}


def publish(page, django_capture_on_commit_callbacks) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()


def test_a_publish_purges_the_page_its_parents_home_and_sitemap_on_the_sites_address(
    site, cdn, craniosacral, django_capture_on_commit_callbacks
):
    publish(craniosacral, django_capture_on_commit_callbacks)
    assert purged(cdn) == {
        HOST + CRANIO,
        HOST + "/services/",
        HOST + "/",
        HOST + "/sitemap.xml",
    }  # not the Wagtail Site's `localhost`: Wagtail's own publish handlers are not installed


def test_an_faq_change_purges_every_public_page(
    api, site, cdn, demo_content, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        FAQ.objects.filter(live=True).first().save_revision().publish()
    pages = {item["meta"]["path"] for item in api.json("pages/?limit=50")["items"]}
    assert {"/", "/services/", CRANIO, "/faq/", "/contact/"} <= pages
    assert purged(cdn) == {HOST + path for path in pages | {"/sitemap.xml"}}


def test_the_cdn_is_purged_after_the_site_has_answered(
    site, cdn, craniosacral, django_capture_on_commit_callbacks
):
    publish(craniosacral, django_capture_on_commit_callbacks)
    [site_purge] = site.received
    assert cdn.received
    assert all(message["arrival"] > site_purge["arrival"] for message in cdn.received)


def test_the_cdn_is_purged_even_when_the_site_is_down(
    settings, cdn, craniosacral, django_capture_on_commit_callbacks
):
    settings.FRONTEND_PURGE_URL, settings.CMS_WEBHOOK_SECRET = "http://127.0.0.1:9/", "shared"
    publish(craniosacral, django_capture_on_commit_callbacks)
    assert HOST + CRANIO in purged(cdn)


def test_nothing_is_purged_without_a_cdn(
    settings, site, cdn, craniosacral, django_capture_on_commit_callbacks
):
    settings.WAGTAILFRONTENDCACHE = frontend_cache_settings({"CDN_PURGE_BACKEND": ""}, SITE)
    queued = []

    def record(sender, task_result, **kwargs):
        queued.append(task_result.task.name)

    task_enqueued.connect(record)
    try:
        publish(craniosacral, django_capture_on_commit_callbacks)
    finally:
        task_enqueued.disconnect(record)
    assert len(site.received) == 1  # the change was announced
    assert cdn.received == []
    assert "purge_cdn" not in queued


def test_a_redirect_added_in_the_admin_purges_its_path_on_the_sites_address_only(
    admin_client, site, cdn, demo_content, django_capture_on_commit_callbacks
):
    form = {"old_path": "/old-prices", "site": "", "is_permanent": "on", "redirect_link": ""}
    form["redirect_page"] = demo_content.pk
    with django_capture_on_commit_callbacks(execute=True):
        answer = admin_client.post("/admin/redirects/add/", form)
    assert answer.status_code == 302
    assert Redirect.objects.filter(old_path="/old-prices").exists()
    # Wagtail's redirect view also purges the Site's address (http://localhost/old-prices):
    # HOSTNAMES keeps that away from the CDN.
    assert purged(cdn) == {HOST + "/old-prices", HOST + "/", HOST + "/sitemap.xml"}


@pytest.mark.parametrize("failure", ["answers-500", "hangs-up", "refuses"])
def test_a_failing_cdn_does_not_break_the_publish(
    api, settings, site, receiver, craniosacral, django_capture_on_commit_callbacks, caplog, failure
):
    WebhookSubscriber.objects.create(name="Partner", url=receiver.url)
    broken = Receiver(statuses={"answers-500": (500,), "hangs-up": (None,)}.get(failure, (200,)))
    try:
        use_cdn(settings, "http://127.0.0.1:9" if failure == "refuses" else broken.url)
        craniosacral.title = "CranioSacral Therapy, renewed"
        with caplog.at_level(logging.ERROR):
            publish(craniosacral, django_capture_on_commit_callbacks)
    finally:
        broken.close()
    assert api.json(f"pages/{craniosacral.pk}/")["title"] == "CranioSacral Therapy, renewed"
    assert len(site.received) == 1 and len(receiver.received) == 1  # the rest of the feed ran
    assert bool(broken.received) == (failure != "refuses")
    failures = [record.getMessage() for record in caplog.records if record.levelno >= logging.ERROR]
    # Logged as the CDN's failure (Wagtail's backend's words, or api.cdn's), not a failed task.
    assert failures and all(re.match("Could(n't| not) purge", message) for message in failures)


def test_each_backend_choice_gives_wagtail_a_working_configuration():
    http = frontend_cache_settings(
        {"CDN_PURGE_BACKEND": "http", "CDN_PURGE_LOCATION": "http://varnish:6081"}, SITE
    )
    assert http == {
        "cdn": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": "http://varnish:6081",
            "HOSTNAMES": [HOST],
        }
    }
    cloudflare_env = {
        "CDN_PURGE_BACKEND": "Cloudflare",
        "CDN_PURGE_CLOUDFLARE_API_TOKEN": "token",
        "CDN_PURGE_CLOUDFLARE_ZONE_ID": "zone",
    }
    cloudflare = frontend_cache_settings(cloudflare_env, SITE + "/")
    assert cloudflare["cdn"]["BEARER_TOKEN"] == "token"
    assert cloudflare["cdn"]["ZONEID"] == "zone"
    legacy_env = {
        "CDN_PURGE_BACKEND": "cloudflare",
        "CDN_PURGE_CLOUDFLARE_EMAIL": "owner@massageaha.example",
        "CDN_PURGE_CLOUDFLARE_API_KEY": "key",
        "CDN_PURGE_CLOUDFLARE_ZONE_ID": "zone",
    }
    legacy = frontend_cache_settings(legacy_env, SITE)
    cloudfront_env = {
        "CDN_PURGE_BACKEND": "cloudfront",
        "CDN_PURGE_CLOUDFRONT_DISTRIBUTION_ID": "E123",
    }
    cloudfront = frontend_cache_settings(cloudfront_env, SITE)
    # Wagtail accepts each and aims it where it should.
    varnish = get_backends(http)["cdn"]
    assert isinstance(varnish, HTTPBackend) and varnish.cache_netloc == "varnish:6081"
    token = get_backends(cloudflare)["cdn"]
    assert isinstance(token, CloudflareBackend)
    assert (token.cloudflare_token, token.cloudflare_zoneid) == ("token", "zone")
    key = get_backends(legacy)["cdn"]
    assert (key.cloudflare_email, key.cloudflare_api_key) == ("owner@massageaha.example", "key")
    distribution = get_backends(cloudfront)["cdn"]
    assert isinstance(distribution, CloudfrontBackend)
    assert distribution.cloudfront_distribution_id == "E123"
    for backend in (varnish, token, key, distribution):
        assert backend.invalidates_hostname(HOST) and not backend.invalidates_hostname("localhost")
    assert frontend_cache_settings({}, SITE) == {}


@pytest.mark.parametrize(
    "env,missing",
    [
        ({"CDN_PURGE_BACKEND": "http"}, "CDN_PURGE_LOCATION"),
        (
            {"CDN_PURGE_BACKEND": "cloudflare", "CDN_PURGE_CLOUDFLARE_API_TOKEN": "token"},
            "CDN_PURGE_CLOUDFLARE_ZONE_ID",
        ),
        (
            {"CDN_PURGE_BACKEND": "cloudflare", "CDN_PURGE_CLOUDFLARE_EMAIL": "a@b.example"},
            "CDN_PURGE_CLOUDFLARE_API_KEY",
        ),
        ({"CDN_PURGE_BACKEND": "cloudfront"}, "CDN_PURGE_CLOUDFRONT_DISTRIBUTION_ID"),
        ({"CDN_PURGE_BACKEND": "fastly"}, "cloudflare, cloudfront, http or empty"),
    ],
    ids=["http", "cloudflare-zone", "cloudflare-key", "cloudfront", "unknown"],
)
def test_a_missing_or_wrong_variable_is_named_at_start(env, missing):
    with pytest.raises(ImproperlyConfigured, match=missing):
        frontend_cache_settings(env, SITE)


def test_cloudfront_without_boto3_says_so_at_start(monkeypatch):
    monkeypatch.setitem(sys.modules, "boto3", None)
    env = {"CDN_PURGE_BACKEND": "cloudfront", "CDN_PURGE_CLOUDFRONT_DISTRIBUTION_ID": "E123"}
    with pytest.raises(ImproperlyConfigured, match="needs boto3"):
        frontend_cache_settings(env, SITE)
