"""Factories for every model the tests build (factory_boy and wagtail-factories).

Each page type, the FAQs, the practice details, visitors' responses and appointment requests,
webhook subscribers and their deliveries, images and documents. A page made without a
`parent` gets one of the type it belongs under (a service page under a new services index
under a new home page), so every factory works on its own; tests/cms_pages/test_factories.py
checks that each builds a valid object and that no page type is without one.
"""

import factory
import wagtail_factories
from axes.models import AccessAttempt
from wagtail.models import Collection, Page

from api import models as api_models
from cms_pages import models


class HomePageFactory(wagtail_factories.PageFactory):
    title = "Home"
    slug = factory.Sequence(lambda n: f"home-{n}")
    hero_heading = "Therapeutic massage"
    parent = factory.LazyFunction(Page.get_first_root_node)

    class Meta:
        model = models.HomePage


class ServiceIndexPageFactory(wagtail_factories.PageFactory):
    title = "Services"
    slug = "services"
    parent = factory.SubFactory(HomePageFactory)

    class Meta:
        model = models.ServiceIndexPage


class ServicePageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Service {n}")
    summary = "A short summary of the service."
    introduction = "<p>An introduction to the service.</p>"
    parent = factory.SubFactory(ServiceIndexPageFactory)

    class Meta:
        model = models.ServicePage


class StandardPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Standard page {n}")
    introduction = "<p>An introduction.</p>"
    parent = factory.SubFactory(HomePageFactory)

    class Meta:
        model = models.StandardPage


class FAQPageFactory(wagtail_factories.PageFactory):
    title = "FAQ"
    slug = "faq"
    parent = factory.SubFactory(HomePageFactory)

    class Meta:
        model = models.FAQPage


class ContactPageFactory(wagtail_factories.PageFactory):
    title = "Contact"
    slug = "contact"
    to_address = "owner@example.com"
    from_address = "site@example.com"
    subject = "Appointment request"
    parent = factory.SubFactory(HomePageFactory)

    class Meta:
        model = models.ContactPage


class ContactFormFieldFactory(factory.django.DjangoModelFactory):
    """One field of a contact page's form; a single line of text unless told otherwise."""

    page = factory.SubFactory(ContactPageFactory)
    label = factory.Sequence(lambda n: f"Question {n}")
    field_type = "singleline"
    required = True

    class Meta:
        model = models.ContactFormField


class FAQCategoryFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Category {n}")
    slug = factory.Sequence(lambda n: f"category-{n}")

    class Meta:
        model = models.FAQCategory


class FAQFactory(factory.django.DjangoModelFactory):
    question = factory.Sequence(lambda n: f"Question {n}?")
    answer = "<p>An answer.</p>"
    category = factory.SubFactory(FAQCategoryFactory)
    live = True

    class Meta:
        model = models.FAQ


class ResponseFactory(factory.django.DjangoModelFactory):
    """A visitor's response on a service page, awaiting moderation unless `status` says."""

    page = factory.SubFactory(ServicePageFactory)
    name = factory.Sequence(lambda n: f"Visitor {n}")
    email = factory.Sequence(lambda n: f"visitor{n}@example.com")
    text = factory.Sequence(lambda n: f"Response number {n}")
    fingerprint = factory.Sequence(lambda n: f"fingerprint-{n}")

    class Meta:
        model = models.Response


class SiteFactory(wagtail_factories.SiteFactory):
    """A site of its own (its own port on localhost) whose root is a new home page."""

    root_page = factory.SubFactory(HomePageFactory)


class PracticeSettingsFactory(factory.django.DjangoModelFactory):
    """The practice details of a new site (the demo's site has its own already)."""

    site = factory.SubFactory(SiteFactory)
    practice_name = "Massage Aha!"
    therapist_name = "Aaron Harris"
    locality = "Kansas City"
    region = "MO"
    email = "hello@massageaha.example"

    class Meta:
        model = models.PracticeSettings


class ImageFactory(wagtail_factories.ImageFactory):
    """A small picture in the root collection (where the owner's uploads go by default)."""

    title = factory.Sequence(lambda n: f"Picture {n}")
    collection = factory.LazyFunction(Collection.get_first_root_node)


class DocumentFactory(wagtail_factories.DocumentFactory):
    """A small file in the root collection."""

    title = factory.Sequence(lambda n: f"Document {n}")
    collection = factory.LazyFunction(Collection.get_first_root_node)
    file = factory.django.FileField(filename="intake-form.pdf", data=b"%PDF-1.4 intake form")


class WebhookSubscriberFactory(factory.django.DjangoModelFactory):
    """A partner site told of changes (tests point `url` at a Receiver to hear them)."""

    name = factory.Sequence(lambda n: f"Partner {n}")
    url = factory.Sequence(lambda n: f"https://partner-{n}.example/hook")

    class Meta:
        model = api_models.WebhookSubscriber


class WebhookDeliveryFactory(factory.django.DjangoModelFactory):
    """One notification to a subscriber, logged but not yet tried."""

    subscriber = factory.SubFactory(WebhookSubscriberFactory)
    url = factory.SelfAttribute("subscriber.url")
    event = "page_published"
    payload = factory.Dict({"event": "page_published", "paths": ["/"], "changes": []})

    class Meta:
        model = api_models.WebhookDelivery


class AppointmentRequestFactory(factory.django.DjangoModelFactory):
    """A visitor's appointment request through a contact page (answers sealed at rest)."""

    page = factory.SubFactory(ContactPageFactory)
    form_data = factory.Dict(
        {
            "name": "Sam Visitor",
            "email": factory.Sequence(lambda n: f"visitor{n}@example.com"),
            "phone": "(816) 555-0199",
            "message": "My lower back has hurt since March.",
        }
    )

    class Meta:
        model = models.AppointmentRequest


class AccessAttemptFactory(factory.django.DjangoModelFactory):
    """A failed admin sign-in as django-axes records it (address and username kept)."""

    username = "dana@example.com"
    ip_address = "203.0.113.66"
    user_agent = "curl"
    http_accept = "*/*"
    path_info = "/admin/login/"
    get_data = "next=/admin/"
    post_data = factory.LazyAttribute(lambda attempt: f"username={attempt.username}")
    failures_since_start = 1

    class Meta:
        model = AccessAttempt
