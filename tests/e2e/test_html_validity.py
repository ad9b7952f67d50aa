"""Every page type is valid HTML according to the Nu HTML Checker (vnu.jar, one JVM run)."""

import json
import subprocess

import requests

from tests.e2e.pages import PAGE_TYPES, reply_sent_back_with_errors, server_error_html
from tests.frontend.live_backend import ROOT

VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def checked(folder) -> tuple[list[dict], int]:
    """The Nu HTML Checker's errors in every .html file of `folder` (one JVM run), and its
    exit status."""
    done = subprocess.run(
        ["java", "-jar", str(VNU), "--errors-only", "--format", "json", str(folder)],
        capture_output=True,
        text=True,
        timeout=180,
    )
    return json.loads(done.stderr or done.stdout)["messages"], done.returncode


def test_every_page_type_is_valid_html(live_site, site_without_api, tmp_path):
    pages = {
        name: requests.get(live_site + path, timeout=10).text for name, path in PAGE_TYPES.items()
    }
    pages["unavailable"] = requests.get(site_without_api + "/services/", timeout=10).text
    pages["server-error"] = server_error_html()
    pages["reply-errors"] = reply_sent_back_with_errors(live_site)
    for name, html in pages.items():
        (tmp_path / f"{name}.html").write_text(html)

    messages, status = checked(tmp_path)
    assert messages == [], json.dumps(messages, indent=1)
    assert status == 0
