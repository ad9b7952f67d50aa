"""Deployment helpers: the container entrypoint and the backup/restore script."""
