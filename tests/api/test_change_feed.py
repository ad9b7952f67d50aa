"""The change feed: each kind of change is announced once, after commit, with its paths."""

import datetime
import json

import pytest
import time_machine
from django.core import serializers
from django.core.signals import request_finished, request_started
from django.db import transaction
from django.utils import timezone
from wagtail.documents import get_document_model
from wagtail.models import Collection, CollectionViewRestriction, Page, PageViewRestriction

from api.caching import content_generation
from cms_pages import scheduler
from cms_pages.models import FAQ, ServiceIndexPage, ServicePage

pytestmark = pytest.mark.django_db
CRANIO = "/services/craniosacral-massage/"


def events(notifications: list[dict]) -> list[str]:
    return [change["event"] for note in notifications for change in note["changes"]]


def test_a_faq_draft_is_not_announced_but_its_publication_is(announcements, demo_content):
    faq = FAQ.objects.filter(live=True).first()
    faq.answer = "<p>A draft answer.</p>"
    assert announcements(lambda: faq.save_revision()) == []
    published = announcements(lambda: faq.get_latest_revision().publish())
    assert events(published) == ["faq_changed"]
    assert events(announcements(lambda: faq.unpublish())) == ["faq_changed"]


def test_loading_a_fixture_announces_nothing(announcements, demo_content):
    """Raw saves (loaddata, a test database's serialized copy) publish nothing new."""
    services = ServiceIndexPage.objects.get()
    restricting = announcements(
        lambda: PageViewRestriction.objects.create(
            page=services, restriction_type=PageViewRestriction.PASSWORD, password="secret"
        )
    )
    assert events(restricting) == ["page_privacy_changed"]
    restriction = PageViewRestriction.objects.get(page=services)
    fixture = serializers.serialize("json", [FAQ.objects.filter(live=True).first(), restriction])

    def load():
        for stored in serializers.deserialize("json", fixture):
            stored.save()

    assert announcements(load) == []


def test_making_a_page_private_announces_it_and_its_descendants(announcements, demo_content):
    services = ServiceIndexPage.objects.get()
    [note] = announcements(
        lambda: PageViewRestriction.objects.create(
            page=services, restriction_type=PageViewRestriction.PASSWORD, password="secret"
        )
    )
    assert note["event"] == "page_privacy_changed"
    assert {"/services/", CRANIO} <= set(note["paths"])
    [note] = announcements(lambda: PageViewRestriction.objects.filter(page=services).delete())
    assert note["event"] == "page_privacy_changed"
    assert CRANIO in note["paths"]


def test_making_a_collection_private_is_announced(announcements, demo_content):
    collection = Collection.get_first_root_node()
    [note] = announcements(
        lambda: CollectionViewRestriction.objects.create(
            collection=collection, restriction_type=CollectionViewRestriction.LOGIN
        )
    )
    assert note["event"] == "collection_privacy_changed"


def test_a_deleted_page_is_announced_with_its_address(announcements, craniosacral):
    [note] = announcements(lambda: Page.objects.get(pk=craniosacral.pk).delete())
    assert "page_deleted" in events([note])
    assert CRANIO in note["paths"]


def test_a_moved_page_is_announced_with_its_old_and_new_addresses(announcements, craniosacral):
    home = craniosacral.get_parent().get_parent()
    [note] = announcements(lambda: craniosacral.move(home, pos="last-child"))
    assert "page_moved" in events([note])
    assert {CRANIO, "/craniosacral-massage/"} <= set(note["paths"])


def test_a_page_copied_live_is_announced(announcements, craniosacral):
    copy = {"update_attrs": {"slug": "cranio-copy", "title": "Copy"}, "keep_live": True}
    notes = announcements(lambda: craniosacral.copy(**copy))
    assert "page_published" in events(notes)
    assert "/services/cranio-copy/" in notes[0]["paths"]


def test_a_document_change_is_announced(announcements, demo_content):
    from django.core.files.base import ContentFile

    document = get_document_model()(title="Intake form", file=ContentFile(b"%PDF-1.4", "i.pdf"))
    assert events(announcements(document.save)) == ["document_changed"]


def test_changes_of_one_transaction_are_announced_once_together(announcements, craniosacral):
    faq = FAQ.objects.filter(live=True).first()

    def two_changes():
        with transaction.atomic():
            craniosacral.save_revision().publish()
            faq.save()

    [note] = announcements(two_changes)
    assert events([note]) == ["page_published", "faq_changed"]
    assert note["event"] == "page_published" and note["paths"] == [CRANIO]


def test_a_rolled_back_change_is_not_announced(announcements, craniosacral):
    def rolled_back():
        with transaction.atomic():
            craniosacral.save_revision().publish()
            transaction.set_rollback(True)

    assert announcements(rolled_back) == []


def test_the_api_generation_moves_after_commit(craniosacral, django_capture_on_commit_callbacks):
    before = content_generation()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        craniosacral.save_revision().publish()
    during = content_generation()
    for callback in callbacks:
        callback()
    assert before != during != content_generation()


@pytest.mark.usefixtures("keep_test_connection")
def test_scheduled_go_live_happens_in_the_schedulers_round(api, announcements, demo_content):
    services = ServiceIndexPage.objects.get()
    go_live = timezone.now() + datetime.timedelta(minutes=5)
    page = ServicePage(
        title="Hot stone massage",
        slug="hot-stone",
        summary="Warm stones.",
        introduction="<p>Warm basalt stones.</p>",
        live=False,
    )
    services.add_child(instance=page)
    page.save_revision(approved_go_live_at=go_live)
    assert api.get("pages/find/?html_path=/services/hot-stone/").status_code == 404
    assert announcements(scheduler.run_jobs) == []  # not due yet
    with time_machine.travel(go_live + datetime.timedelta(seconds=30)):
        notes = announcements(scheduler.run_jobs)
    assert events(notes) == ["page_published"]
    assert api.json("pages/find/?html_path=/services/hot-stone/")["title"] == "Hot stone massage"


@pytest.mark.usefixtures("keep_test_connection")
def test_scheduled_expiry_takes_the_page_out_of_cached_answers(api, announcements, craniosacral):
    path = f"pages/find/?html_path={CRANIO}"
    assert api.get(path).status_code == 200  # cached now
    expiry = timezone.now() + datetime.timedelta(minutes=5)
    craniosacral.expire_at = expiry
    announcements(lambda: craniosacral.save_revision().publish())
    with time_machine.travel(expiry + datetime.timedelta(seconds=30)):
        notes = announcements(scheduler.run_jobs)
        assert events(notes) == ["page_unpublished"]
        assert api.get(path).status_code == 404


def test_a_change_made_by_a_request_is_told_to_the_site_once_its_response_is_sent(
    receiver, craniosacral, django_capture_on_commit_callbacks, settings, keep_test_connection
):
    settings.FRONTEND_PURGE_URL, settings.CMS_WEBHOOK_SECRET = receiver.url, "shared"
    request_started.send(sender=None)
    before = content_generation()
    with django_capture_on_commit_callbacks(execute=True):
        craniosacral.save_revision().publish()
    assert content_generation() != before  # the API's answers are stale at once
    assert receiver.received == []  # the owner's response is not held up by the site
    request_finished.send(sender=None)
    [purge] = receiver.received
    assert json.loads(purge["body"])["paths"] == [CRANIO]
