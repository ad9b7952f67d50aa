"""Gunicorn settings of every server (`--config deploy/gunicorn_conf.py`).

The application is imported once, in the master (`preload_app`), and the workers forked
from it share those pages until they write to them. Nothing is connected at import time
(Django opens database and cache connections on first use, the site's HTTP session is per
thread), so no worker inherits another's connection.
"""

import ctypes
import gc

preload_app = True
M_MMAP_THRESHOLD = -3  # glibc's mallopt parameter
LARGE_BLOCK = 128 * 1024


def give_large_blocks_back():
    """glibc serves a large block (a response body, a page being compressed) from its heap
    once a larger one was freed, and keeps the freed space in each thread's arena: a site
    worker grew by up to 27 MiB after compressing the sitemap. A fixed threshold maps every
    block of 128 KiB or more apart, and hands it back to the system when freed. (Not glibc:
    nothing to do.)"""
    try:
        libc = ctypes.CDLL("libc.so.6")
    except OSError:
        return
    libc.mallopt(M_MMAP_THRESHOLD, LARGE_BLOCK)


give_large_blocks_back()  # in the master, before the app is imported and the workers forked


def when_ready(server):
    """Move the imported objects out of the collector's reach before the first fork: a
    collection would otherwise write to every one of them, and so copy their pages."""
    gc.freeze()
