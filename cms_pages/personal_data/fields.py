"""`SealedField`: the one model field that keeps a visitor's personal data sealed at rest."""

from django.core.exceptions import FieldError
from django.db import models

from cms_pages.personal_data import sealing


class SealedField(models.TextField):
    """Text stored sealed with PERSONAL_DATA_KEY and read back in the clear.

    Why one field class: sealing happens where Django turns a value into a column and back
    (get_prep_value / from_db_value), so every write path (save, update, bulk_create) seals
    and every read (instances, values()) unseals, and no caller can forget to. An empty value
    is stored as NULL, so that what is still held can be told apart (`isnull`) by the
    retention job; it reads back as "". A sealed column cannot be searched (each seal reads
    differently): lookups other than `isnull` are refused, and a keyed hash column
    (`sealing.lookup_hash`) stands beside the values that must be found again.
    """

    description = "Text sealed at rest with PERSONAL_DATA_KEY"

    def __init__(self, *args, **kwargs):
        kwargs["null"] = True
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        del kwargs["null"]
        return name, path, args, kwargs

    def from_db_value(self, value, expression, connection):
        return "" if value is None else sealing.unseal(value)

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        return sealing.seal(value) if value else None

    def get_lookup(self, lookup_name):
        if lookup_name != "isnull":
            raise FieldError(
                f"{self.model.__name__}.{self.name} is sealed and cannot be searched; "
                "look it up by its keyed hash."
            )
        return super().get_lookup(lookup_name)
