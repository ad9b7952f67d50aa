"""An oversized body to the API is a JSON 413 under every settings module, debug pages included.

Each settings module is loaded in a fresh process, as `make run` (dev), the container
(production) and the suite (test) load it; the request goes through Django's full stack.
"""

import json

import pytest

from tests.production.processes import production_env, run

POST_OVERSIZED = """
import json
import django
django.setup()
from django.conf import settings
from django.test import Client
body = b'{"text": "' + b"x" * settings.DATA_UPLOAD_MAX_MEMORY_SIZE + b'"}'
answer = Client(HTTP_HOST="127.0.0.1").post(
    "/api/v2/responses/", body, content_type="application/json"
)
print(json.dumps({
    "status": answer.status_code,
    "type": answer["Content-Type"],
    "body": answer.content.decode()[:300],
}))
"""


@pytest.mark.parametrize("module", ["dev", "production", "test"])
def test_an_oversized_body_is_a_json_413(module, tmp_path):
    env = production_env(
        DJANGO_SETTINGS_MODULE=f"backend.settings.{module}",
        DATABASE_URL=f"sqlite:///{tmp_path / 'empty.sqlite3'}",
        CACHE_DIR=tmp_path / "cache",
    )
    result = run(["python", "-c", POST_OVERSIZED], env)
    assert result.returncode == 0, result.stderr
    answer = json.loads(result.stdout.splitlines()[-1])
    assert answer == {
        "status": 413,
        "type": "application/json",
        "body": '{"message": "The request body is larger than the limit of 2621440 bytes."}',
    }
