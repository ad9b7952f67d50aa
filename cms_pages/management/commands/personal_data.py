"""`manage.py personal_data export|erase EMAIL`, `... reseal`: the owner's personal-data tools.

- `export EMAIL` prints, as JSON, everything held for the address;
- `erase EMAIL` deletes it (cms_pages.personal_data.subjects says what and why) and prints
  how many of each kind went;
- `reseal` seals every stored value again with the first key of PERSONAL_DATA_KEY, after a
  new key was put first; the old key can then be removed.

Exports and erasures are recorded in Wagtail's audit log (counts only), as from the admin.
"""

import json

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.serializers.json import DjangoJSONEncoder
from django.core.validators import validate_email
from django.db import transaction

from cms_pages.models import AppointmentRequest, Response
from cms_pages.personal_data import audit, subjects
from cms_pages.personal_data.fields import SealedField


class Command(BaseCommand):
    help = "Export or erase everything held for a visitor's email address; reseal after a new key."

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True)
        for name, text in (
            ("export", "Print, as JSON, everything held for the address."),
            ("erase", "Delete everything held for the address and print the counts."),
        ):
            action = actions.add_parser(name, help=text)
            action.add_argument("email", help="The visitor's email address.")
        actions.add_parser("reseal", help="Seal every stored value with the first key again.")

    def handle(self, *, action, email="", **options):
        if action == "reseal":
            self.stdout.write(json.dumps({"resealed": reseal_all()}))
            return
        try:
            validate_email(email.strip())
        except ValidationError as error:
            raise CommandError(f"Not an email address: {email!r}.") from error
        holdings = subjects.held_for(email)
        if action == "export":
            exported = subjects.export(holdings)
            audit.record(audit.EXPORT, counts=holdings.counts(), via="command line")
            self.stdout.write(json.dumps(exported, cls=DjangoJSONEncoder, indent=2))
        else:
            counts = subjects.erase(holdings)
            audit.record(audit.ERASE, counts=counts, via="command line")
            self.stdout.write(json.dumps({"erased": counts}))


def reseal_all() -> dict[str, int]:
    """Every row's sealed values, sealed again under the first key; rows per model.

    Read through the fields (opened with whichever key sealed them) and written back with a
    queryset update (sealed with the first key): no signal fires, nothing else changes.
    """
    counts = {}
    for model in (Response, AppointmentRequest):
        names = [field.name for field in model._meta.fields if isinstance(field, SealedField)]
        counts[model._meta.label] = 0
        with transaction.atomic():
            for pk, *values in model.objects.values_list("pk", *names).iterator():
                model.objects.filter(pk=pk).update(**dict(zip(names, values, strict=True)))
                counts[model._meta.label] += 1
    return counts
