"""Gunicorn settings of every server (`--config deploy/gunicorn_conf.py`).

A small practice's whole stack shares a 1 GB server with PostgreSQL and Redis, so each server
is by default one worker process: a backend worker costs ~100 MiB once Wagtail is imported,
a site worker ~35 MiB. The backend's entrypoint gives its worker threads (`WEB_THREADS`, 4):
it tells the site about a publish right after answering, and the site asks the API for the
pages it renders again before it answers. `WEB_CONCURRENCY` sets more worker processes where
memory allows; the application is then imported once, in the master (`preload_app`), and
the workers forked from it share those pages until they write to them.
With one worker there is nothing to share, and a master that imported the application would
only keep a second copy of every page the worker writes to (~60 MiB for the backend).
Nothing is connected at import time (Django opens database and cache connections on first
use, the site's HTTP session is per thread), so no worker inherits another's connection.
"""

import ctypes
import gc
import os

workers = int(os.environ.get("WEB_CONCURRENCY", "1"))
preload_app = workers > 1

M_MMAP_THRESHOLD = -3  # glibc's mallopt parameters
M_ARENA_MAX = -8
LARGE_BLOCK = 128 * 1024
ARENAS = 2


def give_freed_memory_back():
    """glibc serves a large block (a response body, a page being compressed) from its heap
    once a larger one was freed, and keeps the freed space in each thread's arena: a site
    worker grew by up to 27 MiB after compressing the sitemap. A fixed threshold maps every
    block of 128 KiB or more apart, and hands it back to the system when freed; and a worker's
    threads share two arenas instead of one each (up to 8 per core), so that what one thread
    freed serves the next. (Not glibc: nothing to do.)"""
    try:
        libc = ctypes.CDLL("libc.so.6")
    except OSError:
        return
    libc.mallopt(M_MMAP_THRESHOLD, LARGE_BLOCK)
    libc.mallopt(M_ARENA_MAX, ARENAS)


give_freed_memory_back()  # in the master, before the app is imported and the workers forked


def when_ready(server):
    """Move the imported objects out of the collector's reach before the first fork: a
    collection would otherwise write to every one of them, and so copy their pages."""
    gc.freeze()


def post_worker_init(worker):
    """Move what the worker imported out of the collector's reach too (with `preload_app` the
    master did so before forking): a full collection then looks only at what requests made
    since, ~10 ms instead of ~100 for the backend, which collects after each admin page
    (backend.admin_garbage)."""
    gc.freeze()
