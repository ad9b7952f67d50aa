"""One render per page at a time, across every worker and machine sharing the page cache.

When many visitors ask at once for a page not yet rendered, the first takes the page's lock
and renders it; the others wait for the finished page instead of asking the API too. With
Redis the lock is a `SET NX` key (django-redis' `add`); with the file cache, whose `add` is
not atomic, it is a lock file created with O_EXCL. Either lock expires on its own, so a
worker killed mid-render never blocks a page for long.
"""

import hashlib
import os
import time
from pathlib import Path

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.filebased import FileBasedCache

LOCK_SECONDS = 10


class CacheLock:
    """A lock that is a key in Redis (or, in tests, the local memory cache): atomic `add`."""

    def __init__(self, name: str):
        self.key = f"lock:{name}"

    def acquire(self) -> bool:
        return caches["pages"].add(self.key, os.getpid(), LOCK_SECONDS)

    def held(self) -> bool:
        return caches["pages"].get(self.key) is not None

    def release(self) -> None:
        caches["pages"].delete(self.key)


class FileLock:
    """A lock that is a file on this machine, shared by its workers: atomic O_EXCL create."""

    def __init__(self, name: str):
        folder = Path(settings.CACHE_DIR) / "locks"
        folder.mkdir(parents=True, exist_ok=True)
        self.path = folder / hashlib.sha256(name.encode()).hexdigest()

    def _expired(self) -> bool:
        try:
            return time.time() - self.path.stat().st_mtime > LOCK_SECONDS
        except FileNotFoundError:
            return False

    def acquire(self) -> bool:
        if self._expired():
            self.path.unlink(missing_ok=True)
        try:
            os.close(os.open(self.path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
        except FileExistsError:
            return False
        return True

    def held(self) -> bool:
        return self.path.exists() and not self._expired()

    def release(self) -> None:
        self.path.unlink(missing_ok=True)


def lock_for(name: str) -> CacheLock | FileLock:
    """The lock of one page, of the kind the page cache's backend needs."""
    if isinstance(caches["pages"], FileBasedCache):
        return FileLock(name)
    return CacheLock(name)


def wait_for(ready, lock, timeout: float):
    """Poll `ready()` until it gives a value, the lock is let go, or `timeout` runs out.

    Returns the value, or None (the holder finished without a page, or is too slow).
    """
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        time.sleep(0.01)
        value = ready()
        if value is not None:
            return value
        if not lock.held():
            return ready()
    return None
