"""A backend `manage.py shell` kept running, to make changes from another process at once.

The site's tests change content from outside the backend's web server, as an import or a
script would: in a `manage.py shell`. Starting Django and Wagtail for each change took a few
seconds, most of the time of those tests; `ShellProcess` starts the shell once and then runs
each piece of code sent to it in a fresh namespace (the one `shell -c` gives) and on a fresh
database connection, committing as it goes, and answers what the code printed. It is still
another process than the web server, with its own environment (e.g. which site its changes
purge).
"""

import json
import queue
import subprocess
import threading
from collections.abc import Callable

# The shell's side: read one piece of code per line (JSON), run it, answer on one line.
RUNNER = """
namespace = dict(globals())
import contextlib, io, json, sys, traceback
from django.db import connections

for line in sys.stdin:
    printed, failure = io.StringIO(), ""
    try:
        with contextlib.redirect_stdout(printed):
            exec(json.loads(line), dict(namespace))
    except BaseException:
        failure = traceback.format_exc()
    finally:
        connections.close_all()
    answer = {"printed": printed.getvalue(), "failure": failure}
    sys.stdout.write(ANSWER + json.dumps(answer) + "\\n")
    sys.stdout.flush()
"""
ANSWER = "\x1eshell-answer "


class ShellProcess:
    """One running shell; `run()` sends it code and returns what the code printed."""

    def __init__(self, start: Callable[..., subprocess.Popen]):
        self.process = start(
            "shell",
            *("--verbosity", "0", "-c", f"ANSWER = {ANSWER!r}\n{RUNNER}"),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        self.answers: queue.Queue[str] = queue.Queue()
        self.lock = threading.Lock()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        for line in self.process.stdout:
            if line.startswith(ANSWER):
                self.answers.put(line.removeprefix(ANSWER))
        self.answers.put("")  # the shell has exited

    def alive(self) -> bool:
        return self.process.poll() is None

    def run(self, code: str, timeout: float = 120) -> str:
        with self.lock:
            self.process.stdin.write(json.dumps(code) + "\n")
            self.process.stdin.flush()
            try:
                line = self.answers.get(timeout=timeout)
            except queue.Empty:
                self.process.kill()  # still busy: the next change gets a new shell
                raise TimeoutError(f"backend shell gave no answer within {timeout:g} s") from None
        if not line:
            raise RuntimeError(f"backend shell exited with {self.process.wait()}")
        answer = json.loads(line)
        if answer["failure"]:
            raise RuntimeError(f"backend shell failed:\n{answer['failure']}")
        return answer["printed"]

    def stop(self) -> None:
        if self.alive():
            self.process.stdin.close()  # the runner's loop ends
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=5)
