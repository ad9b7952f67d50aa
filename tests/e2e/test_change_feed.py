"""Every kind of change reaches the site, whichever process makes it.

Each change is made by another process than the backend's web server: a `manage.py shell`
(as an import or a script would), a management command, or the task worker's scheduler.
The site (gunicorn, two workers) has the page cached before the change; a change made in a
shell is visible as soon as that process has committed (the purge is sent on commit), and a
scheduled one within the scheduler's round (every second here).
"""

import uuid

import requests

from tests.e2e.changes import page_code, shell
from tests.waiting import wait_until

CRANIO = "/services/craniosacral-massage/"


def visit(url: str) -> requests.Response:
    return requests.get(url, timeout=10, allow_redirects=False)


def test_a_publish_from_a_shell(live_backend, live_site, service):
    shell(
        live_backend,
        page_code(
            service, 'p.introduction = "<p>Edited in a shell.</p>"\np.save_revision().publish()'
        ),
    )
    assert "Edited in a shell." in visit(live_site + service["path"]).text


def test_an_unpublish_from_a_shell(live_backend, live_site, service):
    shell(live_backend, page_code(service, "p.unpublish()"))
    assert visit(live_site + service["path"]).status_code == 404


def test_a_delete_from_a_shell(live_backend, live_site, service):
    shell(live_backend, page_code(service, "p.delete()"))
    assert visit(live_site + service["path"]).status_code == 404


def test_a_move_from_a_shell(live_backend, live_site, service):
    new_path = f"/{service['slug']}/"
    assert visit(live_site + new_path).status_code == 404  # the site has asked and cached it
    shell(
        live_backend,
        page_code(
            service,
            "from cms_pages.models import HomePage\np.move(HomePage.objects.get(), 'last-child')",
        ),
    )
    assert service["words"] in visit(live_site + new_path).text
    assert service["words"] not in visit(live_site + service["path"]).text


def test_a_copy_kept_live_from_a_shell(live_backend, live_site, service):
    copy_path = f"/services/{service['slug']}-copy/"
    assert visit(live_site + copy_path).status_code == 404
    shell(
        live_backend,
        page_code(
            service,
            f"p.copy(keep_live=True, update_attrs={{'slug': '{service['slug']}-copy', "
            "'title': 'The copy'})",
        ),
    )
    assert service["words"] in visit(live_site + copy_path).text


def test_a_revert_from_a_shell(live_backend, live_site, service):
    shell(
        live_backend,
        page_code(
            service, 'p.introduction = "<p>Second version.</p>"\np.save_revision().publish()'
        ),
    )
    assert "Second version." in visit(live_site + service["path"]).text
    shell(
        live_backend,
        page_code(
            service,
            "first = p.revisions.order_by('created_at').first()\n"
            "first.as_object().save_revision(previous_revision=first).publish()",
        ),
    )
    assert service["words"] in visit(live_site + service["path"]).text


def test_a_view_restriction_from_a_shell_hides_the_page(live_backend, live_site, service):
    shell(
        live_backend,
        page_code(
            service,
            "from wagtail.models import PageViewRestriction\n"
            "PageViewRestriction.objects.create(page=p, restriction_type='password', "
            "password='only-for-clients')",
        ),
    )
    assert visit(live_site + service["path"]).status_code == 404


def test_scheduled_go_live_by_the_worker(live_backend, live_site):
    slug = f"scheduled-{uuid.uuid4().hex[:8]}"
    path = f"/services/{slug}/"
    assert visit(live_site + path).status_code == 404
    shell(
        live_backend,
        f"""
        import datetime
        from django.utils import timezone
        from cms_pages.models import ServiceIndexPage, ServicePage
        page = ServicePage(title="Scheduled", slug="{slug}", summary="Soon.",
                           introduction="<p>Live on schedule.</p>", live=False)
        ServiceIndexPage.objects.get().add_child(instance=page)
        soon = timezone.now() + datetime.timedelta(seconds=1)
        page.save_revision(approved_go_live_at=soon)
        """,
    )
    wait_until(
        lambda: "Live on schedule." in visit(live_site + path).text,
        timeout=15,
        what="the scheduler's go-live on the site",
    )


def test_scheduled_expiry_by_the_worker(live_backend, live_site, service):
    shell(
        live_backend,
        page_code(
            service,
            "import datetime\nfrom django.utils import timezone\n"
            "p.expire_at = timezone.now() + datetime.timedelta(seconds=1)\n"
            "p.save(update_fields=['expire_at'])",
        ),
    )
    wait_until(
        lambda: visit(live_site + service["path"]).status_code == 404,
        timeout=15,
        what="the scheduler's expiry on the site",
    )


def test_scheduled_publishing_by_the_management_command(live_backend, live_site, service):
    shell(
        live_backend,
        page_code(
            service,
            "import datetime\nfrom django.utils import timezone\n"
            'p.introduction = "<p>Published by the command.</p>"\n'
            "p.save_revision(approved_go_live_at=timezone.now())",
        ),
    )
    command = live_backend.manage("publish_scheduled", notify_site=True)
    assert command.wait(timeout=120) == 0  # its purge was answered before it exited
    assert "Published by the command." in visit(live_site + service["path"]).text


