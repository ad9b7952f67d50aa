from django.apps import AppConfig


class ApiConfig(AppConfig):
    """The public, read-only content API and the notifications sent when content changes."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "api"
    verbose_name = "Public API"

    def ready(self):
        from api import signals  # noqa: F401 - connect the change handlers
        from api.openapi import operations  # noqa: F401 - describe Wagtail's viewsets
