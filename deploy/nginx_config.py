"""The site's proxy outside Docker: deploy/nginx/site.conf.template for Debian's nginx.

Compose runs the template in the official nginx image, which fills in its variables from the
environment. The tests and the bench run the same server block with Debian's nginx, started
by an unprivileged user without touching /etc/nginx or /var: `render` fills in the template
the way the image does, `write_config` wraps it in a main configuration whose pid file, logs
and temporary folders live in a work folder, and `Nginx` runs that until it is stopped.
"""

import os
import re
import shutil
import socket
import subprocess
import time
from pathlib import Path

TEMPLATE = Path(__file__).resolve().parent / "nginx" / "site.conf.template"
# $NAME or ${NAME}, as the image's entrypoint (20-envsubst-on-templates.sh) matches them.
PLACEHOLDER = re.compile(r"\$(\{)?(\w*)(?(1)\})")
# What the template needs from the environment (nginx's own variables are lower case).
TEMPLATE_VARIABLES = frozenset(re.findall(r"\$\{([A-Z][A-Z0-9_]*)\}", TEMPLATE.read_text()))
# Access log lines name the upstream: "-" for a page file, the site's address otherwise.
ACCESS_LOG_FORMAT = '$remote_addr "$request" $status upstream=$upstream_addr'
TEMP_PATHS = ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")


def nginx_binary() -> str | None:
    """Debian's nginx (/usr/sbin may be missing from a user's PATH); None when not installed."""
    found = shutil.which("nginx") or "/usr/sbin/nginx"
    return found if Path(found).exists() else None


def render(template_vars: dict, template: str | None = None) -> str:
    """The template with the named variables filled in; any other $NAME is left as it is."""
    text = TEMPLATE.read_text() if template is None else template

    def fill(match: re.Match) -> str:
        name = match.group(2)
        return str(template_vars[name]) if name in template_vars else match.group(0)

    return PLACEHOLDER.sub(fill, text)


def site_variables(
    *, upstream: str, page_files_dir: Path | str, port: int, media_origins: str, **overrides
) -> dict[str, str]:
    """The template's variables for a site served over plain HTTP, as `make run` and the tests
    start it (no HTTPS redirect, no HSTS), with the site's default Cache-Control.

    `media_origins`: the site's CMS_MEDIA_ORIGINS, space-separated.
    """
    variables = {
        "SITE_UPSTREAM": upstream,
        "SITE_PAGE_FILES_DIR": str(page_files_dir),
        "PROXY_PORT": str(port),
        "SITE_MEDIA_ORIGINS": media_origins,
        "SITE_SHARED_MAX_AGE": "300",
        "SITE_STALE_WHILE_REVALIDATE": "60",
        "SITE_STALE_IF_ERROR": "86400",
        "SITE_HTTPS_ONLY": "0",
        "SITE_HSTS_SECONDS": "0",
        # Only looked up for a host name; the upstream here is an address.
        "NGINX_LOCAL_RESOLVERS": "127.0.0.1",
    }
    variables.update({name: str(value) for name, value in overrides.items()})
    return variables


def write_config(workdir: Path, template_vars: dict, *, workers: int = 1) -> Path:
    """Write `workdir`/nginx.conf (a main configuration around the rendered server block);
    returns its path. Every file nginx writes stays in `workdir`."""
    missing = TEMPLATE_VARIABLES - set(template_vars)
    if missing:
        raise ValueError(f"the nginx template needs {', '.join(sorted(missing))}")
    workdir.mkdir(parents=True, exist_ok=True)
    for name in TEMP_PATHS:
        (workdir / name).mkdir(exist_ok=True)
    (workdir / "site.conf").write_text(render(template_vars))
    temp_paths = "\n".join(f"    {name}_temp_path {workdir / name};" for name in TEMP_PATHS)
    # Started by root (as here in CI), nginx's workers would otherwise become "nobody".
    user = "user root;\n" if os.geteuid() == 0 else ""
    config = workdir / "nginx.conf"
    config.write_text(
        f"""# Written by deploy/nginx_config.py: the site's proxy, run with `daemon off`.
{user}worker_processes {workers};
pid {workdir / "nginx.pid"};
error_log {workdir / "error.log"} warn;

events {{
    worker_connections 1024;
}}

http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    log_format proxy '{ACCESS_LOG_FORMAT}';
    access_log {workdir / "access.log"} proxy;
    sendfile on;
    keepalive_timeout 65;
{temp_paths}

    include {workdir / "site.conf"};
}}
"""
    )
    return config


class Nginx:
    """Debian's nginx serving the proxy's configuration from a work folder.

    `with Nginx(workdir, variables) as proxy:` starts it and waits until its port accepts
    connections; leaving the block stops it.
    """

    def __init__(self, workdir: Path, template_vars: dict, *, workers: int = 1):
        self.workdir = workdir
        self.config = write_config(workdir, template_vars, workers=workers)
        self.port = int(template_vars["PROXY_PORT"])
        self.url = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen | None = None

    @property
    def error_log(self) -> Path:
        return self.workdir / "error.log"

    @property
    def access_log(self) -> Path:
        return self.workdir / "access.log"

    def start(self, timeout: float = 10) -> None:
        binary = nginx_binary()
        if binary is None:
            raise RuntimeError("nginx is not installed: run scripts/install-test-tools.sh")
        command = [binary, "-p", str(self.workdir), "-c", str(self.config)]
        command += ["-e", str(self.error_log), "-g", "daemon off;"]
        with open(self.workdir / "nginx.out", "ab") as output:
            self.process = subprocess.Popen(command, stdout=output, stderr=output)  # noqa: S603
        deadline = time.monotonic() + timeout
        while not self._answers():
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(f"nginx did not start:\n{self.log_tail()}")
            time.sleep(0.05)

    def _answers(self) -> bool:
        try:
            socket.create_connection(("127.0.0.1", self.port), timeout=0.5).close()
        except OSError:
            return False
        return True

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def log_tail(self, lines: int = 20) -> str:
        text = "".join(
            path.read_text(errors="replace")
            for path in (self.workdir / "nginx.out", self.error_log)
            if path.exists()
        )
        return "\n".join(text.splitlines()[-lines:])

    def __enter__(self) -> "Nginx":
        self.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop()
