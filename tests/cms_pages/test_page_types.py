"""The page tree rules keep the owner from building a broken site."""

import pytest
from django.apps import apps
from modelcluster.fields import ParentalKey
from wagtail.contrib.forms.models import AbstractEmailForm, AbstractFormField
from wagtail.contrib.settings.models import BaseSiteSetting
from wagtail.models import DraftStateMixin, Orderable, Page, RevisionMixin

from cms_pages import models


def allowed_children(model) -> set:
    return set(model.allowed_subpage_models())


def test_home_page_children():
    assert allowed_children(models.HomePage) == {
        models.ServiceIndexPage,
        models.StandardPage,
        models.FAQPage,
        models.ContactPage,
    }


def test_service_pages_live_only_under_the_services_index():
    assert models.ServicePage.allowed_parent_page_models() == [models.ServiceIndexPage]
    assert allowed_children(models.ServiceIndexPage) == {models.ServicePage}
    assert allowed_children(models.ServicePage) == set()


def test_leaf_pages_take_no_children():
    for model in (models.FAQPage, models.ContactPage, models.ServicePage):
        assert allowed_children(model) == set(), model


def test_standard_pages_nest():
    assert allowed_children(models.StandardPage) == {models.StandardPage}


@pytest.mark.django_db
def test_single_instance_pages_cannot_be_added_twice(home_page):
    # The demo site already has one of each.
    for model in (models.ServiceIndexPage, models.FAQPage, models.ContactPage, models.HomePage):
        assert model.max_count == 1
        assert not model.can_create_at(home_page), model
    assert models.StandardPage.can_create_at(home_page)


@pytest.mark.django_db
def test_a_service_page_cannot_be_created_under_the_home_page(home_page):
    assert not models.ServicePage.can_create_at(home_page)


def wagtail_field_names() -> set[str]:
    """Fields that Wagtail's own base classes add; Wagtail documents those itself."""
    bases = [
        Page,
        DraftStateMixin,
        RevisionMixin,
        Orderable,
        AbstractEmailForm,
        AbstractFormField,
        BaseSiteSetting,
    ]
    return {field.name for base in bases for field in base._meta.get_fields()}


def test_every_editor_facing_field_has_help_text():
    """The owner never meets a field of ours without a hint of what to put in it."""
    inherited = wagtail_field_names() | {"id"}
    missing = [
        f"{model.__name__}.{field.name}"
        for model in apps.get_app_config("cms_pages").get_models()
        for field in model._meta.get_fields()
        if field.concrete
        and field.editable
        and field.name not in inherited
        and not isinstance(field, ParentalKey)
        and not field.help_text
    ]
    assert not missing, missing
