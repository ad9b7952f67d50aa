"""WSGI entry point of the public site (gunicorn frontend_templates.wsgi)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "frontend_templates.settings.production")

application = get_wsgi_application()
