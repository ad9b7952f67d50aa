"""Documents kept in a bucket still go through the backend's /documents/ view.

A bucket (django-storages' S3 backend) gives every file a URL but no local path; Wagtail's
default for such a storage is to check a document's privacy and then redirect to that URL,
which, unsigned, stays valid forever for anyone it is passed to. `BucketStorage` is that
kind of storage (URLs, no paths) kept in memory: it stands in for S3, which is not reachable
here.
"""

import json

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import Storage
from django.urls import reverse
from wagtail.documents.models import Document
from wagtail.models import Collection, CollectionViewRestriction

from cms_pages.models import ServiceIndexPage
from tests.factories import ServicePageFactory
from tests.production.processes import production_env, run

pytestmark = pytest.mark.django_db

BUCKET_URL = "https://media-bucket.example.test/"


class BucketStorage(Storage):
    """Files kept in memory with URLs under BUCKET_URL and, as in a bucket, no local path."""

    def __init__(self):
        self.files: dict[str, bytes] = {}

    def _save(self, name, content):
        self.files[name] = content.read()
        return name

    def _open(self, name, mode="rb"):
        return ContentFile(self.files[name], name=name)

    def exists(self, name):
        return name in self.files

    def size(self, name):
        return len(self.files[name])

    def url(self, name):
        return f"{BUCKET_URL}{name}"


@pytest.fixture
def bucket(settings):
    """Media in a stand-in for an S3 bucket."""
    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": f"{__name__}.BucketStorage"}}


def private_document(password: str) -> Document:
    root = Collection.get_first_root_node()
    collection = root.add_child(name="Client intake")
    CollectionViewRestriction.objects.create(
        collection=collection, restriction_type="password", password=password
    )
    return Document.objects.create(
        title="Intake form",
        collection=collection,
        file=ContentFile(b"private intake answers", name="intake.txt"),
    )


def downloaded(response) -> bytes:
    return b"".join(response.streaming_content)


def test_a_private_document_is_served_by_the_backend_only_to_who_may_see_it(client, bucket):
    document = private_document(password="open sesame")
    assert document.file.url.startswith(BUCKET_URL)  # what a redirect would hand out

    refused = client.get(document.url)
    assert refused.status_code == 200
    assert "password" in refused.content.decode().lower()
    assert b"private intake answers" not in refused.content

    restriction = CollectionViewRestriction.objects.get(collection=document.collection)
    client.post(
        reverse("wagtaildocs_authenticate_with_password", args=[restriction.pk]),
        {"password": "open sesame", "return_url": document.url},
    )
    served = client.get(document.url)

    # The file itself, from the backend: no link to the bucket that outlives the check.
    assert served.status_code == 200
    assert "Location" not in served.headers
    assert downloaded(served) == b"private intake answers"
    assert served.headers["Content-Security-Policy"] == "default-src 'none'"


def test_a_public_document_is_served_by_the_backend_too(client, bucket):
    document = Document.objects.create(
        title="Price list", file=ContentFile(b"one hour: $90", name="prices.txt")
    )

    served = client.get(document.url)

    assert document.url == f"/documents/{document.pk}/prices.txt"
    assert served.status_code == 200
    assert downloaded(served) == b"one hour: $90"
    assert served.headers["X-Content-Type-Options"] == "nosniff"


def test_the_api_and_the_pages_link_documents_through_the_backends_view(
    client, bucket, demo_content, settings
):
    document = Document.objects.create(
        title="Price list", file=ContentFile(b"one hour: $90", name="prices.txt")
    )
    page = ServicePageFactory(
        parent=ServiceIndexPage.objects.get(),
        slug="hot-stones",
        introduction=f'<p>See the <a linktype="document" id="{document.pk}">price list</a>.</p>',
    )
    link = f"{settings.WAGTAILAPI_BASE_URL}/documents/{document.pk}/prices.txt"

    found = client.get(f"/api/v2/documents/{document.pk}/").json()
    introduction = client.get(f"/api/v2/pages/{page.pk}/").json()["introduction"]

    assert found["meta"]["download_url"] == link
    assert f'href="{link}"' in introduction
    assert BUCKET_URL not in json.dumps(found) + introduction


def test_production_keeps_documents_on_the_backends_view_with_a_bucket():
    code = "from django.conf import settings; print(settings.WAGTAILDOCS_SERVE_METHOD)"
    env = production_env(
        AWS_STORAGE_BUCKET_NAME="massage-media",
        AWS_S3_ENDPOINT_URL="https://objects.example.test",
    )

    result = run(["python", "-c", f"import django; django.setup(); {code}"], env)

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "serve_view"
