"""Set-up of the admin measurements, run as a step of `Stack.set_up()`.

`python -m bench.admin_setup` (with the backend's set-up environment) creates the admin
account both admins log in with and the stock admin's own copy of the CranioSacral page (the
same ServicePage, content and revisions, under another slug), then prints one JSON line:
`{"ours": <page id>, "stock": <page id>, "stock_slug": ...}`.

`python -m bench.admin_setup --check-stock` (with the stock admin's environment) loads the
baseline's settings, URL map and every app's admin hooks, then fails if any module of our
`api` package was imported: the baseline must not run our change feed.
"""

import json
import sys

USERNAME = "bench"
PASSWORD = "bench-admin-password"  # noqa: S105 - a throw-away account in a temporary database
OUR_SLUG = "craniosacral-massage"
STOCK_SLUG = "craniosacral-massage-stock-admin"


def create() -> dict:
    from django.contrib.auth import get_user_model

    from cms_pages.models import ServicePage

    user_model = get_user_model()
    if not user_model.objects.filter(username=USERNAME).exists():
        user_model.objects.create_superuser(USERNAME, "bench@example.com", PASSWORD)
    original = ServicePage.objects.get(slug=OUR_SLUG)
    copy = ServicePage.objects.filter(slug=STOCK_SLUG).first()
    if copy is None:
        copy = original.copy(
            to=original.get_parent(), update_attrs={"slug": STOCK_SLUG}, keep_live=True
        )
    return {"ours": original.pk, "stock": copy.pk, "stock_slug": STOCK_SLUG}


def check_stock() -> list[str]:
    from django.conf import settings
    from django.urls import get_resolver, resolve

    get_resolver(settings.ROOT_URLCONF).url_patterns  # noqa: B018 - imports the URL map
    resolve("/admin/")  # wagtail.admin.urls has imported every app's wagtail_hooks
    return sorted(name for name in sys.modules if name == "api" or name.startswith("api."))


def main() -> int:
    import django

    django.setup()
    if "--check-stock" in sys.argv[1:]:
        loaded = check_stock()
        if loaded:
            print(f"the stock admin imported our api package: {', '.join(loaded)}")
            return 1
        print("the stock admin imports nothing of the api package")
        return 0
    print(json.dumps(create()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
