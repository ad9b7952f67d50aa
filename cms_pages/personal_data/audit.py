"""The audit-log entries of personal-data exports and erasures: who, when, how many rows.

Entries go into Wagtail's log (Reports > Site history), against the default site's practice
details, since the records they are about may be gone. They hold counts and the channel
(admin or command line), never the address or anything found for it.
"""

from wagtail.log_actions import LogFormatter, log
from wagtail.models import Site

from cms_pages.models import PracticeSettings

EXPORT = "cms_pages.personal_data.export"
ERASE = "cms_pages.personal_data.erase"
LABEL = "Visitors' personal data"
SUMMARY_NAMES = {
    "responses": ("response", "responses"),
    "appointment_requests": ("appointment request", "appointment requests"),
    "sign_in_attempts": ("failed sign-in", "failed sign-ins"),
}


def record(action: str, *, counts: dict[str, int], via: str, user=None, file_format: str = ""):
    """Log an export or erasure of what was held for one address."""
    practice = PracticeSettings.for_site(Site.objects.get(is_default_site=True))
    data = {"counts": counts, "via": via}
    if file_format:
        data["format"] = file_format
    return log(instance=practice, action=action, user=user, title=LABEL, data=data)


def summary(counts: dict[str, int]) -> str:
    """'2 responses, 1 appointment request, 0 failed sign-ins', always in that order.

    The order is ours, not the stored one: PostgreSQL's jsonb keeps a log entry's keys sorted
    by length, so the same counts would read differently on SQLite and PostgreSQL.
    """
    known = [kind for kind in SUMMARY_NAMES if kind in counts]
    others = sorted(kind for kind in counts if kind not in SUMMARY_NAMES)

    def named(kind: str) -> str:
        count = counts[kind]
        return f"{count} {SUMMARY_NAMES[kind][count != 1] if kind in SUMMARY_NAMES else kind}"

    return ", ".join(named(kind) for kind in known + others)


class ExportFormatter(LogFormatter):
    """'Exported the personal data of one visitor (2 responses, ...) from the admin'."""

    label = "Export personal data"
    verb = "Exported"

    def format_message(self, log_entry):
        via = log_entry.data.get("via", "")
        file_format = log_entry.data.get("format", "")
        return (
            f"{self.verb} the personal data of one visitor "
            f"({summary(log_entry.data.get('counts', {}))})"
            + (f" as {file_format.upper()}" if file_format else "")
            + (f", from the {via}" if via else "")
        )


class EraseFormatter(ExportFormatter):
    """'Erased the personal data of one visitor (...)'."""

    label = "Erase personal data"
    verb = "Erased"
