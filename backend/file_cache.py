"""The shared cache of a machine without Redis: Django's file cache, culled less eagerly."""

from django.core.cache.backends.filebased import FileBasedCache


class SparselyCulledFileCache(FileBasedCache):
    """Django's file cache lists its whole directory on every write to decide whether it is
    full: with a few thousand entries that costs milliseconds per write, and every API cache
    miss and every anonymous API request (its rate-limit count) writes. This one looks every
    `check_every` writes of each process, so the cache may hold up to that many entries per
    process beyond MAX_ENTRIES before it is culled as Django culls it."""

    check_every = 50

    def __init__(self, dir, params):
        super().__init__(dir, params)
        self.writes = 0

    def _cull(self):
        self.writes += 1
        if self.writes % self.check_every == 1:  # the first write of a process looks too
            super()._cull()
