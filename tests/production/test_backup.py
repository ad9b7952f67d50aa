"""`make backup` / `make restore` (deploy/backup.py) on PostgreSQL and on SQLite."""

import sqlite3
from contextlib import closing
from pathlib import Path

import psycopg

from tests.production.processes import production_env, run

CRANIOSACRAL_TEXT = "normalizing the flow of cerebrospinal fluid"


def backup_script(*arguments: str, env: dict) -> str:
    result = run(["python", "-m", "deploy.backup", *arguments], env)
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def only_folder(parent: Path) -> Path:
    (folder,) = parent.iterdir()
    return folder


def files_under(root: Path) -> dict[str, bytes]:
    return {
        str(path.relative_to(root)): path.read_bytes() for path in root.rglob("*") if path.is_file()
    }


def test_postgres_backup_restores_the_demo_into_an_empty_database(
    backend_server, postgres, tmp_path
):
    # Backed up while the backend serves, as a nightly job would.
    backup_script("backup", "--into", str(tmp_path / "backups"), env=backend_server.env)
    folder = only_folder(tmp_path / "backups")
    assert sorted(path.name for path in folder.iterdir()) == ["database.dump", "media.tar.gz"]

    empty_url = postgres.create_database()
    restored_media = tmp_path / "restored-media"
    env = {**backend_server.env, "DATABASE_URL": empty_url, "MEDIA_ROOT": str(restored_media)}
    backup_script("restore", str(folder), env=env)

    with psycopg.connect(empty_url, connect_timeout=5) as connection:
        row = connection.execute(
            "SELECT page.title, page.url_path, page.live, service.introduction"
            " FROM wagtailcore_page page"
            " JOIN cms_pages_servicepage service ON service.page_ptr_id = page.id"
            " WHERE page.slug = 'craniosacral-massage'"
        ).fetchone()
    title, url_path, live, introduction = row
    assert (title, url_path, live) == (
        "CranioSacral Massage",
        "/home/services/craniosacral-massage/",
        True,
    )
    assert CRANIOSACRAL_TEXT in introduction
    assert files_under(restored_media) == files_under(backend_server.media_root)

    # The restored schema is complete: Django finds no migration left to apply.
    check = run(["python", "manage.py", "migrate", "--check"], env)
    assert check.returncode == 0, check.stdout + check.stderr

    # A second restore would mix two sites: it is refused and names the database.
    again = run(["python", "-m", "deploy.backup", "restore", str(folder)], env)
    assert again.returncode != 0
    assert "is not empty: drop and create it first" in again.stderr


def test_sqlite_backup_round_trip(tmp_path):
    database = tmp_path / "live.sqlite3"
    with closing(sqlite3.connect(database)) as connection:
        connection.execute("CREATE TABLE note (text TEXT)")
        connection.execute("INSERT INTO note VALUES ('before the backup')")
        connection.commit()
    media = tmp_path / "media"
    (media / "original_images").mkdir(parents=True)
    (media / "original_images" / "room.png").write_bytes(b"\x89PNG fake picture")
    env = production_env(DATABASE_URL=f"sqlite:///{database}", MEDIA_ROOT=media)

    backup_script("backup", "--into", str(tmp_path / "backups"), env=env)
    folder = only_folder(tmp_path / "backups")
    assert sorted(path.name for path in folder.iterdir()) == ["database.sqlite3", "media.tar.gz"]

    with closing(sqlite3.connect(database)) as connection:
        connection.execute("INSERT INTO note VALUES ('after the backup')")
        connection.commit()
    (media / "original_images" / "room.png").write_bytes(b"changed")

    backup_script("restore", str(folder), env=env)

    with closing(sqlite3.connect(database)) as connection:
        assert connection.execute("SELECT text FROM note").fetchall() == [("before the backup",)]
    assert (media / "original_images" / "room.png").read_bytes() == b"\x89PNG fake picture"
