"""The scale step's helper process: adds the catalogue to the stack's database, and makes the
API's cached answers stale on demand.

Run as `python -m bench.catalogue` with the backend's environment (same database, shared
cache, FRONTEND_PURGE_URL and webhook secret), as bench.publisher is; it reads one command a
line on stdin (`{"cmd": ...}`, bench.publisher's protocol) and answers one JSON line:
- `build`: writes the catalogue (bench.catalogue_rows) into the running stack's database,
  then announces it through the change feed (`api.change_feed.content_changed`) as the
  publish of the home page's new children and of /services/ (which gained children) in one
  transaction: the API's content generation is bumped, what it stored of those pages is
  forgotten and the site purged, so that no answer from before is served; answers what was
  made and how long each part took;
- `bump`: bumps the API's content generation (`api.caching.bump_content_generation`), as
  every change does first: each answer the API cached is stale, nothing else changes (the
  cold case of the site without page cache);
- `quit` (or end of input): exits.

`Catalogue` is the bench's side, a context manager: the process is stopped whatever happens.
"""

import subprocess
import time

from bench import servers
from bench.publisher import Client, commands, say
from bench.stack import PYTHON, Stack


def main() -> None:
    import django

    django.setup()
    from django.db import transaction

    from api.caching import bump_content_generation
    from api.change_feed import content_changed
    from bench import catalogue_rows

    for command in commands():
        if command["cmd"] == "build":
            made, changed = catalogue_rows.build()
            started = time.monotonic()
            with transaction.atomic():  # one announcement
                for page in changed:
                    content_changed("page_published", page, [page.url])
            made["seconds"]["announced (bump, site purge)"] = round(time.monotonic() - started, 2)
            say(**made)
        elif command["cmd"] == "bump":
            bump_content_generation()
            say(done=time.time())


class Catalogue:
    """The bench's end of the helper process (see the module's docstring)."""

    def __init__(self, stack: Stack):
        self.stack = stack
        self.client: Client | None = None

    def __enter__(self) -> "Catalogue":
        log = (self.stack.logs / "catalogue.log").open("w")
        process = subprocess.Popen(
            [PYTHON, "-m", "bench.catalogue"],
            env=self.stack.backend_env, cwd=servers.ROOT, stdin=subprocess.PIPE,
            stdout=subprocess.PIPE, stderr=log, text=True, start_new_session=True,
        )  # fmt: skip
        log.close()
        try:
            self.client = Client(process)  # waits for Django to be set up
        except BaseException:
            process.kill()
            process.wait(timeout=5)
            raise
        return self

    def __exit__(self, *exc) -> None:
        process = self.client.process
        try:
            self.client.quit()
        except (OSError, RuntimeError, subprocess.TimeoutExpired):
            process.kill()
            process.wait(timeout=5)

    def build(self) -> dict:
        self.client.ask(cmd="build")
        try:
            return self.client.read(timeout=300)
        except RuntimeError as error:  # its traceback is in its log, which goes with the run
            log = (self.stack.logs / "catalogue.log").read_text(errors="replace")
            raise RuntimeError(f"catalogue: {error}:\n{log[-2000:]}") from error

    def bump(self) -> None:
        """Every answer the API cached made stale (untimed: a prepare of bench.load)."""
        self.client.ask(cmd="bump")
        self.client.read(timeout=30)


if __name__ == "__main__":
    main()
