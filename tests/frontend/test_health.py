"""Liveness and readiness of the site for container healthchecks."""


def test_healthz_answers_without_the_api(client, settings, closed_api_url):
    settings.CMS_API_URL = closed_api_url
    response = client.get("/healthz")
    assert response.status_code == 200 and response.json() == {"status": "ok"}


def test_readyz_is_ok_when_the_api_answers(site):
    response = site.get("/readyz")
    assert response.status_code == 200
    assert response.json()["checks"] == {"api": "ok", "cache": "ok"}


def test_readyz_names_the_api_when_it_is_down(client, settings, closed_api_url):
    settings.CMS_API_URL = closed_api_url
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["api"] == "error: unreachable"
