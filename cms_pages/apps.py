from django.apps import AppConfig


class CmsPagesConfig(AppConfig):
    """The practice's content model: page types, FAQs, practice settings and demo content."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "cms_pages"
    verbose_name = "Site content"
