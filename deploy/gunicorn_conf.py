"""Gunicorn settings of every server (`--config deploy/gunicorn_conf.py`).

The application is imported once, in the master (`preload_app`), and the workers forked
from it share those pages until they write to them. Nothing is connected at import time
(Django opens database and cache connections on first use, the site's HTTP session is per
thread), so no worker inherits another's connection.
"""

import gc

preload_app = True


def when_ready(server):
    """Move the imported objects out of the collector's reach before the first fork: a
    collection would otherwise write to every one of them, and so copy their pages."""
    gc.freeze()
