"""OpenAPI descriptions of the endpoints drf-spectacular cannot introspect (Wagtail's v2 views)."""
