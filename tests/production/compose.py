"""docker-compose.yml and the Dockerfile as data, and the environment compose would build.

There is no Docker engine here, so `container_environment` does what compose and the image do
to a service's environment: the Dockerfile's ENV, then the service's `environment:` with
${NAME}, ${NAME:-default} and ${NAME:?error} filled in from a .env file, and names without
a value passed on only when .env sets them.
"""

import re

import yaml

from tests.production.processes import ROOT

COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
SERVICES = COMPOSE["services"]
DOCKERFILE = (ROOT / "Dockerfile").read_text()
INTERPOLATION = re.compile(r"\$\{([A-Z][A-Z0-9_]*)(?:(:-|:\?)([^}]*))?\}")


def environment(service: str) -> dict:
    """The service's `environment:` as written (None for a name passed on from .env)."""
    return SERVICES[service].get("environment") or {}


def dockerfile_env() -> dict[str, str]:
    """The ENV values the image sets."""
    return dict(re.findall(r"\b([A-Z_]+)=(\S+?)\s*\\?$", DOCKERFILE, flags=re.MULTILINE))


def read_dotenv(text: str) -> dict[str, str]:
    """NAME=value lines of a .env file; comments and blank lines skipped."""
    return dict(line.split("=", 1) for line in text.splitlines() if re.match(r"^[A-Z_]+=", line))


def container_environment(service: str, dotenv: dict[str, str]) -> dict[str, str]:
    """The variables the service's container starts with, given a .env file's values."""

    def fill(match: re.Match) -> str:
        name, operator, argument = match.groups()
        value = dotenv.get(name, "")
        if operator == ":?" and not value:
            raise ValueError(f"compose would stop: {argument}")
        return value or (argument if operator == ":-" else "")

    result = dockerfile_env()
    for name, value in environment(service).items():
        if value is not None:
            result[name] = INTERPOLATION.sub(fill, str(value))
        elif name in dotenv:
            result[name] = dotenv[name]
    return result
