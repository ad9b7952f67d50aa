"""The OpenAPI document builds a typed client, and that client reads the live API.

openapi-python-client (a widely used generator) is run on the document a live backend
serves; it must read every schema and every operation without a warning (a schema it cannot
read is dropped, and the answers that use it come back untyped). The generated package is
then imported and used, as a partner would, against the same live backend: pages, a typed
page list, practice details, FAQs and error answers all come back as its model objects.
"""

import datetime
import importlib
import json
import pkgutil
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from cms_pages.models import FAQ, ServicePage
from tests.api.page_types import PAGE_TYPES

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PACKAGE = "massage_aha_api_client"
# No post hooks: they only run ruff's fixes and formatting over the generated code, and warn
# where ruff is not on PATH.
GENERATOR_CONFIG = "post_hooks: []\n"
TIMEOUT = 30


@pytest.fixture(scope="module")
def generated(live_server, tmp_path_factory, django_db_blocker):
    """The generator's output and the imported client package, built once for the module
    from the document the live backend serves."""
    folder = tmp_path_factory.mktemp("generated_client")
    with django_db_blocker.unblock():
        answer = httpx.get(f"{live_server.url}/api/v2/schema/?format=json", timeout=TIMEOUT)
    assert answer.status_code == 200, answer.text[:300]
    document = answer.json()
    (folder / "openapi.json").write_text(json.dumps(document), encoding="utf-8")
    (folder / "config.yaml").write_text(GENERATOR_CONFIG, encoding="utf-8")
    command = [
        Path(sys.executable).with_name("openapi-python-client"),
        "generate",
        "--path",
        folder / "openapi.json",
        "--output-path",
        folder / PACKAGE,
        "--meta",
        "none",
        "--config",
        folder / "config.yaml",
    ]
    run = subprocess.run(  # noqa: S603 (the generator from this virtualenv, fixed arguments)
        command, capture_output=True, text=True, timeout=TIMEOUT, check=False
    )
    sys.path.insert(0, str(folder))
    try:
        package = importlib.import_module(PACKAGE) if run.returncode == 0 else None
        yield run, package
    finally:
        sys.path.remove(str(folder))
        for name in [name for name in sys.modules if name.split(".")[0] == PACKAGE]:
            del sys.modules[name]


@pytest.fixture
def cms(generated, live_server):
    """The generated package's modules, and a client of the live backend."""
    run, package = generated
    assert package is not None, run.stdout + run.stderr

    class Generated:
        api = importlib.import_module(f"{PACKAGE}.api")
        models = importlib.import_module(f"{PACKAGE}.models")
        types = importlib.import_module(f"{PACKAGE}.types")
        client = package.Client(base_url=live_server.url, timeout=TIMEOUT)

        def call(self, operation: str, **arguments):
            """Call `tag.operation_id`; the answer with its parsed, typed body."""
            tag, name = operation.split(".")
            module = importlib.import_module(f"{PACKAGE}.api.{tag}.{name}")
            return module.sync_detailed(client=self.client, **arguments)

    generated = Generated()
    with generated.client:  # closes its kept-alive connections, before the live server stops
        yield generated


def test_the_generator_reads_the_whole_document_without_a_warning(generated):
    run, package = generated
    output = run.stdout + run.stderr

    assert run.returncode == 0, output
    assert "warning" not in output.lower(), output
    assert "Generating" in output
    # Every module imports, and none uses a name it never defines (what the generator gets
    # wrong for a body under several media types: openapi-python-client issue 1451).
    modules = [info.name for info in pkgutil.walk_packages(package.__path__, f"{PACKAGE}.")]
    for name in modules:
        importlib.import_module(name)
    assert f"{PACKAGE}.api.responses.responses_create" in modules
    undefined = subprocess.run(  # noqa: S603 (ruff from this virtualenv, fixed arguments)
        [
            Path(sys.executable).with_name("ruff"),
            *("check", "--isolated", "--no-cache", "--select", "F821"),
            package.__path__[0],
        ],
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
    )
    assert undefined.returncode == 0, undefined.stdout
    models = vars(importlib.import_module(f"{PACKAGE}.models"))
    for name in [*PAGE_TYPES, "Error", "FieldErrors", "PageList", "Practice", "FAQList"]:
        assert isinstance(models.get(name), type), name


