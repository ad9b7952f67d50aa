"""Every factory in tests/factories.py builds a valid object, and every page type has one.

As torchbox.com does it: a new page type without a factory fails here, and so does a factory
that drifts from its model (a new required field, a broken default parent).
"""

import inspect

import pytest
from django.apps import apps
from factory.django import DjangoModelFactory
from wagtail.models import Page

from tests import factories

FACTORIES = [
    value
    for value in vars(factories).values()
    if inspect.isclass(value)
    and issubclass(value, DjangoModelFactory)
    and value.__module__ == factories.__name__
]


def test_every_page_type_has_a_factory():
    page_types = {
        model for model in apps.get_app_config("cms_pages").get_models() if issubclass(model, Page)
    }
    missing = page_types - {factory_class._meta.model for factory_class in FACTORIES}
    assert not missing, f"page types without a factory: {sorted(m.__name__ for m in missing)}"


@pytest.mark.django_db
@pytest.mark.parametrize("factory_class", FACTORIES, ids=lambda f: f.__name__)
def test_every_factory_builds_a_valid_object(factory_class):
    built = factory_class()

    built.full_clean()
    assert type(built).objects.filter(pk=built.pk).exists()
    if isinstance(built, Page):  # under a parent of a type it may live under
        assert type(built).can_exist_under(built.get_parent().specific)
