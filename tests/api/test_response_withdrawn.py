"""A visitor's approved response taken back (un-approved, marked spam, deleted, erased at their
request, its words changed) is announced as `response_withdrawn`, the event after which the
site drops its last good copies; any other moderation stays `response_changed`."""

import io
import json

import pytest
from django.core.management import call_command
from django.urls import reverse

from cms_pages import services
from cms_pages.models import Response
from tests.factories import ResponseFactory

pytestmark = pytest.mark.django_db
CRANIO = "/services/craniosacral-massage/"
DANA = "dana@example.com"


@pytest.fixture
def shown(craniosacral, django_capture_on_commit_callbacks) -> Response:
    """Dana's approved response, on the CranioSacral page (its approval already announced)."""
    with django_capture_on_commit_callbacks(execute=True):
        return ResponseFactory(
            page=craniosacral, email=DANA, text="Helped my migraines.", status="approved"
        )


@pytest.fixture
def held(craniosacral) -> Response:
    """Dana's second response, still awaiting moderation: the public never saw it."""
    return ResponseFactory(page=craniosacral, email=DANA, text="Second visit was as good.")


def changes(notes: list[dict]) -> set[tuple[str, int]]:
    """(event, response id) of every change the notifications carry."""
    return {
        (change["event"], change["object"]["id"]) for note in notes for change in note["changes"]
    }


def admin_url(action: str, response: Response) -> str:
    return reverse(f"wagtailsnippets_cms_pages_response:{action}", args=[response.pk])


def test_the_owner_un_approving_a_response_withdraws_it(announcements, shown, admin_client):
    def un_approve():
        answer = admin_client.post(admin_url("edit", shown), {"status": "pending", "reply": ""})
        assert answer.status_code == 302

    [note] = announcements(un_approve)

    assert changes([note]) == {("response_withdrawn", shown.pk)}
    assert note["paths"] == [CRANIO]


def test_an_approval_or_a_reply_is_a_change_not_a_withdrawal(
    announcements, shown, held, admin_client
):
    def approve():
        services.response_moderate(response=held, status=Response.Status.APPROVED)

    def reply():
        answer = admin_client.post(
            admin_url("edit", shown), {"status": "approved", "reply": "Glad to hear it."}
        )
        assert answer.status_code == 302

    assert changes(announcements(approve)) == {("response_changed", held.pk)}
    assert changes(announcements(reply)) == {("response_changed", shown.pk)}


def test_marking_responses_spam_in_bulk_withdraws_the_approved_one(
    announcements, shown, held, admin_client
):
    def mark_spam():
        url = reverse("wagtail_bulk_action", args=["cms_pages", "response", "spam"])
        answer = admin_client.post(f"{url}?id={shown.pk}&id={held.pk}")
        assert answer.status_code == 302

    [note] = announcements(mark_spam)  # one transaction, one announcement

    assert changes([note]) == {("response_withdrawn", shown.pk), ("response_changed", held.pk)}
    marked = Response.objects.filter(pk__in=[shown.pk, held.pk])
    assert set(marked.values_list("status", flat=True)) == {"spam"}


def test_deleting_an_approved_response_withdraws_it(announcements, shown, admin_client):
    def delete():
        assert admin_client.post(admin_url("delete", shown)).status_code == 302

    assert changes(announcements(delete)) == {("response_withdrawn", shown.pk)}
    assert not Response.objects.filter(pk=shown.pk).exists()


def test_deleting_a_response_awaiting_moderation_withdraws_nothing(
    announcements, held, admin_client
):
    def delete_in_bulk():
        url = reverse("wagtail_bulk_action", args=["cms_pages", "response", "delete"])
        assert admin_client.post(f"{url}?id={held.pk}").status_code == 302

    assert changes(announcements(delete_in_bulk)) == {("response_changed", held.pk)}


def test_changing_the_words_of_an_approved_response_withdraws_them(announcements, shown):
    def anonymise():
        shown.name, shown.text = "A visitor", "[removed]"
        shown.save()

    assert changes(announcements(anonymise)) == {("response_withdrawn", shown.pk)}


def erase_in_the_admin(admin_client) -> None:
    answer = admin_client.post(
        reverse("cms_pages_personal_data"), {"email": DANA, "confirm": "on", "action": "erase"}
    )
    assert answer.status_code == 302


def erase_from_the_command_line(admin_client) -> None:
    call_command("personal_data", "erase", DANA, stdout=io.StringIO())


@pytest.mark.parametrize("erase", [erase_in_the_admin, erase_from_the_command_line])
def test_erasing_a_visitors_data_withdraws_their_approved_response_once(
    announcements, shown, held, admin_client, erase
):
    [note] = announcements(lambda: erase(admin_client))  # every response of one erasure: one note

    assert changes([note]) == {("response_withdrawn", shown.pk), ("response_changed", held.pk)}
    assert note["paths"] == [CRANIO]
    assert "dana" not in json.dumps(note).lower()
