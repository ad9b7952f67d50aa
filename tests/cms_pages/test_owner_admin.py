"""The owner's daily use of the admin: responses moderated from their rows, appointment
requests followed up by status, and the dashboard counting what waits for both."""

import datetime
import json

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group, Permission
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from wagtail.models import ModelLogEntry

from cms_pages.admin.appointments import STATUS_CHANGED
from cms_pages.models import AppointmentRequest, ContactPage, Response
from tests.factories import AppointmentRequestFactory, ResponseFactory

pytestmark = pytest.mark.django_db

RESPONSES = reverse("wagtailsnippets_cms_pages_response:list")
REQUESTS = reverse("appointment_requests:index")
ANSWERS = {
    "name": "Sam Follow-up",
    "email": "sam.followup@example.com",
    "phone": "(816) 555-0142",
    "message": "My shoulder has hurt since the fall.",
}


def set_status_url(name: str, obj, status: str) -> str:
    return reverse(f"{name}:set_status", args=[obj.pk, status])


def approve_url(response: Response) -> str:
    return set_status_url("wagtailsnippets_cms_pages_response", response, "approved")


def rows(answer) -> list[str]:
    """The listing's rows, each as its visible text."""
    table = BeautifulSoup(answer.content.decode(), "html.parser").find("table", class_="listing")
    if table is None:
        return []
    return [" ".join(row.get_text(" ").split()) for row in table.find("tbody").find_all("tr")]


@pytest.fixture
def contact(demo_content) -> ContactPage:
    return ContactPage.objects.get()


@pytest.fixture
def request_from(contact):
    """`request_from(name, **fields)`: an appointment request with `name` as its first answer."""

    def make(name, **fields):
        return AppointmentRequestFactory(
            page=contact, form_data={**ANSWERS, "name": name}, **fields
        )

    return make


def test_the_moderation_list_shows_each_response_at_a_glance(admin_client, craniosacral):
    words = "<b>Loved</b> the session & the calm room. " + "More praise. " * 20
    response = ResponseFactory(
        page=craniosacral, name="Riley", text=words, held_because="more than 2 links"
    )

    listing = admin_client.get(RESPONSES)

    [row] = [row for row in rows(listing) if "Riley" in row]
    html = listing.content.decode()
    assert "&lt;b&gt;Loved&lt;/b&gt; the session &amp; the calm room." in html
    assert "<b>Loved</b>" not in html
    assert "<b>Loved</b> the session & the calm room. More praise." in row
    assert words.strip() not in row and "…" in row  # ~120 characters of it
    sent = date_format(timezone.localtime(response.submitted_at), "N j, Y")
    for shown in ("CranioSacral Massage", "Awaiting moderation", sent, "more than 2 links"):
        assert shown in row


@pytest.mark.parametrize(
    ("list_name", "add_name"),
    [(RESPONSES, "wagtailsnippets_cms_pages_response:add"), (REQUESTS, "appointment_requests:add")],
)
def test_nobody_adds_a_response_or_request_in_the_admin_not_even_a_superuser(
    admin_client, demo_content, list_name, add_name
):
    before = Response.objects.count(), AppointmentRequest.objects.count()
    listing = admin_client.get(list_name).content.decode()
    add = reverse(add_name)

    assert add not in listing
    refused = admin_client.get(add)
    assert refused.status_code == 302 and refused.url == reverse("wagtailadmin_home")
    admin_client.post(add, {"status": "approved", "name": "Forged", "text": "Forged"})
    assert (Response.objects.count(), AppointmentRequest.objects.count()) == before