def test_the_craniosacral_page_by_path_and_by_id_comes_typed(cms):
    page = ServicePage.objects.get(slug="craniosacral-massage")

    found = cms.call("pages.pages_find", html_path="/services/craniosacral-massage/")

    assert found.status_code == 200
    service = found.parsed
    assert isinstance(service, cms.models.ServicePage)
    assert service.id == page.pk
    assert service.meta.type_ == cms.models.ServicePageMetaType.CMS_PAGES_SERVICEPAGE
    assert service.meta.path == "/services/craniosacral-massage/"
    assert isinstance(service.meta.first_published_at, datetime.datetime)
    assert service.heading == "What is CranioSacral Massage?"
    options = service.session_options
    assert all(isinstance(option, cms.models.SessionOption) for option in options)
    assert [(option.duration_minutes, option.price) for option in options] == [
        (60, "95.00"),
        (90, "130.00"),
    ]
    assert options[0].currency == cms.models.SessionOptionCurrency.USD
    assert options[0].label == "Single session (demo price)"
    assert all(isinstance(faq, cms.models.FAQ) for faq in service.faqs)
    assert isinstance(service.faqs[0].category, cms.models.Category)
    assert isinstance(service.body[0], cms.models.BodyBlockHeading)
    assert isinstance(service.body[2].value, cms.models.BodyBlockBulletListValue)
    assert isinstance(service.image, cms.models.Image)
    assert all(isinstance(link, cms.models.PageLink) for link in service.related_pages)

    detail = cms.call("pages.pages_retrieve", id=page.pk).parsed
    assert detail == service


def test_a_typed_page_list_of_one_type_with_chosen_fields(cms):
    answer = cms.call(
        "pages.pages_list", type_="cms_pages.ServicePage", fields="summary,session_options"
    )

    assert answer.status_code == 200
    listing = answer.parsed
    assert isinstance(listing, cms.models.PageList)
    assert listing.meta.total_count == ServicePage.objects.live().public().count() == 5
    assert listing.meta.next_ is None
    services = listing.items
    assert all(isinstance(item, cms.models.ServicePage) for item in services)
    craniosacral = next(item for item in services if item.meta.slug == "craniosacral-massage")
    assert craniosacral.summary
    assert craniosacral.session_options[1].duration_minutes == 90
    assert craniosacral.heading is cms.types.UNSET  # not asked for


def test_practice_details_and_faqs_come_typed(cms):
    practice = cms.call("practice.practice_retrieve").parsed

    assert isinstance(practice, cms.models.Practice)
    assert practice.name == "Massage Aha!"
    assert isinstance(practice.therapist, cms.models.Therapist)
    assert (practice.therapist.name, practice.therapist.credential) == ("Aaron Harris", "BCTMB")
    assert isinstance(practice.address, cms.models.Address)
    assert practice.address.locality == "Kansas City"
    assert all(isinstance(hours, cms.models.OpeningHours) for hours in practice.opening_hours)
    assert practice.opening_hours[0].day == "Tuesday"
    assert all(isinstance(link, cms.models.PageLink) for link in practice.navigation)

    faqs = cms.call("faqs.faqs_list", category="booking").parsed
    assert isinstance(faqs, cms.models.FAQList)
    booking = FAQ.objects.filter(live=True, category__slug="booking").order_by("pk")
    assert [faq.question for faq in faqs.items] == [faq.question for faq in booking]
    assert faqs.meta.total_count == len(booking)

    one = cms.call("faqs.faqs_retrieve", id=booking[0].pk).parsed
    assert isinstance(one, cms.models.FAQ)
    assert one.category.slug == "booking"


def test_error_answers_come_as_the_typed_error(cms):
    bad_limit = cms.call("pages.pages_list", limit=0)
    assert bad_limit.status_code == 400
    assert isinstance(bad_limit.parsed, cms.models.Error)
    assert bad_limit.parsed.message == "limit must be a whole number between 1 and 50"

    missing = cms.call("faqs.faqs_retrieve", id=99999)
    assert missing.status_code == 404
    assert isinstance(missing.parsed, cms.models.Error)
    assert missing.parsed.message == "not found"

    # Per-field problems of a submission: the typed `errors`, field name -> messages.
    refused = cms.call(
        "responses.responses_create",
        body=cms.models.ResponseInput(
            page=ServicePage.objects.get(slug="craniosacral-massage").pk,
            name="Sam",
            email="not an address",
            text="",
            form_token="x",
        ),
    )
    assert refused.status_code == 400
    error = refused.parsed
    assert isinstance(error, cms.models.Error)
    assert error.message == "invalid input"
    assert isinstance(error.errors, cms.models.FieldErrors)
    assert error.errors["email"] == ["Enter a valid email address."]
    assert error.errors["text"] == ["This field may not be blank."]
