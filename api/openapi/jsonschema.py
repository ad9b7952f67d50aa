"""JSON Schema building blocks of the document, and the JSON type of a model field's value.

Imported by the serializer fields and blocks that carry their own schema, so it imports
nothing else of the API but `api.params`.
"""

from django.db import models
from taggit.managers import TaggableManager

from api.params import ID_MAX

STRING = {"type": "string"}
HTML = {"type": "string", "description": "Display HTML; internal links are public paths."}
BOOLEAN = {"type": "boolean"}
INTEGER = {"type": "integer"}
OBJECT_ID = {"type": "integer", "minimum": 1, "maximum": ID_MAX}
DATE_TIME = {"type": "string", "format": "date-time"}


def ref(name: str) -> dict:
    """A reference to a component of the document."""
    return {"$ref": f"#/components/schemas/{name}"}


def nullable(schema: dict) -> dict:
    """`schema` or null (OpenAPI 3.0 ignores keywords beside a $ref, hence the allOf)."""
    if "$ref" in schema:
        return {"allOf": [schema], "nullable": True}
    return {**schema, "nullable": True}


def array(items: dict) -> dict:
    return {"type": "array", "items": items}


def closed(properties: dict, *, required=(), description: str = "") -> dict:
    """An object with exactly these properties (those named in `required` always present)."""
    schema = {"type": "object", "properties": properties, "additionalProperties": False}
    if required:
        schema["required"] = list(required)
    if description:
        schema["description"] = description
    return schema


def complete(properties: dict, description: str = "") -> dict:
    """An object that always has every one of these properties and nothing else."""
    return closed(properties, required=properties, description=description)


def listing(items: dict) -> dict:
    """A paged list, as api.pagination.LinkedPagination answers."""
    return complete({"meta": ref("ListMeta"), "items": array(items)})


def page_link_with(properties: dict, description: str) -> dict:
    """A PageLink plus these keys (left open: allOf cannot close an object it extends)."""
    extra = {"type": "object", "properties": properties, "required": list(properties)}
    return {"allOf": [ref("PageLink"), extra], "description": description}


def model_field_schema(field) -> dict:
    """The JSON type of a model field's plain value (also what a filter on it accepts)."""
    if isinstance(field, models.BooleanField):
        return BOOLEAN
    if isinstance(field, models.DateTimeField):
        return DATE_TIME
    if isinstance(field, models.ForeignKey | models.AutoField):
        return OBJECT_ID
    if isinstance(field, models.IntegerField):
        return INTEGER
    if isinstance(field, models.CharField | models.TextField | TaggableManager):
        return STRING
    raise TypeError(f"no schema for {type(field).__name__} {field.name}")
