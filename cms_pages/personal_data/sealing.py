"""Sealing visitors' personal data at rest, and keyed hashes to find it again.

A value is sealed with Fernet (AES-128-CBC with an HMAC-SHA256, from `cryptography`) under
PERSONAL_DATA_KEY: a comma-separated list of Fernet keys whose first key seals and whose every
key unseals (MultiFernet). A key is rotated by putting a new one first, running
`manage.py personal_data reseal`, then removing the old one.

A sealed value reads differently every time it is sealed, so it cannot be searched: what must
be found again (an email address, the same response sent twice) is also kept as an
HMAC-SHA256 under PERSONAL_DATA_LOOKUP_KEY. That key is separate and never rotates: changing it
would orphan every stored hash, while the sealing keys must be free to change.
"""

import functools
import hashlib
import hmac
import re

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.signals import setting_changed
from django.dispatch import receiver

NEW_KEY_COMMAND = (
    'python3 -c "from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())"'
)


class UnreadableSealError(Exception):
    """A sealed value that none of PERSONAL_DATA_KEY's keys opens: the key that sealed it is
    gone (see README "Personal data": without it the data cannot be read)."""


@functools.cache
def _fernet() -> MultiFernet:
    keys = settings.PERSONAL_DATA_KEYS
    if not keys:
        raise ImproperlyConfigured(
            f"PERSONAL_DATA_KEY is not set: give it a Fernet key ({NEW_KEY_COMMAND})."
        )
    try:
        return MultiFernet([Fernet(key) for key in keys])
    except ValueError as error:
        raise ImproperlyConfigured(
            f"PERSONAL_DATA_KEY holds a value that is not a Fernet key ({NEW_KEY_COMMAND})."
        ) from error


@receiver(setting_changed)
def _forget_keys(*, setting, **kwargs):
    """Tests change the keys with override_settings; the next seal uses the new ones."""
    if setting == "PERSONAL_DATA_KEYS":
        _fernet.cache_clear()


def seal(text: str) -> str:
    """`text` encrypted under the first key, as ASCII."""
    return _fernet().encrypt(text.encode()).decode("ascii")


def unseal(token: str) -> str:
    """The text a sealed value holds; UnreadableSealError when no key opens it."""
    try:
        return _fernet().decrypt(token.encode("ascii")).decode()
    except InvalidToken as error:
        raise UnreadableSealError(
            "A sealed value cannot be opened with any key of PERSONAL_DATA_KEY."
        ) from error


def lookup_hash(*parts: object) -> str:
    """HMAC-SHA256 of the parts under PERSONAL_DATA_LOOKUP_KEY, as 64 hex digits.

    Parts are compared as people write them: case and runs of white space do not count, so
    "Dana@Example.com " and "dana@example.com" give the same hash.
    """
    key = settings.PERSONAL_DATA_LOOKUP_KEY
    if not key:
        raise ImproperlyConfigured("PERSONAL_DATA_LOOKUP_KEY is not set.")
    normal = "\x1f".join(re.sub(r"\s+", " ", str(part)).strip().lower() for part in parts)
    return hmac.new(key.encode(), normal.encode(), hashlib.sha256).hexdigest()
