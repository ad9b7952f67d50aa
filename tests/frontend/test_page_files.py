"""Page files for the proxy (frontend_templates.page_files): what lands on disk, and when.

nginx serves `<SITE_PAGE_FILES_DIR>/current/<path>index.html` (and its `.gz`) without asking
the site, so these tests check the files nginx would find: the right file for each public
page, nothing for anything else, nothing of an older generation after a purge, and a folder
that stays consistent when several worker processes switch and write at once.
"""

import multiprocessing
import os
import random
import stat
from pathlib import Path

import pytest

from frontend_templates import page_files

BODY = b"<!doctype html><title>Swedish massage</title>"
GZIPPED = b"\x1f\x8b gzip of the page"


@pytest.fixture
def folder(settings, tmp_path) -> Path:
    settings.SITE_PAGE_FILES_DIR = str(tmp_path / "pages")
    return tmp_path / "pages"


def served(folder: Path) -> dict[str, bytes]:
    """Every file nginx could serve now: {path under current/: content}."""
    current = folder / "current"
    return {
        str(path.relative_to(current)): path.read_bytes()
        for path in current.rglob("*")
        if path.is_file()
    }


def write(path: str, generation: int, body: bytes = BODY) -> bool:
    return page_files.write(path, body=body, gzipped=GZIPPED, generation=generation)


def test_nothing_is_written_when_no_folder_is_configured(settings, tmp_path):
    settings.SITE_PAGE_FILES_DIR = ""
    assert not page_files.enabled()
    page_files.switch(1)
    assert write("/", 1) is False
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    "path, name",
    [
        ("/", "index.html"),
        ("/services/", "services/index.html"),
        ("/services/swedish-massage/", "services/swedish-massage/index.html"),
        ("/services/massage_2/", "services/massage_2/index.html"),
        ("/services/café/", "services/café/index.html"),
        ("/sitemap.xml", "sitemap.xml"),
        ("/robots.txt", "robots.txt"),
    ],
)
def test_a_public_page_is_written_with_its_gzip_variant_where_nginx_looks(folder, path, name):
    assert page_files.enabled()
    assert write(path, 7) is True
    assert served(folder) == {name: BODY, f"{name}.gz": GZIPPED}
    # nginx runs as another user: it must be able to read the files.
    mode = (folder / "current" / name).stat().st_mode
    assert mode & stat.S_IROTH and mode & stat.S_IRGRP


@pytest.mark.parametrize(
    "path",
    [
        "/services",  # the site redirects it to /services/
        "/healthz",
        "services/",
        "",
        "/services/../etc/",
        "/services/./",
        "/services//swedish/",
        "//",
        "/services/swedish%2Dmassage/",
        "/services/%2e%2e/",
        "/services/?page=2",
        "/services/swedish/?utm_source=x",
        "/services/swedish#top/",
        "/services/index.html",
        "/services/index.html/",
        "/.hidden/",
        "/services/a b/",
        "/services/a\\b/",
        "/services/a\x00b/",
        "/services/a\nb/",
        "/sitemap.xml/",
        "/preview/",
        "/search/",
        "/responses/",
        "/_cms/purge/",
        "/_forms/token/",
        "/static/site/",
        "/" + "a" * 201 + "/",
        "/" + "segment/" * 130,
    ],
)
def test_anything_but_a_public_page_path_is_refused(folder, path):
    assert write(path, 7) is False
    written = [p for p in folder.rglob("*") if p.is_file() and p.name != page_files.LOCK_FILE]
    assert written == []


def test_a_page_is_replaced_atomically_without_leftover_temporary_files(folder):
    write("/services/", 7, b"first")
    write("/services/", 7, b"second")
    assert served(folder) == {"services/index.html": b"second", "services/index.html.gz": GZIPPED}


def test_current_is_a_relative_symlink_so_any_mount_point_works(folder):
    page_files.switch(7)
    assert (folder / "current").is_symlink()
    assert os.readlink(folder / "current") == "generation-7"
    assert page_files.current_generation() == 7


def test_a_purge_starts_an_empty_folder_and_removes_the_old_generation(folder):
    write("/", 7)
    write("/services/", 7)
    page_files.switch(8)
    assert served(folder) == {}
    assert sorted(p.name for p in folder.iterdir() if not p.name.startswith(".")) == [
        "current",
        "generation-8",
    ]
    assert write("/", 8, b"new home")
    assert served(folder) == {"index.html": b"new home", "index.html.gz": GZIPPED}


def test_a_slow_render_of_an_older_generation_never_lands_after_a_purge(folder):
    write("/", 7)
    page_files.switch(8)
    assert write("/services/", 7, b"rendered before the purge") is False
    assert served(folder) == {}
    assert not (folder / "generation-7").exists()


def test_a_slower_concurrent_purge_does_not_move_back_to_its_older_generation(folder):
    page_files.switch(9)
    write("/", 9)
    page_files.switch(8)
    assert page_files.current_generation() == 9
    assert served(folder) == {"index.html": BODY, "index.html.gz": GZIPPED}


def test_a_purge_of_the_generation_already_current_keeps_its_fresh_pages(folder):
    # Another worker saw the new generation and wrote a page before this purge switched.
    page_files.switch(7)
    write("/", 8)
    page_files.switch(8)
    assert served(folder) == {"index.html": BODY, "index.html.gz": GZIPPED}


def test_a_newer_generation_seen_by_a_write_is_switched_to(folder):
    write("/", 7)
    assert write("/services/", 9) is True
    assert page_files.current_generation() == 9
    assert served(folder) == {"services/index.html": BODY, "services/index.html.gz": GZIPPED}


def test_a_failed_switch_hands_every_page_to_the_site_until_a_purge_succeeds(folder):
    write("/", 7)
    (folder / "generation-8").write_text("a file where the folder should go")
    page_files.switch(8)
    assert not (folder / "current").exists()  # nginx finds no file: the site answers
    # Neither a late render of the old generation nor one of the new brings files back...
    assert write("/", 7) is False
    assert write("/", 8) is False
    assert not (folder / "current").exists()
    # ...until the next purge switches successfully.
    page_files.switch(9)
    assert write("/", 9) is True
    assert served(folder) == {"index.html": BODY, "index.html.gz": GZIPPED}


def test_a_generation_must_be_a_non_negative_int(folder):
    for generation in (-1, "7", 7.0, True):
        with pytest.raises(ValueError):
            page_files.switch(generation)


def switch_and_write(generations: list[int]) -> None:
    """One worker process: for each generation, a purge then a page of that generation."""
    for generation in generations:
        page_files.switch(generation)
        write(f"/page-{generation}/", generation, str(generation).encode())


def test_workers_switching_and_writing_at_once_leave_only_the_newest_generation(folder):
    generations = list(range(1, 61))
    random.Random(9).shuffle(generations)
    fork = multiprocessing.get_context("fork")
    workers = [fork.Process(target=switch_and_write, args=(generations[i::3],)) for i in range(3)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=60)
        assert worker.exitcode == 0
    assert page_files.current_generation() == 60
    assert served(folder) == {"page-60/index.html": b"60", "page-60/index.html.gz": GZIPPED}
    page_files.switch(60)  # what is left of late writes to older folders goes with a purge
    assert sorted(p.name for p in folder.glob("generation-*")) == ["generation-60"]
