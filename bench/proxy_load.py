"""Step i, behind the proxy: nginx in front of the site, vs the same nginx serving the same
bytes as a plain static file.

Both are Debian's nginx run by deploy/nginx_config.py with the site's server block
(deploy/nginx/site.conf.template, one worker process) on free loopback ports, upstream the
stack's site:

- `ours`: the page files the site writes (the stack's SITE_PAGE_FILES_DIR);
- `static`: a folder of the bench's own, laid out the same way, holding the same bytes: the
  site's page file and its gzip form when the site wrote them, else the site's answer.

Before each load, one GET says who answered: a file (no `X-Page-Cache` header, which only the
site sends) or the site. Reported as not measured, with the reason, when the proxy's module
or nginx is missing.
"""

import gzip
import os

from bench import floor_app, servers, wrk
from bench.floor_app import Answer
from bench.stack import CRANIOSACRAL_PATH, Stack

STATIC_GENERATION = 1


def measure(stack: Stack, answers: dict[str, Answer], variants: dict[str, str]) -> dict:
    """{"runs": {"ours"|"static": {variant: wrk figures}}, "answered_by", ...}, or
    {"not_measured": reason}. `variants`: {name: Accept-Encoding ("": none)}; `answers`: the
    site's answer for each."""
    try:
        from deploy import nginx_config
        from frontend_templates import page_files
    except ImportError as error:
        return {"not_measured": f"the proxy's module is missing ({error})"}
    if nginx_config.nginx_binary() is None:
        return {"not_measured": "nginx is not installed (scripts/install-bench-tools.sh)"}
    site_url = stack.frontend.url + CRANIOSACRAL_PATH
    for accept in variants.values():  # the page in the cache, and so on disk, now
        floor_app.fetch(site_url, accept)
    name = page_files.file_name(CRANIOSACRAL_PATH)
    site_file = stack.page_files / page_files.CURRENT / name
    static_root = stack.dir / "static-page"
    generation = static_root / f"{page_files.GENERATION_PREFIX}{STATIC_GENERATION}"
    static_file = generation / name
    static_file.parent.mkdir(parents=True)
    if site_file.exists():
        static_file.write_bytes(site_file.read_bytes())
        gzipped = site_file.with_name(site_file.name + ".gz").read_bytes()
    else:
        static_file.write_bytes(answers["identity"].body)
        gzipped = gzip.compress(answers["identity"].body, 9)
    static_file.with_name(static_file.name + ".gz").write_bytes(gzipped)
    os.symlink(generation.name, static_root / page_files.CURRENT)

    def proxy(label: str, page_files_dir) -> "nginx_config.Nginx":
        variables = nginx_config.site_variables(
            upstream=f"127.0.0.1:{stack.frontend.port}",
            page_files_dir=page_files_dir,
            port=servers.free_port(),
            media_origins=media_origins(answers["identity"]),
        )
        return nginx_config.Nginx(stack.dir / f"nginx-{label}", variables)

    results: dict = {
        "site_wrote_the_page_file": site_file.exists(),
        "nginx_workers": 1,
        "answered_by": {"ours": {}, "static": {}},
        "runs": {"ours": {}, "static": {}},
    }
    with proxy("site", stack.page_files) as ours, proxy("static", static_root) as static:
        for variant, accept in variants.items():
            for label, nginx in (("static", static), ("ours", ours)):
                url = nginx.url + CRANIOSACRAL_PATH
                results["answered_by"][label][variant] = answered_by(url, accept)
                log = stack.logs / f"wrk-proxy-{label}-{variant.replace(', ', '-')}.log"
                results["runs"][label][variant] = wrk.run(url, accept, stack.load_seconds, log)
    return results


def media_origins(answer: Answer) -> str:
    """The image origins of the site's Content-Security-Policy, for nginx to send the same."""
    policy = next(
        (value for name, value in answer.headers if name.lower() == "content-security-policy"),
        "",
    )
    for directive in policy.split(";"):
        words = directive.split()
        if words and words[0] == "img-src":
            return " ".join(word for word in words[1:] if word not in ("'self'", "data:"))
    return ""


def answered_by(url: str, accept: str) -> dict:
    answer = floor_app.fetch(url, accept)
    found = {name.lower(): value for name, value in answer.headers}
    cache = found.get("x-page-cache")
    return {
        "status": answer.status,
        "source": f"site (X-Page-Cache: {cache})" if cache else "file",
        "content_encoding": found.get("content-encoding", "identity"),
        "body_bytes": len(answer.body),
    }