def test_a_held_response_is_approved_from_its_row(admin_client, craniosacral, recorded_akismet):
    held = ResponseFactory(page=craniosacral, name="Held visitor", held_because="Akismet says spam")
    pending = f"{RESPONSES}?status=pending"
    listing = admin_client.get(pending).content.decode()
    assert approve_url(held) in listing

    done = admin_client.post(approve_url(held), {"next": f"http://testserver{pending}"})

    assert done.status_code == 302 and done.url == f"http://testserver{pending}"
    held.refresh_from_db()
    assert held.status == Response.Status.APPROVED
    back = admin_client.get(pending).content.decode()
    assert f"{held} marked “Approved”." in back
    assert not [row for row in rows(admin_client.get(pending)) if "Held visitor" in row]
    assert recorded_akismet == []  # never judged spam: nothing to correct
    unknown = set_status_url("wagtailsnippets_cms_pages_response", held, "pending")
    assert admin_client.post(unknown).status_code == 404  # only the statuses of the buttons


def test_marking_spam_from_a_row_is_reported_to_akismet(
    admin_client, craniosacral, recorded_akismet
):
    response = ResponseFactory(page=craniosacral, status=Response.Status.APPROVED)
    spam_url = set_status_url("wagtailsnippets_cms_pages_response", response, "spam")
    assert spam_url in admin_client.get(RESPONSES).content.decode()
    assert approve_url(response) not in admin_client.get(RESPONSES).content.decode()

    done = admin_client.post(spam_url)

    assert done.status_code == 302 and done.url == RESPONSES  # no `next`: the whole list
    response.refresh_from_db()
    assert response.status == Response.Status.SPAM
    assert recorded_akismet == [("spam", response.text)]


def test_row_buttons_act_only_on_a_post_with_the_csrf_token(craniosacral, django_user_model):
    held = ResponseFactory(page=craniosacral)
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(django_user_model.objects.create_superuser("own", "o@example.com", "pw"))

    assert browser.get(approve_url(held)).status_code == 405
    assert browser.post(approve_url(held)).status_code == 403  # no CSRF token
    held.refresh_from_db()
    assert held.status == Response.Status.PENDING

    browser.get(RESPONSES)  # the listing hands out the token, as a browser receives it
    token = browser.cookies["csrftoken"].value
    assert browser.post(approve_url(held), {"csrfmiddlewaretoken": token}).status_code == 302
    held.refresh_from_db()
    assert held.status == Response.Status.APPROVED


def test_row_buttons_need_the_change_permission(client, craniosacral, django_user_model):
    held = ResponseFactory(page=craniosacral)
    reader = django_user_model.objects.create_user("reader", "r@example.com", "pw")
    readers = Group.objects.create(name="Readers")
    readers.permissions.add(
        Permission.objects.get(codename="access_admin"),
        Permission.objects.get(codename="view_response"),
    )
    reader.groups.add(readers)
    client.force_login(reader)

    assert approve_url(held) not in client.get(RESPONSES).content.decode()
    client.post(approve_url(held))
    held.refresh_from_db()
    assert held.status == Response.Status.PENDING
    assert "Waiting for you" not in client.get(reverse("wagtailadmin_home")).content.decode()


def test_a_request_marked_contacted_is_stored_and_audited_without_its_answers(
    admin_client, request_from
):
    request = request_from("Sam Follow-up")
    contacted = set_status_url("appointment_requests", request, "contacted")
    listing = admin_client.get(REQUESTS)
    [row] = [row for row in rows(listing) if "Sam Follow-up" in row]
    assert "New" in row
    assert contacted in listing.content.decode()

    assert admin_client.post(contacted, {"next": REQUESTS}).status_code == 302

    request.refresh_from_db()
    assert request.status == AppointmentRequest.Status.CONTACTED
    assert request.form_data == {**ANSWERS, "name": "Sam Follow-up"}  # answers untouched
    [entry] = ModelLogEntry.objects.filter(object_id=str(request.pk), action=STATUS_CHANGED)
    assert entry.label == f"Appointment request #{request.pk} on {request.page.title}"
    assert entry.data == {"from": "new", "to": "contacted"}
    assert entry.user.username == "owner"
    assert entry.message == "Status changed from New to Contacted"
    logged = json.dumps(list(ModelLogEntry.objects.values("label", "data")))
    for answer in (*ANSWERS.values(), "Sam Follow-up"):
        assert answer not in logged
    history = admin_client.get(reverse("appointment_requests:history", args=[request.pk]))
    assert "Status changed from New to Contacted" in history.content.decode()


