"""StreamField blocks in the API: each block type's JSON and its OpenAPI description, side
by side.

A block is shaped by its class, never by the name a StreamField gives it. `SHAPES` holds one
shape per block class, most specific first; a block takes the first shape whose class it is
an instance of, and StructBlock, ListBlock and StreamBlock shapes walk their children the
same way. `StreamBodyField` serves a StreamField with this table and `api.openapi` describes
one with it, so a block is served as it is described. A block that no shape fits is an error
in both (the schema tests fail at once), rather than served one way and described another.

Wagtail gives a chosen image or page as a bare id; here they become the image and page-path
shapes used everywhere else, loaded in bulk: one query for all images and one for all pages
(and one pass over all rich text) of the streams shown, however many blocks and pages there
are and however deeply the blocks are nested.
"""

from collections import defaultdict
from collections.abc import Iterator

from rest_framework import serializers
from wagtail import blocks
from wagtail.blocks import StreamValue
from wagtail.images.blocks import ImageChooserBlock

from api.fields import Described, Prefetching, RichTexts, rich_texts
from api.openapi.jsonschema import HTML, STRING, array, complete, nullable, ref
from api.representations import page_path
from api.serializers import ImageSerializer, images_with_renditions, picture_json
from cms_pages import selectors
from cms_pages.blocks import CaptionedImageBlock


class Found:
    """The images and public pages that streams' blocks refer to, each loaded once, and their
    rich text, made display HTML together."""

    def __init__(self, references: set[tuple[str, int | str]], request, rich_text=None):
        ids = {kind: {pk for k, pk in references if k == kind} for kind in ("image", "page")}
        images = images_with_renditions().filter(pk__in=ids["image"])
        self.images = {image.pk: image for image in images}
        self.pages = {page.pk: page for page in selectors.public_pages().filter(pk__in=ids["page"])}
        self.request = request
        self.rich_text: RichTexts = rich_text or RichTexts()
        self.rich_text.add(value for kind, value in references if kind == "rich_text")


class Shape:
    """How blocks of one class look in the API: their JSON, and its JSON Schema."""

    block_class: type | tuple[type, ...] = ()
    # The key a StructBlock shows this block under, when not the name it was given.
    key: str | None = None

    def serialise(self, block, value, found: Found):
        """The block's JSON, from Wagtail's API representation of its value."""
        return value

    def schema(self, block, components: dict) -> dict:
        """The JSON Schema of that JSON; named shapes are added to `components`."""
        raise NotImplementedError

    def references(self, block, value) -> Iterator[tuple[str, int | str]]:
        """What the value needs loaded: ("image" or "page", id) pairs, and ("rich_text",
        its source) for rich text."""
        return iter(())


def shape_of(block) -> Shape:
    for shape in SHAPES:
        if isinstance(block, shape.block_class):
            return shape
    raise TypeError(f"no API shape for block {type(block).__name__}")


def serialise(block, value, found: Found):
    return shape_of(block).serialise(block, value, found)


def schema(block, components: dict) -> dict:
    return shape_of(block).schema(block, components)


def references(block, value) -> Iterator[tuple[str, int | str]]:
    return shape_of(block).references(block, value)


def camel(name: str) -> str:
    """`call_to_action` -> `CallToAction`, for component names."""
    return "".join(part.capitalize() for part in name.split("_"))


class StreamShape(Shape):
    """A list of typed blocks, each `{"type", "value", "id"}`; described as a component per
    block type, named after the StreamBlock's class (shared by every model using it), and a
    oneOf of them discriminated by `type`."""

    block_class = blocks.StreamBlock

    def serialise(self, block, value, found):
        return [
            {
                "type": item["type"],
                "value": serialise(block.child_blocks[item["type"]], item["value"], found),
                "id": item["id"],
            }
            for item in value
        ]

    def references(self, block, value):
        for item in value:
            yield from references(block.child_blocks[item["type"]], item["value"])

    def schema(self, block, components):
        name = type(block).__name__
        variants = {child_name: f"{name}{camel(child_name)}" for child_name in block.child_blocks}
        for child_name, child in block.child_blocks.items():
            components[variants[child_name]] = complete(
                {
                    "type": {"type": "string", "enum": [child_name]},
                    "value": schema(child, components),
                    "id": {"type": "string", "format": "uuid"},
                }
            )
        stream = {
            "oneOf": [ref(variant) for variant in variants.values()],
            "discriminator": {
                "propertyName": "type",
                "mapping": {
                    child_name: ref(variant)["$ref"] for child_name, variant in variants.items()
                },
            },
        }
        if components.setdefault(name, stream) != stream:
            raise TypeError(f"two different StreamBlocks are named {name}: subclass one")
        return array(ref(name))


class StructShape(Shape):
    """An object with a key per child block, in the block's order."""

    block_class = blocks.StructBlock

    def serialise(self, block, value, found):
        return {
            shape_of(child).key or name: serialise(child, value[name], found)
            for name, child in block.child_blocks.items()
        }

    def references(self, block, value):
        for name, child in block.child_blocks.items():
            yield from references(child, value[name])

    def schema(self, block, components):
        return complete(
            {
                shape_of(child).key or name: schema(child, components)
                for name, child in block.child_blocks.items()
            }
        )


