"""WSGI entry point of the public site (gunicorn frontend_templates.wsgi).

Finished pages are answered before Django (frontend_templates.page_server).
"""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "frontend_templates.settings.production")

django_application = get_wsgi_application()

from frontend_templates.page_server import PageServer  # noqa: E402 (needs the settings)

application = PageServer(django_application)
