"""What the bench adds to the project template's production settings (imported by them).

The secret key from the environment, the loopback host names, and plain static file URLs:
the bench serves no static files, so the template's manifest storage (which would need
`collectstatic` first) would change nothing but the URLs in the page.
"""

import os

SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
