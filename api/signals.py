"""Which change means which event: the receivers that feed `api.change_feed`.

| change | event | paths |
|---|---|---|
| publish (admin, shell, scheduled go-live, revert, copy kept live) | page_published | the page |
| unpublish, scheduled expiry | page_unpublished | the page |
| move | page_moved | the page's old and new addresses |
| delete | page_deleted | the page and each deleted descendant |
| view restriction added, changed or removed | page_privacy_changed | the page and descendants |
| collection made private or public | collection_privacy_changed | - |
| FAQ published, unpublished, deleted (not draft saves); FAQ category changed | faq_changed | - |
| practice details | settings_changed | - |
| image or document saved or deleted | image_changed / document_changed | - |
| redirect | redirect_changed | its old path |
| response approved, replied to; one never shown moderated, deleted | response_changed | its page |
| approved response un-approved, spam, deleted, erased, reworded | response_withdrawn | its page |
"""

from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_delete, pre_save
from django.dispatch import receiver
from django_tasks.signals import task_finished
from wagtail.contrib.redirects.models import Redirect
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import (
    CollectionViewRestriction,
    DraftStateMixin,
    Page,
    PageViewRestriction,
    Site,
)
from wagtail.signals import (
    page_published,
    page_unpublished,
    post_page_move,
    pre_page_move,
    published,
    unpublished,
)

from api.caching import bump_content_generation
from api.change_feed import content_changed
from cms_pages.models import FAQ, FAQCategory, PracticeSettings, Response

# Wagtail's search index is updated by the worker, after the change was announced.
SEARCH_INDEX_TASK = "modelsearch.tasks.insert_or_update_object_task"
# Fields that saving a draft writes on a live object: the public version is unchanged.
DRAFT_BOOKKEEPING = frozenset({"latest_revision", "has_unpublished_changes", "draft_title"})
# Page id -> its public addresses before the move under way (signals pass different copies).
_paths_before_move: dict[int, list[str]] = {}
# What the site shows of an approved response: the visitor's own words and status (the
# owner's reply is the owner's; changing it withdraws nothing of the visitor's).
RESPONSE_SHOWN_FIELDS = ("status", "name", "website", "text")


def public_paths(page: Page, *, descendants: bool = False) -> list[str]:
    """The page's public address (and its descendants'), for the notification."""
    pages = Page.objects.descendant_of(page, inclusive=True) if descendants else [page]
    return [url for url in (each.get_url() for each in pages) if url]


@receiver(page_published)
def on_page_published(sender, instance, **kwargs):
    content_changed("page_published", instance, public_paths(instance))


@receiver(page_unpublished)
def on_page_unpublished(sender, instance, **kwargs):
    content_changed("page_unpublished", instance, public_paths(instance))


@receiver(pre_page_move)
def before_page_move(sender, instance, **kwargs):
    _paths_before_move[instance.pk] = public_paths(instance, descendants=True)


@receiver(post_page_move)
def on_page_moved(sender, instance, **kwargs):
    before = _paths_before_move.pop(instance.pk, [])
    content_changed("page_moved", instance, before + public_paths(instance, descendants=True))


@receiver(pre_delete, sender=Page)
def before_page_delete(sender, instance, **kwargs):
    instance.path_before_delete = public_paths(instance)


@receiver([post_save, post_delete], sender=PageViewRestriction)
def on_page_privacy_changed(sender, instance, raw=False, **kwargs):
    if raw:  # a fixture being loaded: nothing was published
        return
    page = Page.objects.filter(pk=instance.page_id).first()
    if page is not None:  # not when the page itself is being deleted
        content_changed("page_privacy_changed", page, public_paths(page, descendants=True))


@receiver([post_save, post_delete], sender=CollectionViewRestriction)
def on_collection_privacy_changed(sender, instance, raw=False, **kwargs):
    if raw:
        return
    content_changed("collection_privacy_changed", instance.collection)


