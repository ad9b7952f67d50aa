"""The API's JSON renderer (api.json_renderer): orjson writing exactly the bytes DRF's own
renderer writes, for every answer the API gives and for the types DRF's encoder knows."""

import datetime
import decimal
import json
import uuid

import pytest
from django.utils.translation import gettext_lazy
from rest_framework.renderers import JSONRenderer

from api.json_renderer import CompactJSONRenderer
from tests.api.page_types import PAGE_TYPES

pytestmark = pytest.mark.django_db

ANSWERS = [
    "/api/v2/pages/?fields=*&limit=50",
    "/api/v2/practice/",
    "/api/v2/faqs/",
    "/api/v2/search/?q=massage",
    *[f"/api/v2/pages/?type=cms_pages.{page_type}&fields=*" for page_type in PAGE_TYPES],
]


def drf(data, **context) -> bytes:
    return JSONRenderer().render(data, renderer_context=context)


def test_every_answer_is_written_as_drf_writes_it(client, demo_content):
    for url in ANSWERS:
        response = client.get(url)
        assert response.status_code == 200, url
        # Read back and written again by DRF: the same bytes, if they were written as DRF does.
        assert response.content == drf(json.loads(response.content)), url


def test_the_types_drf_encodes_its_own_way_are_written_as_drf_writes_them():
    data = {
        "when": datetime.datetime(2026, 12, 5, 9, 30, tzinfo=datetime.UTC),
        "local": datetime.datetime(2026, 12, 5, 9, 30, 15, 250),
        "day": datetime.date(2026, 12, 5),
        "price": decimal.Decimal("85.50"),
        "id": uuid.UUID("12345678-1234-5678-1234-567812345678"),
        "lazy": gettext_lazy("Massage"),
        "text": "Aha!\u2028next line\u2029 caf\u00e9 \u2014 <b>&</b>",
        "numbers": [1, -2, 3.25, 0.1, 1e16, True, None],
        7: "a key that is not a string",
        "nested": {"tuple": (1, 2), "set_free": []},
    }
    assert CompactJSONRenderer().render(data) == drf(data)


def test_indented_output_is_drfs_own():
    data = {"a": [1, {"b": "c"}]}
    rendered = CompactJSONRenderer().render(data, renderer_context={"indent": 2})
    assert rendered == drf(data, indent=2)
    assert CompactJSONRenderer().render(None) == b""
