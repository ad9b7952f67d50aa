from django.core.management.base import BaseCommand
from wagtail.models import Page

from api.answer_invalidation import rebuild_answers
from api.caching import bump_content_generation
from api.models import StoredPageAnswer


class Command(BaseCommand):
    """Forget every stored page answer (`api.stored_answers`) and build them all again.

    Wagtail's publish tells the change feed, which forgets what a change made stale; pages
    written into the database some other way (an import script) are not told about, and the
    answers showing them would stay as they were.
    """

    help = "Forget every stored page answer and build those of the public pages again."

    def handle(self, *args, **options):
        forgotten, _ = StoredPageAnswer.objects.all().delete()
        bump_content_generation()
        rebuild_answers.call(list(Page.objects.values_list("pk", flat=True)))
        built = StoredPageAnswer.objects.count()
        self.stdout.write(f"Forgot {forgotten} stored page answers; built {built}.")
