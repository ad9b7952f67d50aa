"""Waiting for another process: the one kind of waiting the test suites do.

Time a test needs to pass is moved, never waited for: time-machine, or a setting turned down
(a retry window, a read timeout). What is left is another process doing something on its own
clock: a server starting, the worker's scheduler round, the site rendering a page file, nginx
writing its log line. `wait_until` polls for that every POLL_SECONDS, so a test waits only as
long as that process takes. Plain Python, no Django: the CMS's suite and the site's suite
(which must not import the CMS's conftest) both use it.

POLL_SECONDS is also how often the tests' stand-in HTTP servers look whether they are to stop
(`serve_forever`'s poll interval, otherwise half a second of waiting at each shutdown).
"""

import time
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")
POLL_SECONDS = 0.02


def wait_until(check: Callable[[], T], *, timeout: float, what: str) -> T:
    """The first truthy value `check()` returns, asked every POLL_SECONDS.

    Raises TimeoutError naming `what` when none comes within `timeout` seconds; `check` may
    raise to give up sooner (say, when the process waited for has exited).
    """
    deadline = time.monotonic() + timeout
    while not (result := check()):
        if time.monotonic() > deadline:
            raise TimeoutError(f"{what} did not happen within {timeout:g} s")
        time.sleep(POLL_SECONDS)
    return result
