"""The stock coupled Wagtail site baseline: a `wagtail start` project serving the same text.

What a new Wagtail site does for the page a visitor asks for: route the URL through the page
tree in the database and render the page's template, on every request, with the project
template's production settings (DEBUG off) and SQLite. The bench builds it in its temporary
folder:

- `build(folder)` (`python -m bench.stock_site <folder>`, run by the stack's set-up in
  parallel with the rest): `wagtail start stock_site <folder>`, then bench/stock_site_files/
  copied over it (a content page type as Wagtail's tutorial writes one and its template, a
  command that adds the page, the local settings), `makemigrations home` and `migrate`;
- `page_content(api_page)`: the measured page's text, from our API, in that page type's form
  (introduction, then the page's sections as headings, rich-text paragraphs and lists);
- `add_page(folder, env, content)`: publishes it at the same path as on our site.
"""

import json
import shutil
import subprocess
import sys
from pathlib import Path

from bench import servers
from bench.servers import BIN

PROJECT = "stock_site"
FILES = Path(__file__).resolve().parent / "stock_site_files"
SETTINGS = f"{PROJECT}.settings.production"


def env(secret_key: str) -> dict[str, str]:
    return servers.clean_env(DJANGO_SETTINGS_MODULE=SETTINGS, DJANGO_SECRET_KEY=secret_key)


def build(folder: Path) -> None:
    """The project, with its database migrated (raises CalledProcessError on a failure)."""
    folder.mkdir(parents=True, exist_ok=True)
    subprocess.run([str(BIN / "wagtail"), "start", PROJECT, str(folder)], check=True)
    shutil.copytree(FILES, folder, dirs_exist_ok=True, ignore=shutil.ignore_patterns("__pycache__"))
    variables = env("bench-build-only")  # nothing is signed while migrating
    for command in (["makemigrations", "home"], ["migrate", "--noinput"]):
        subprocess.run(
            [str(BIN / "python"), "manage.py", *command], cwd=folder, env=variables, check=True
        )


def page_content(api_page: dict, parents: list[tuple[str, str]]) -> dict:
    """The page's title, heading, introduction and sections from our API's page detail."""
    body: list[dict] = []

    def add(kind: str, value) -> None:
        body.append({"type": kind, "value": value})

    def section(title: str, html: str) -> None:
        if html:
            add("heading", title)
            add("paragraph", html)

    if api_page.get("conditions"):
        add("paragraph", f"<p>{api_page.get('conditions_lead_in', '')}</p>")
        add("list", api_page["conditions"])
    section("Treatment plan", api_page.get("treatment_plan", ""))
    section("Who it suits", api_page.get("suitable_for", ""))
    for block in api_page.get("body", []):
        value = block["value"]
        if block["type"] == "heading":
            add("heading", value["text"])
        elif block["type"] == "paragraph":
            add("paragraph", value)
        elif block["type"] == "bullet_list":
            add("paragraph", f"<p>{value.get('lead_in', '')}</p>")
            add("list", value["items"])
    section("New to massage?", api_page.get("new_client_note", ""))
    options = [
        f"{option['duration_minutes']} minutes: ${option['price']} {option['label']}".strip()
        for option in api_page.get("session_options", [])
    ]
    if options:
        add("heading", "Sessions")
        add("list", options)
    for faq in api_page.get("faqs", []):
        section(faq["question"], faq["answer"])
    return {
        "parents": parents,
        "slug": api_page["meta"]["slug"],
        "title": api_page["title"],
        "heading": api_page.get("heading", ""),
        "intro": api_page.get("introduction", ""),
        "body": body,
    }


def add_page(folder: Path, variables: dict[str, str], content: dict) -> str:
    """Publish `content` in the stock site; its URL path."""
    done = subprocess.run(
        [str(BIN / "python"), "manage.py", "add_bench_page"],
        cwd=folder, env=variables, input=json.dumps(content), capture_output=True, text=True,
        timeout=120, check=False,
    )  # fmt: skip
    if done.returncode != 0:
        raise servers.BenchError(f"stock site: add_bench_page failed:\n{done.stderr[-3000:]}")
    return done.stdout.strip().splitlines()[-1]


if __name__ == "__main__":
    build(Path(sys.argv[1]))
