"""Fixtures for the API's tests."""

import pytest


@pytest.fixture
def api(client):
    """A client for the public API that returns parsed JSON alongside the response."""

    class API:
        def get(self, path, **headers):
            return client.get(f"/api/v2/{path}", headers=headers)

        def json(self, path, status=200):
            response = self.get(path)
            assert response.status_code == status, response.content[:500]
            return response.json()

    return API()