def test_a_faq_published_and_unpublished_from_a_shell(live_backend, live_site):
    question = f"Is there parking {uuid.uuid4().hex[:6]}?"
    assert question not in visit(live_site + "/faq/").text
    make = f"""
        from cms_pages.models import FAQ, FAQCategory
        faq = FAQ(question="{question}", answer="<p>Yes, behind the building.</p>",
                  category=FAQCategory.objects.first(), live=False)
        faq.save()
        faq.save_revision().publish()
        """
    shell(live_backend, make)
    assert question in visit(live_site + "/faq/").text
    draft = f"""
        from cms_pages.models import FAQ
        faq = FAQ.objects.get(question="{question}")
        faq.answer = "<p>A draft nobody sees.</p>"
        faq.save_revision()
        """
    shell(live_backend, draft)
    assert "A draft nobody sees." not in visit(live_site + "/faq/").text
    shell(
        live_backend,
        f'from cms_pages.models import FAQ\nFAQ.objects.get(question="{question}").unpublish()',
    )
    assert question not in visit(live_site + "/faq/").text


def test_practice_settings_from_a_shell(live_backend, live_site):
    change = """
        from cms_pages.models import PracticeSettings
        practice = PracticeSettings.objects.get()
        print(practice.phone)
        practice.phone = "{phone}"
        practice.save()
        """
    before = shell(live_backend, change.format(phone="(816) 555-0199")).strip()
    try:
        assert "(816) 555-0199" in visit(live_site + "/").text
    finally:
        shell(live_backend, change.format(phone=before))
    assert before in visit(live_site + "/").text


def test_image_and_document_changes_from_a_shell(live_backend):
    """Titles are not on the site's pages; the API other sites read shows them."""
    image_id = shell(
        live_backend,
        "from wagtail.images import get_image_model\nprint(get_image_model().objects.first().pk)",
    ).strip()
    image_url = f"{live_backend.api_url}images/{image_id}/"
    documents_url = f"{live_backend.api_url}documents/"
    before = requests.get(image_url, timeout=10).json()["title"]  # cached by the API
    listed = requests.get(documents_url, timeout=10).json()["meta"]["total_count"]
    change = """
        from django.core.files.base import ContentFile
        from wagtail.documents import get_document_model
        from wagtail.images import get_image_model
        image = get_image_model().objects.get(pk={image_id})
        image.title = "{title}"
        image.save()
        {document}
        """
    document = (
        'get_document_model().objects.create(title="Intake form", '
        'file=ContentFile(b"%PDF", "intake.pdf"))'
    )
    shell(
        live_backend, change.format(image_id=image_id, title="A renamed picture", document=document)
    )
    try:
        assert requests.get(image_url, timeout=10).json()["title"] == "A renamed picture"
        assert requests.get(documents_url, timeout=10).json()["meta"]["total_count"] == listed + 1
    finally:
        shell(live_backend, change.format(image_id=image_id, title=before, document=""))


def test_a_redirect_from_a_shell(live_backend, live_site):
    old = f"/old-address-{uuid.uuid4().hex[:6]}/"
    assert visit(live_site + old).status_code == 404
    shell(
        live_backend,
        f"""
        from wagtail.contrib.redirects.models import Redirect
        Redirect.objects.create(old_path="{old.rstrip("/")}", redirect_link="https://example.org/new")
        """,
    )
    moved = visit(live_site + old)
    assert moved.status_code in (301, 302)
    assert moved.headers["Location"] == "https://example.org/new"


def test_a_response_approved_from_a_shell(live_backend, live_site, service):
    text = f"Approved elsewhere {uuid.uuid4().hex[:6]}."
    shell(
        live_backend,
        f"""
        from cms_pages.models import Response
        from cms_pages.services import response_moderate
        response = Response.objects.create(page_id={service["id"]}, name="Robin",
            email="robin@example.com", text="{text}", fingerprint="x")
        response_moderate(response=response, status="approved")
        """,
    )
    assert text in visit(live_site + service["path"]).text


def test_a_private_collection_from_a_shell_hides_its_images(live_backend):
    image_id = shell(
        live_backend,
        """
        from wagtail.images import get_image_model
        from wagtail.models import Collection
        collection = Collection.get_first_root_node().add_child(name="Private notes")
        image = get_image_model().objects.first()
        copy = get_image_model().objects.create(title="Private copy", file=image.file,
            width=image.width, height=image.height, collection=collection)
        print(copy.pk)
        """,
    ).strip()
    url = f"{live_backend.api_url}images/{image_id}/"
    assert requests.get(url, timeout=10).status_code == 200  # and cached by the API
    shell(
        live_backend,
        f"""
        from wagtail.images import get_image_model
        from wagtail.models import CollectionViewRestriction
        image = get_image_model().objects.get(pk={image_id})
        CollectionViewRestriction.objects.create(collection=image.collection,
            restriction_type="login")
        """,
    )
    assert requests.get(url, timeout=10).status_code == 404
