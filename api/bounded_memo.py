"""A per-process memo of values whose keys come from requests, so that anyone can vary them."""

from collections.abc import Callable, Hashable
from typing import Any


class BoundedMemo:
    """What `compute()` gave for each key, for at most `size` keys: when full, it forgets
    them all (the few keys real requests use come back at once; a caller inventing keys
    cannot make it grow). A `compute()` that raises leaves nothing behind; a value that
    `holds(value)` says no longer holds is computed again."""

    def __init__(self, size: int):
        self.size = size
        self.values: dict[Hashable, Any] = {}

    def get(
        self, key: Hashable, compute: Callable[[], Any], holds: Callable[[Any], bool] | None = None
    ) -> Any:
        if key in self.values and (holds is None or holds(self.values[key])):
            return self.values[key]
        value = compute()
        if key not in self.values and len(self.values) >= self.size:
            self.values.clear()
        self.values[key] = value
        return value
