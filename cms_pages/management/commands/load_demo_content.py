from django.core.management.base import BaseCommand

from cms_pages.demo.builder import DemoBuilder


class Command(BaseCommand):
    """Load the Massage Aha! demo site; safe to run again (it only adds what is missing)."""

    help = "Load the Massage Aha! demo content (idempotent)."

    def handle(self, *args, **options):
        created = DemoBuilder(log=self.stdout.write).build()
        self.stdout.write(self.style.SUCCESS(f"Demo content ready ({created} part(s) created)."))
