"""Security headers, no inline script or style, and production settings that fail fast."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.frontend.html import parse

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "frontend_templates.settings.production",
    "DJANGO_SECRET_KEY": "k3y-" + "x9Qz!w" * 10,
    "API_TRUSTED_CLIENT_KEY": "cl1ent-" + "p4Rk!v" * 10,
    "CMS_WEBHOOK_SECRET": "w3bh00k-" + "m7Ns?t" * 10,
    "ALLOWED_HOSTS": "www.massageaha.example",
    "CMS_API_URL": "http://backend:8000/api/v2/",
}


def run_production(*args: str, **env_changes) -> subprocess.CompletedProcess:
    env = {**os.environ, **PRODUCTION_ENV, **env_changes}
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # set for Playwright; deploy checks refuse it
    env = {name: value for name, value in env.items() if value is not None}
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )


@pytest.mark.parametrize("path", ["/", "/services/craniosacral-massage/", "/no-such-page/"])
def test_pages_send_the_security_headers(site, path):
    response = site.get(path)
    policy = response["Content-Security-Policy"]
    assert "script-src 'self';" in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert policy.endswith("frame-ancestors 'none'")
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert "camera=()" in response["Permissions-Policy"]


def test_pages_carry_no_inline_script_or_style(site):
    html = parse(site.get("/services/craniosacral-massage/"))
    for script in html.find_all("script"):
        assert script.get("src") or script.get("type") == "application/ld+json"
    assert not html.find_all("style") and not html.find_all(style=True)
    assert not [tag for tag in html.find_all(True) if any(a.startswith("on") for a in tag.attrs)]


def test_production_passes_djangos_deployment_checks():
    done = run_production("manage.py", "check", "--deploy", "--fail-level", "WARNING")
    assert done.returncode == 0, done.stderr


@pytest.mark.parametrize("missing", ["DJANGO_SECRET_KEY", "ALLOWED_HOSTS"])
def test_production_refuses_to_start_without_its_secret_or_hosts(missing):
    done = run_production("manage.py", "check", **{missing: None})
    assert done.returncode != 0
    assert f"Set the environment variable {missing}" in done.stderr


def test_production_answers_over_https_with_hsts_and_redirects_http():
    script = (
        "import django; django.setup(); from django.test import Client; c = Client(); "
        "s = c.get('/healthz', secure=True, HTTP_HOST='www.massageaha.example'); "
        "p = c.get('/about/', HTTP_HOST='www.massageaha.example'); "
        "print(s['Strict-Transport-Security']); print(p.status_code, p['Location'])"
    )
    done = run_production("-c", script)
    hsts, redirect = done.stdout.splitlines()
    assert hsts.startswith("max-age=31536000")
    assert redirect == "301 https://www.massageaha.example/about/"
