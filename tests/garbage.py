"""Reference cycles to watch, for the tests of what collects garbage in long-running processes
(backend.admin_garbage, the task worker's `keep_memory_flat`)."""

import contextlib
import gc
import weakref


class Node:
    """Something that can be in a reference cycle and be watched (weakref)."""


def unheld_cycle() -> weakref.ref:
    """A weak reference to a reference cycle nobody holds: only a collection frees it."""
    cycle = Node()
    cycle.itself = cycle
    return weakref.ref(cycle)


@contextlib.contextmanager
def manual_collections(*, frozen: bool = False):
    """Python's automatic collections off, so that only explicit ones free a cycle; with
    `frozen`, what exists now is frozen first, as deploy/gunicorn_conf.py leaves a server's
    worker. All as before afterwards."""
    automatic = gc.isenabled()
    gc.disable()
    if frozen:
        gc.collect()
        gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()
        gc.collect()
        if automatic:
            gc.enable()
