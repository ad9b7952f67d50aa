"""docker-compose.yml and the Dockerfile as data, and the environment compose would build.

There is no Docker engine here, so `container_environment` does what compose and the image do
to a service's environment: the Dockerfile's ENV, then the service's env_file(s), then its
`environment:` with ${NAME}, ${NAME:-default} and ${NAME:?error} filled in from .env, and
names without a value passed on only when .env sets them. The env files are those that
`python3 -m deploy.env_files` writes from .env.example (`example_env_files`).
"""

import re

import yaml

from deploy import env_files
from tests.production.processes import ROOT

COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
SERVICES = COMPOSE["services"]
DOCKERFILE = (ROOT / "Dockerfile").read_text()
ENV_EXAMPLE = (ROOT / ".env.example").read_text()
INTERPOLATION = re.compile(r"\$\{([A-Z][A-Z0-9_]*)(?:(:-|:\?)([^}]*))?\}")


def environment(service: str) -> dict:
    """The service's `environment:` as written (None for a name passed on from .env)."""
    return SERVICES[service].get("environment") or {}


def service_env_files(service: str) -> list[str]:
    """The env files compose gives the service's container, in order."""
    return SERVICES[service].get("env_file", [])


def dockerfile_env() -> dict[str, str]:
    """The ENV values the image sets."""
    return dict(re.findall(r"\b([A-Z_]+)=(\S+?)\s*\\?$", DOCKERFILE, flags=re.MULTILINE))


def read_dotenv(text: str) -> dict[str, str]:
    """NAME=value lines of a .env file; comments and blank lines skipped."""
    return dict(line.split("=", 1) for line in text.splitlines() if re.match(r"^[A-Z_]+=", line))


def example_env_files() -> dict[str, dict[str, str]]:
    """{file name: its values} as deploy.env_files writes them: fresh random secrets."""
    return {
        name: read_dotenv(env_files.with_fresh_secrets(text))
        for name, text in env_files.split(ENV_EXAMPLE).items()
    }


def container_environment(service: str, files: dict[str, dict[str, str]]) -> dict[str, str]:
    """The variables the service's container starts with, given the env files' values."""
    dotenv = files[".env"]

    def fill(match: re.Match) -> str:
        name, operator, argument = match.groups()
        value = dotenv.get(name, "")
        if operator == ":?" and not value:
            raise ValueError(f"compose would stop: {argument}")
        return value or (argument if operator == ":-" else "")

    result = dockerfile_env()
    for name in service_env_files(service):
        result.update(files[name])
    for name, value in environment(service).items():
        if value is not None:
            result[name] = INTERPOLATION.sub(fill, str(value))
        elif name in dotenv:
            result[name] = dotenv[name]
    return result
