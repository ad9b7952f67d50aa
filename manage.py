#!/usr/bin/env python
"""Django's command-line utility for the CMS backend.

On a developer's machine, `make run` keeps its generated secrets in `.local.env` (never in
git); they are read here too, so that a `manage.py shell` or a management command run beside
`make run` signs its change notifications to the site with the same secret. Only when no
settings module is chosen (the developer's default); variables set in the environment win.
"""

import os
import sys
from pathlib import Path

if __name__ == "__main__":
    local_env = Path(__file__).resolve().parent / ".local.env"
    if "DJANGO_SETTINGS_MODULE" not in os.environ and local_env.exists():
        import environ

        environ.Env.read_env(local_env)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "backend.settings.dev")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)