class CaptionedImageShape(StructShape):
    """The picture block: its image carries the alt text the owner wrote beside it."""

    block_class = CaptionedImageBlock

    def serialise(self, block, value, found):
        data = super().serialise(block, value, found)
        if data["image"] is not None:
            data["image"]["alt"] = data["alt_text"]
        return data


class ListShape(Shape):
    """A list of values of the one child block."""

    block_class = blocks.ListBlock

    def serialise(self, block, value, found):
        return [serialise(block.child_block, item, found) for item in value]

    def references(self, block, value):
        for item in value:
            yield from references(block.child_block, item)

    def schema(self, block, components):
        return array(schema(block.child_block, components))


class ImageChooserShape(Shape):
    """A chosen image as renditions (its alt text is its block's to give)."""

    block_class = ImageChooserBlock

    def serialise(self, block, value, found):
        return picture_json(found.images.get(value), "")

    def references(self, block, value):
        if value:
            yield ("image", value)

    def schema(self, block, components):
        return ImageSerializer.schema


class PageChooserShape(Shape):
    """A chosen page as its public path, under the key `path`; null when it is not public."""

    block_class = blocks.PageChooserBlock
    key = "path"

    def serialise(self, block, value, found):
        page = found.pages.get(value)
        return page_path(page, found.request) if page else None

    def references(self, block, value):
        if value:
            yield ("page", value)

    def schema(self, block, components):
        return nullable({**STRING, "description": "null: no live page."})


class RichTextShape(Shape):
    """Rich text as display HTML with the site's public paths in its links."""

    block_class = blocks.RichTextBlock

    def serialise(self, block, value, found):
        return found.rich_text(value)

    def references(self, block, value):
        yield ("rich_text", value)

    def schema(self, block, components):
        return HTML


class ChoiceShape(Shape):
    """One of the block's choices (or empty, when the block is optional)."""

    block_class = blocks.ChoiceBlock

    def schema(self, block, components):
        choices = [value for value, _ in block.field.choices if value or not block.required]
        return {"type": "string", "enum": choices}


class TextShape(Shape):
    """A block whose value is text, as Wagtail gives it."""

    block_class = (
        blocks.CharBlock,
        blocks.TextBlock,
        blocks.URLBlock,
        blocks.EmailBlock,
        blocks.RegexBlock,
    )

    def schema(self, block, components):
        return STRING


SHAPES: list[Shape] = [
    CaptionedImageShape(),
    StreamShape(),
    StructShape(),
    ListShape(),
    ImageChooserShape(),
    PageChooserShape(),
    RichTextShape(),
    ChoiceShape(),
    TextShape(),
]


def load_streams(streams: list[StreamValue]) -> list[StreamValue]:
    """The streams (of one StreamField) with every block's value loaded, each type of block
    for all the streams at once: Wagtail loads a stream's chosen images and pages once per
    stream, so one query per stream shown."""
    if not streams:
        return []
    block = streams[0].stream_block
    raw = [list(stream.raw_data) for stream in streams]
    places = defaultdict(list)  # block type -> (stream, item) places of its blocks
    for s, items in enumerate(raw):
        for i, item in enumerate(items):
            places[item["type"]].append((s, i))
    loaded = [[None] * len(items) for items in raw]
    for type_name, where in places.items():
        child = block.child_blocks[type_name]
        values = child.bulk_to_python([raw[s][i]["value"] for s, i in where])
        for (s, i), value in zip(where, values, strict=True):
            loaded[s][i] = StreamValue.StreamChild(child, value, id=raw[s][i].get("id"))
    return [StreamValue(block, items) for items in loaded]


class StreamBodyField(Prefetching, Described, serializers.Field):
    """A StreamField as typed blocks, shaped and described by `SHAPES`."""

    def __init__(self, **kwargs):
        kwargs["read_only"] = True
        super().__init__(**kwargs)
        # id of a stream being shown -> (the stream, its API value, what its blocks refer to)
        self.prepared: dict[int, tuple] = {}

    def prefetch(self, objects):
        self.prepare([self.get_attribute(obj) for obj in objects])

    def prepare(self, streams: list[StreamValue]) -> None:
        """Load the blocks of all `streams` and everything they refer to, together."""
        streams = [stream for stream in streams if stream is not None]
        values = [
            stream.stream_block.get_api_representation(loaded, self.context)
            for stream, loaded in zip(streams, load_streams(streams), strict=True)
        ]
        wanted = {
            reference
            for stream, value in zip(streams, values, strict=True)
            for reference in references(stream.stream_block, value)
        }
        found = Found(wanted, self.context["request"], rich_texts(self.context))
        for stream, value in zip(streams, values, strict=True):
            self.prepared[id(stream)] = (stream, value, found)

    def to_representation(self, stream):
        if id(stream) not in self.prepared:
            self.prepare([stream])
        _, value, found = self.prepared[id(stream)]
        return serialise(stream.stream_block, value, found)

    def describe(self, model_field, components):
        return schema(model_field.stream_block, components)