def test_a_request_opens_read_mostly_and_its_status_is_saved_and_audited(
    admin_client, request_from
):
    request = request_from("Sam Follow-up")
    edit_url = reverse("appointment_requests:edit", args=[request.pk])
    editor = BeautifulSoup(admin_client.get(edit_url).content.decode(), "html.parser")

    answers = " ".join(editor.find("dl").get_text(" ").split())
    assert "Phone (816) 555-0142" in answers
    assert "My shoulder has hurt since the fall." in answers
    fields = {field["name"] for field in editor.select("form [name]") if field.get("name")}
    assert {"status", "is_spam"} <= fields
    assert not fields & {"name", "email", "phone", "message", "sealed_form_data", "page"}
    assert "Sam Follow-up" not in editor.find("title").get_text()

    saved = admin_client.post(edit_url, {"status": "booked", "is_spam": ""})

    assert saved.status_code == 302
    request.refresh_from_db()
    assert (request.status, request.is_spam) == ("booked", False)
    assert request.form_data["phone"] == "(816) 555-0142"
    entry = ModelLogEntry.objects.get(object_id=str(request.pk), action=STATUS_CHANGED)
    assert entry.data == {"from": "new", "to": "booked"}


def test_requests_filter_by_status_spam_and_date(admin_client, request_from):
    request_from("Ana New")
    request_from("Ben Contacted", status="contacted")
    request_from("Cy Booked", status="booked")
    request_from("Dee Junk", is_spam=True)
    old = request_from("Eve Last Year", status="contacted")
    AppointmentRequest.objects.filter(pk=old.pk).update(
        submit_time=timezone.now() - datetime.timedelta(days=400)
    )

    def names(query: dict) -> set[str]:
        listed = " ".join(rows(admin_client.get(REQUESTS, query)))
        everyone = ("Ana New", "Ben Contacted", "Cy Booked", "Dee Junk", "Eve Last Year")
        return {name for name in everyone if name in listed}

    assert names({"status": "contacted"}) == {"Ben Contacted", "Eve Last Year"}
    assert names({"status": "new", "is_spam": "false"}) == {"Ana New"}
    assert names({"is_spam": "true"}) == {"Dee Junk"}
    last_month = (timezone.localdate() - datetime.timedelta(days=30)).isoformat()
    assert names({"status": "contacted", "date_from": last_month}) == {"Ben Contacted"}
    assert names({"date_to": last_month}) == {"Eve Last Year"}


def test_the_dashboard_counts_new_requests_and_held_responses_with_links(
    admin_client, craniosacral, request_from
):
    ResponseFactory.create_batch(3, page=craniosacral)
    ResponseFactory(page=craniosacral, status=Response.Status.APPROVED)
    request_from("Ana New")
    request_from("Ari New")
    request_from("Ben Contacted", status="contacted")
    request_from("Dee Junk", is_spam=True)

    dashboard = BeautifulSoup(
        admin_client.get(reverse("wagtailadmin_home")).content.decode(), "html.parser"
    )
    panel = dashboard.find(id="waiting-for-you-section")
    links = {" ".join(a.get_text().split()): a["href"] for a in panel.find_all("a", href=True)}

    assert links["2 new appointment requests"] == f"{REQUESTS}?status=new&is_spam=false"
    assert links["3 responses awaiting moderation"] == f"{RESPONSES}?status=pending"
    assert panel.find_parent(class_="w-dashboard") is not None  # the main column, under the
    assert panel.find_previous("header") is not None  # dashboard's header with its summary
    assert len(rows(admin_client.get(links["2 new appointment requests"]))) == 2
    assert len(rows(admin_client.get(links["3 responses awaiting moderation"]))) == 3
