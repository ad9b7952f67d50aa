"""Finished public pages as files, for the proxy in front (deploy/nginx) to serve without Python.

When SITE_PAGE_FILES_DIR is set, every public page the site caches is also written here, and
nginx answers a plain GET or HEAD for it from disk. The layout is one folder per content
generation and a symlink to the current one, which is nginx's root:

    <dir>/current -> generation-<n>          (relative, so any mount point works)
    <dir>/generation-<n>/index.html          "/"
    <dir>/generation-<n>/services/x/index.html  and  index.html.gz   "/services/x/"
    <dir>/generation-<n>/sitemap.xml, robots.txt

A purge (`switch`) points the symlink at a new, empty folder in one atomic rename, so that
nginx never serves a page of an older generation after it; the site answers until the new
pages are written. `write` only fills the folder of its own generation while it is the
current one: a slow render of an older generation lands nowhere. Generations must increase
(the site's are `time.time_ns()` values); switches from several workers are serialised by a
lock file, and the symlink never moves back to an older generation.

Only paths that name a public page are accepted (`file_name`): nothing with a query string,
escapes, dot segments or the site's own private addresses. Callers pass public, cached,
per-visitor-free pages only; this module refuses the rest on its own anyway.
"""

import fcntl
import logging
import os
import re
import shutil
import tempfile
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings

logger = logging.getLogger(__name__)

CURRENT = "current"
GENERATION_PREFIX = "generation-"
LOCK_FILE = ".switch.lock"
# The files the site answers at fixed addresses; every other page is "<path>index.html".
FIXED_FILES = {"/sitemap.xml": "sitemap.xml", "/robots.txt": "robots.txt"}
# Addresses the site answers per request (previews, search, forms, the CMS's endpoints).
SITE_OWN_PREFIXES = ("/static/", "/_cms/", "/_forms/", "/preview/", "/search/", "/responses/")
# A page path: slug segments (Wagtail's slugs: letters, digits, "_" and "-"), each followed
# by "/". No dots, "%", "?", "//" or anything else a file name could misread.
PAGE_PATH = re.compile(r"/(?:[\w-]+/)*")
MAX_PATH_BYTES = 1024
MAX_SEGMENT_BYTES = 200  # below the file systems' 255-byte name limit
FILE_MODE = 0o644  # nginx runs as another user


def enabled() -> bool:
    """Whether page files are written (SITE_PAGE_FILES_DIR is set)."""
    return bool(settings.SITE_PAGE_FILES_DIR)


def root() -> Path:
    return Path(settings.SITE_PAGE_FILES_DIR)


def file_name(path: str) -> str | None:
    """The file, relative to a generation's folder, for a page path; None when refused."""
    if path in FIXED_FILES:
        return FIXED_FILES[path]
    if (
        not PAGE_PATH.fullmatch(path)
        or path.startswith(SITE_OWN_PREFIXES)
        or len(path.encode()) > MAX_PATH_BYTES
        or any(len(segment.encode()) > MAX_SEGMENT_BYTES for segment in path.split("/"))
    ):
        return None
    return path.removeprefix("/") + "index.html"


def current_generation() -> int | None:
    """The generation nginx serves now; None before the first switch."""
    try:
        target = os.readlink(root() / CURRENT)
    except OSError:
        return None
    return _generation_of(target)


def switch(generation: int) -> None:
    """A purge: serve `generation`'s folder, empty unless its pages are already being written.

    Does nothing for a generation older than the current one (a slower concurrent switch).
    If the switch fails, the symlink is removed so that nginx hands every page to the site
    rather than serve older pages; only when even that fails is the error raised.
    """
    if not enabled():
        return
    generation = _checked(generation)
    try:
        _switch(generation)
    except OSError:
        logger.exception("Page files: switch to %s failed; the site answers every page", generation)
        (root() / CURRENT).unlink(missing_ok=True)
    _remove_older_generations()


def write(path: str, *, body: bytes, gzipped: bytes, generation: int) -> bool:
    """Store a public page and its gzip variant (for nginx's gzip_static) atomically.

    Returns whether the files were written: not when disabled, for a refused path, for a
    generation older than the current one, or when the disk refuses (logged; the site still
    answers the page). A generation newer than the current one is switched to first (the
    site's cache moved on, e.g. its generation was recreated, without a purge here), and so
    is the first one ever written. After a failed switch (no symlink, but folders left)
    nothing is written until a purge switches again successfully.
    """
    if not enabled():
        return False
    name = file_name(path)
    if name is None:
        logger.warning("Page files: refused to write %r", path)
        return False
    generation = _checked(generation)
    current = current_generation()
    first_use = current is None and not _generation_folders()
    if first_use or (current is not None and generation > current):
        switch(generation)
        current = current_generation()
    if current != generation:
        return False
    target = root() / f"{GENERATION_PREFIX}{generation}" / name
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        _replace(target.with_name(target.name + ".gz"), gzipped)
        _replace(target, body)
    except OSError:
        # Also what a concurrent switch removing this older folder looks like.
        logger.warning("Page files: could not write %s", target, exc_info=True)
        return False
    return True


def _checked(generation: int) -> int:
    if type(generation) is not int or generation < 0:
        raise ValueError(f"a generation is a non-negative int, not {generation!r}")
    return generation


def _generation_of(name: str) -> int | None:
    digits = name.removeprefix(GENERATION_PREFIX)
    if name.startswith(GENERATION_PREFIX) and digits.isascii() and digits.isdigit():
        return int(digits)
    return None


@contextmanager
def _switch_lock():
    """Serialise switches between the site's worker processes (same machine, same volume)."""
    with open(root() / LOCK_FILE, "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _switch(generation: int) -> None:
    root().mkdir(parents=True, exist_ok=True)
    with _switch_lock():
        current = current_generation()
        if current is not None and current >= generation:
            return
        folder = f"{GENERATION_PREFIX}{generation}"
        (root() / folder).mkdir(mode=0o755, exist_ok=True)
        link = root() / f".{CURRENT}-new"
        link.unlink(missing_ok=True)  # left by a switch that died here
        os.symlink(folder, link)
        os.replace(link, root() / CURRENT)


def _generation_folders() -> dict[int, str]:
    """{generation: folder path} of every generation folder on disk."""
    try:
        entries = list(os.scandir(root()))
    except FileNotFoundError:
        return {}
    found = {_generation_of(entry.name): entry.path for entry in entries}
    found.pop(None, None)
    return found


def _remove_older_generations() -> None:
    """Delete the folders of generations before the current one (best effort: a concurrent
    switch may be deleting them too, and a late write may still be adding a file)."""
    current = current_generation()
    if current is None:
        return
    for generation, folder in _generation_folders().items():
        if generation < current:
            shutil.rmtree(folder, ignore_errors=True)


def _replace(target: Path, content: bytes) -> None:
    """Write `content` to a temporary file beside `target`, then rename it over `target`."""
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".tmp-")
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(content)
        os.chmod(temporary, FILE_MODE)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
