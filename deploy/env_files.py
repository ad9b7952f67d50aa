"""Write docker compose's env files from .env.example: `python3 -m deploy.env_files`.

.env.example stays the one place where every variable is documented; each of its sections
says in its heading which file it belongs to ("# --- .env.backend: uploaded media ---"):
`.env` is compose's own (the ${...} values of docker-compose.yml: addresses, ports and what
several services share), `.env.backend` is read by the backend and its worker, `.env.frontend`
by the site only, so that the site never receives the backend's secrets. Each file gets its
sections with their comments, and every `change-me` placeholder a fresh random value (a
Fernet key for `change-me-fernet-key`), so a new deployment never starts with a published
secret. Existing files are never overwritten.
Run it in the folder of docker-compose.yml; standard library only, so it needs no install.
"""

import base64
import re
import secrets
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HEADING = re.compile(r"^# --- (?:(\.env[\w.]*): )?.* ---$")
PLACEHOLDER = re.compile(r"^([A-Z][A-Z0-9_]*)=(change-me\S*)$", re.MULTILINE)


def split(text: str) -> dict[str, str]:
    """{file name: its lines} for the sections of `text` that name a file, in their order."""
    files: dict[str, list[str]] = {}
    target = None
    for line in text.splitlines():
        if heading := HEADING.match(line):
            target = heading.group(1)
        if target:
            files.setdefault(target, []).append(line)
    return {name: "\n".join(lines).strip() + "\n" for name, lines in files.items()}


def fresh_secret(placeholder: str) -> str:
    """A random value for a placeholder: a Fernet key (32 random bytes in URL-safe base64) for
    `change-me-fernet-key`, else 64 hex digits (safe in URLs too)."""
    if placeholder == "change-me-fernet-key":
        return base64.urlsafe_b64encode(secrets.token_bytes(32)).decode()
    return secrets.token_hex(32)


def with_fresh_secrets(text: str) -> str:
    """`text` with each `NAME=change-me...` given a random value."""
    return PLACEHOLDER.sub(lambda match: f"{match.group(1)}={fresh_secret(match.group(2))}", text)


def write(folder: Path, example: Path) -> list[Path]:
    """Write the env files of `example` into `folder`; none if any of them exists already."""
    files = {
        folder / name: with_fresh_secrets(text) for name, text in split(example.read_text()).items()
    }
    existing = [path.name for path in files if path.exists()]
    if existing:
        raise FileExistsError(f"Nothing was written: {', '.join(existing)} already there.")
    for path, text in files.items():
        path.touch(mode=0o600)
        path.write_text(text)
    return list(files)


def main() -> int:
    try:
        written = write(Path.cwd(), ROOT / ".env.example")
    except FileExistsError as error:
        print(error, file=sys.stderr)
        return 1
    print(f"Wrote {', '.join(path.name for path in written)}: now set the host names in them.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
