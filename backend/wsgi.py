"""WSGI entry point of the CMS backend (gunicorn backend.wsgi).

Warm API answers are sent again before Django runs (api.warm_answers).
"""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "backend.settings.dev")

django_application = get_wsgi_application()

from api.warm_answers import WarmAnswers  # noqa: E402 (needs the settings)

application = WarmAnswers(django_application)
