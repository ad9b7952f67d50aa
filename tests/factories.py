"""Factories for every page type and snippet of the content model (wagtail-factories)."""

import factory
import wagtail_factories
from wagtail.models import Page

from cms_pages import models


class HomePageFactory(wagtail_factories.PageFactory):
    title = "Home"
    hero_heading = "Therapeutic massage"

    class Meta:
        model = models.HomePage


class ServiceIndexPageFactory(wagtail_factories.PageFactory):
    title = "Services"
    slug = "services"

    class Meta:
        model = models.ServiceIndexPage


class ServicePageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Service {n}")
    summary = "A short summary of the service."
    introduction = "<p>An introduction to the service.</p>"

    class Meta:
        model = models.ServicePage


class StandardPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Standard page {n}")
    introduction = "<p>An introduction.</p>"

    class Meta:
        model = models.StandardPage


class FAQPageFactory(wagtail_factories.PageFactory):
    title = "FAQ"
    slug = "faq"

    class Meta:
        model = models.FAQPage


class ContactPageFactory(wagtail_factories.PageFactory):
    title = "Contact"
    slug = "contact"
    to_address = "owner@example.com"
    from_address = "site@example.com"
    subject = "Appointment request"

    class Meta:
        model = models.ContactPage


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


PAGE_FACTORIES: dict[type[Page], type[wagtail_factories.PageFactory]] = {
    factory_class._meta.model: factory_class
    for factory_class in [
        HomePageFactory,
        ServiceIndexPageFactory,
        ServicePageFactory,
        StandardPageFactory,
        FAQPageFactory,
        ContactPageFactory,
    ]
}
