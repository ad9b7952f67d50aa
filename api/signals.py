"""Content-change handlers (filled in with cache purge and webhooks)."""
