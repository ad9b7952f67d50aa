from django.apps import AppConfig


class ApiConfig(AppConfig):
    """The public, read-only content API and the notifications sent when content changes."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "api"
    verbose_name = "Public API"

    def ready(self):
        from api import (  # noqa: F401 - connect the change handlers, describe the views
            schema,
            signals,
        )