@receiver(pre_save, sender=Response)
def before_response_save(sender, instance, raw=False, **kwargs):
    """Keep what the public was shown of the stored response (None: it was not approved), as
    it is in the database: the instance being saved may have been loaded long before."""
    instance.shown_before_save = (
        None
        if raw or instance.pk is None
        else Response.objects.filter(pk=instance.pk, status=Response.Status.APPROVED)
        .values(*RESPONSE_SHOWN_FIELDS)
        .first()
    )


def response_event(response: Response, *, deleted: bool) -> str:
    """response_withdrawn when what the public was shown of a response leaves public view
    (an approved one deleted or erased, un-approved, marked spam, or its visitor's words
    changed), so that the site drops its last good copies; response_changed otherwise."""
    if deleted:
        withdrawn = response.status == Response.Status.APPROVED
    else:
        shown = getattr(response, "shown_before_save", None)
        withdrawn = shown is not None and shown != {
            name: getattr(response, name) for name in RESPONSE_SHOWN_FIELDS
        }
    return "response_withdrawn" if withdrawn else "response_changed"


@receiver([published, unpublished], sender=FAQ)
def on_faq_published_or_unpublished(sender, instance, **kwargs):
    content_changed("faq_changed", instance)


def announced_change(instance, *, deleted: bool) -> tuple[str, list[str]] | None:
    """The event and public paths that saving or deleting this object means, if any."""
    if isinstance(instance, FAQ | FAQCategory):
        return "faq_changed", []
    if isinstance(instance, PracticeSettings):
        return "settings_changed", []
    if isinstance(instance, get_image_model()):
        return "image_changed", []
    if isinstance(instance, get_document_model()):
        return "document_changed", []
    if isinstance(instance, Redirect):
        return "redirect_changed", [instance.old_path]
    if isinstance(instance, Response):
        return response_event(instance, deleted=deleted), public_paths(instance.page)
    return None


def changes_public_version(instance, *, created: bool, update_fields) -> bool:
    """Whether saving this object changes what the public sees.

    A draft-state object (an FAQ) is public only while live, and saving a draft of a live
    one writes only revision bookkeeping; publish and unpublish are announced by their own
    signals. A new response awaiting moderation changes nothing the public sees.
    """
    if isinstance(instance, DraftStateMixin):
        return instance.live and not (update_fields and update_fields <= DRAFT_BOOKKEEPING)
    if isinstance(instance, Response) and created:
        return instance.status == Response.Status.APPROVED
    return True


@receiver(post_delete)
def on_deleted(sender, instance, **kwargs):
    if type(instance) is Page:  # once per deleted page, not once per table of its type
        content_changed("page_deleted", instance, getattr(instance, "path_before_delete", []))
    elif (change := announced_change(instance, deleted=True)) and changes_public_version(
        instance, created=False, update_fields=None
    ):
        content_changed(change[0], instance, change[1])


@receiver(post_save)
def on_saved(sender, instance, created=False, update_fields=None, raw=False, **kwargs):
    if raw:  # a fixture or a test database's serialized copy being loaded: nothing changed
        return
    change = announced_change(instance, deleted=False)
    if change and changes_public_version(instance, created=created, update_fields=update_fields):
        content_changed(change[0], instance, change[1])


@receiver([post_save, post_delete], sender=Site)
def on_site_changed(sender, instance, raw=False, **kwargs):
    """A site's host name, port or root page decides which site a request is for: what the
    API cached and what each process remembers for the generation (`api.generation_memo`)
    is stale, now and again once the change is committed (a process may have read the old
    site in between)."""
    if not raw:
        bump_content_generation()
        transaction.on_commit(bump_content_generation)


@receiver(task_finished)
def on_search_index_updated(sender, task_result, **kwargs):
    """Search answers cached between a change's commit and its indexing go stale now."""
    if task_result.task.module_path == SEARCH_INDEX_TASK:
        bump_content_generation()
