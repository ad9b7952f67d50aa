"""Changes made to the content by another process than the backend's web server."""

import textwrap
import time


def shell(live_backend, code: str) -> str:
    return live_backend.shell(textwrap.dedent(code), notify_site=True)


def page_code(service: dict, code: str) -> str:
    """Shell code that runs `code` with the service page as `p`."""
    load = (
        f"from cms_pages.models import ServicePage\np = ServicePage.objects.get(pk={service['id']})"
    )
    return f"{load}\n{code}"


def eventually(check, timeout: float = 15.0) -> bool:
    """Poll `check` until it holds (for changes the scheduler makes on its own clock)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.1)
    return check()
