"""The Akismet client and its HTTP library (httpx, which imports its command line's rich,
click and pygments: ~4 MiB per process) are imported when Akismet is first asked: the web
processes and the task worker of a site without a key never carry them."""

import os

from tests.production.processes import python_output

A_PROCESS_WITHOUT_A_KEY = """
import sys
import django
django.setup()
from django.urls import get_resolver
get_resolver().url_patterns  # every view, the API's and the admin's
from cms_pages import spam
assert spam.akismet_verdict(
    ip_address="192.0.2.1", user_agent="x", kind="comment", name="A", email="", text="Hi"
) == ""
print(sorted(name for name in sys.modules if name.split(".")[0] in {"akismet", "httpx"}))
"""


def test_a_process_that_never_asks_akismet_does_not_carry_its_client():
    environment = {
        "PATH": os.environ["PATH"],
        "DJANGO_SETTINGS_MODULE": "backend.settings.test",
        "AKISMET_API_KEY": "",
    }
    assert python_output(A_PROCESS_WITHOUT_A_KEY, env=environment) == "[]"
