"""A per-process memo of values whose keys come from requests, so that anyone can vary them."""

from collections.abc import Callable, Hashable
from typing import Any


class BoundedMemo:
    """What `compute()` gave for each key, for at most `size` keys: when full, it forgets
    them all (the few keys real requests use come back at once; a caller inventing keys
    cannot make it grow). A `compute()` that raises leaves nothing behind."""

    def __init__(self, size: int):
        self.size = size
        self.values: dict[Hashable, Any] = {}

    def get(self, key: Hashable, compute: Callable[[], Any]) -> Any:
        try:
            return self.values[key]
        except KeyError:
            pass
        value = compute()
        if len(self.values) >= self.size:
            self.values.clear()
        self.values[key] = value
        return value
