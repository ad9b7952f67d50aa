"""Keep Wagtail's v3 API, which this project neither installs nor routes, out of its processes.

Wagtail 8's images, documents, snippets, locales and redirects apps build the v3 API in their
`ready()` whether or not `wagtail.api.v3` is installed: a django-ninja application with a
router per app, and a registry of pydantic schemas per content type. Nothing here serves it
(the public API is our own, on Wagtail's v2 viewsets, and no URL leads to v3), yet every
Django process paid for it: ~10 MiB of memory each (the backend's worker and the task worker)
and ~0.1 s of start-up. Before the apps are ready, the modules those `ready()` methods import
are given stand-ins that do nothing; listing `wagtail.api.v3` in the base settings'
INSTALLED_APPS turns this off.
"""

import sys
from collections.abc import MutableMapping
from types import ModuleType

APP = "wagtail.api.v3"


class UnroutedApi:
    """Stands for the v3 NinjaAPI: the routers Wagtail's apps add to it go nowhere."""

    def add_router(self, prefix, router):
        pass


def register_nothing():
    """Stands for each app's `register_content_types` of the v3 API's schema registry."""


# What Wagtail 8's apps import from the v3 API in their ready(), module by module.
STAND_INS = {
    "wagtail.api.v3.api": {"api": UnroutedApi()},
    "wagtail.images.api.v3.registry": {"register_content_types": register_nothing},
    "wagtail.images.api.v3.router": {"router": None},
    "wagtail.documents.api.v3.registry": {"register_content_types": register_nothing},
    "wagtail.documents.api.v3.router": {"router": None},
    "wagtail.snippets.api.v3": {"register_content_types": register_nothing},
    "wagtail.snippets.api.v3.router": {"router": None},
    "wagtail.locales.api.v3": {"router": None},
    "wagtail.contrib.redirects.api.v3": {"router": None},
}


def leave_out(installed_apps, modules: MutableMapping = sys.modules):
    """Put the stand-ins where Python looks for an imported module first, unless the v3 API
    is installed (then Wagtail builds it as usual)."""
    if APP in installed_apps:
        return
    for name, attributes in STAND_INS.items():
        stand_in = ModuleType(name, __doc__)
        stand_in.__dict__.update(attributes)
        modules.setdefault(name, stand_in)
