"""The OpenAPI description of the public API, Wagtail's v2 endpoints included.

drf-spectacular reads the API's own views (practice, FAQs, search) from their serializers,
but Wagtail's viewsets build a serializer per request from `type=` and `fields=`, so there
is nothing for it to read. Those are described here, one concern per module:

- `jsonschema`: the JSON Schema building blocks every other module uses;
- `pages`: each page type's shape, from the schemas its fields carry (`api.page_fields`);
- `components`: every named shape the document adds (pages, StreamField blocks, lists);
- `parameters`: query parameters and their bounds (`api.params`);
- `operations`: the Wagtail endpoints' operations (`OpenApiViewExtension`s);
- `responses`: what every operation shares: error bodies, caching headers, 304 and 429;
- `hooks`: the two hooks named in SPECTACULAR_SETTINGS.
"""
