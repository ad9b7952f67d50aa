"""`manage.py add_bench_page < content.json`: the stock site's copy of the measured page.

Reads {"parents": [[slug, title], ...], "slug", "title", "heading", "intro", "body"} (body in
StreamField's JSON form) and publishes the parent pages (ContentPages under the site's home
page) and then the page itself, so that it is served at /<parent slugs>/<slug>/. Prints the
page's URL path.
"""

import json
import sys

from django.core.management.base import BaseCommand
from home.models import ContentPage
from wagtail.models import Site


class Command(BaseCommand):
    help = "Publish the bench's content page (JSON on stdin) under the home page."

    def handle(self, *args, **options):
        content = json.load(sys.stdin)
        home = Site.objects.get(is_default_site=True).root_page
        parent = home
        for slug, title in content["parents"]:
            parent = self.publish(parent, slug=slug, title=title)
        page = self.publish(
            parent,
            slug=content["slug"],
            title=content["title"],
            heading=content["heading"],
            intro=content["intro"],
            body=json.dumps(content["body"]),
        )
        self.stdout.write(page.url_path.removeprefix(home.url_path.rstrip("/")))

    def publish(self, parent, **fields) -> ContentPage:
        page = parent.add_child(instance=ContentPage(**fields))
        page.save_revision().publish()
        return page
