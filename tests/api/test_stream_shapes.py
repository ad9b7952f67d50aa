"""StreamField blocks are served and described by their type, through one table (api.stream).

A block nested anywhere (in a struct, a list, a stream) is served in the shape the OpenAPI
document gives it, whatever name it was given; a block type the API has no shape for is
refused by both rather than served one way and described another.
"""

import uuid

import jsonschema
import pytest
from django.test import RequestFactory
from wagtail import blocks
from wagtail.images import get_image_model
from wagtail.images.blocks import ImageChooserBlock

from api.stream import Found, references, schema, serialise
from cms_pages.blocks import CaptionedImageBlock

pytestmark = pytest.mark.django_db


class CardBlock(blocks.StructBlock):
    """A test block nesting a chosen image, a chosen page and a list."""

    picture = ImageChooserBlock()
    link = blocks.PageChooserBlock(required=False)
    tags = blocks.ListBlock(blocks.CharBlock())


class NestedStreamBlock(blocks.StreamBlock):
    """A test stream with blocks inside blocks, under names the API has never seen."""

    cards = blocks.ListBlock(CardBlock())
    photo = CaptionedImageBlock()
    note = blocks.RichTextBlock()


def as_json_schema(schema):
    """An OpenAPI 3.0 schema as JSON Schema: `nullable` as a null alternative, references
    into `$defs`."""
    if isinstance(schema, list):
        return [as_json_schema(item) for item in schema]
    if not isinstance(schema, dict):
        return schema
    converted = {
        key: as_json_schema(value)
        for key, value in schema.items()
        if key not in ("nullable", "discriminator")
    }
    if "$ref" in converted:
        converted["$ref"] = converted["$ref"].replace("#/components/schemas/", "#/$defs/")
    if schema.get("nullable"):
        return {"anyOf": [converted, {"type": "null"}]}
    return converted


def served_and_described(client, block, value):
    """The block's JSON as the API serves it, and its schema as the document describes it."""
    request = RequestFactory().get("/api/v2/pages/")
    representation = block.get_api_representation(value, {"request": request})
    found = Found(set(references(block, representation)), request)
    components = client.get("/api/v2/schema/", {"format": "json"}).json()["components"]
    described = schema(block, components["schemas"])
    definitions = {name: as_json_schema(item) for name, item in components["schemas"].items()}
    return serialise(block, representation, found), {
        **as_json_schema(described),
        "$defs": definitions,
    }


def test_nested_blocks_are_served_as_described_whatever_their_names(client, demo_content):
    picture = get_image_model().objects.get(title="Calm massage room")
    block = NestedStreamBlock()
    value = block.to_python(
        [
            {
                "type": "cards",
                "id": str(uuid.uuid4()),
                "value": [
                    {"picture": picture.pk, "link": demo_content.pk, "tags": ["calm"]},
                    {"picture": picture.pk, "link": None, "tags": []},
                ],
            },
            {
                "type": "photo",
                "id": str(uuid.uuid4()),
                "value": {"image": picture.pk, "alt_text": "A room", "caption": ""},
            },
            {
                "type": "note",
                "id": str(uuid.uuid4()),
                "value": f'<p><a linktype="page" id="{demo_content.pk}">Home</a></p>',
            },
        ]
    )

    served, described = served_and_described(client, block, value)

    jsonschema.Draft202012Validator(described).validate(served)
    cards, photo, note = (item["value"] for item in served)
    assert cards[0]["picture"]["id"] == picture.pk
    assert [card["path"] for card in cards] == ["/", None]
    assert photo["image"]["alt"] == "A room"
    assert photo["image"]["renditions"][0]["url"].startswith("http")
    assert note == '<p><a href="/">Home</a></p>'


def test_a_block_without_a_shape_is_refused_by_both_the_document_and_the_answer():
    block = blocks.StructBlock([("agreed", blocks.BooleanBlock())])

    with pytest.raises(TypeError, match="BooleanBlock"):
        schema(block, {})
    with pytest.raises(TypeError, match="BooleanBlock"):
        serialise(block, {"agreed": True}, found=None)
