"""What happens when content changes: every cached API answer goes stale and subscribers
(the site's own frontend included) are told, once the change is committed."""

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.contrib.redirects.models import Redirect
from wagtail.images import get_image_model
from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished, post_page_move

from api.caching import bump_content_generation
from api.webhooks import notify
from cms_pages.models import FAQ, PracticeSettings, Response


def content_changed(event: str, obj, paths: list[str] | None = None) -> None:
    """Stale the API cache now and after commit, then notify subscribers after commit."""
    object_type = obj._meta.label
    bump_content_generation()

    def after_commit():
        bump_content_generation()
        notify(event, object_type, obj.pk, paths or [])

    transaction.on_commit(after_commit)


def public_path(page: Page) -> list[str]:
    url = page.get_url()
    return [url] if url else []


@receiver(page_published)
def on_page_published(sender, instance, **kwargs):
    content_changed("page_published", instance, public_path(instance))


@receiver(page_unpublished)
def on_page_unpublished(sender, instance, **kwargs):
    content_changed("page_unpublished", instance, public_path(instance))


@receiver(post_page_move)
def on_page_moved(sender, instance, url_path_before, url_path_after, **kwargs):
    content_changed("page_moved", instance, public_path(instance))


def announced_change(instance) -> tuple[str, list[str]] | None:
    """The event and public paths that saving or deleting this object means, if any."""
    if isinstance(instance, FAQ):
        return "faq_changed", []
    if isinstance(instance, PracticeSettings):
        return "settings_changed", []
    if isinstance(instance, get_image_model()):
        return "image_changed", []
    if isinstance(instance, Redirect):
        return "redirect_changed", [instance.old_path]
    if isinstance(instance, Response):
        return "response_changed", public_path(instance.page)
    return None


@receiver(post_delete)
def on_deleted(sender, instance, **kwargs):
    if type(instance) is Page:  # once per deleted page, not once per table of its type
        content_changed("page_deleted", instance)
    elif change := announced_change(instance):
        content_changed(change[0], instance, change[1])


@receiver(post_save)
def on_saved(sender, instance, created=False, **kwargs):
    if created and isinstance(instance, Response) and instance.status != Response.Status.APPROVED:
        return  # a new response awaiting moderation changes nothing the public sees
    if change := announced_change(instance):
        content_changed(change[0], instance, change[1])
