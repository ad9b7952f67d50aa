"""Visitors' personal data: sealed at rest, kept only as long as the owner says, and found,
exported or erased for one email address on request.

- `sealing`: encryption with PERSONAL_DATA_KEY (rotating list) and keyed look-up hashes with
  PERSONAL_DATA_LOOKUP_KEY;
- `fields`: `SealedField`, the one model field that stores a value sealed;
- `retention`: the scheduler's job that deletes or strips what is past its time;
- `subjects`: everything held for one address, its export (JSON, CSV) and erasure;
- `audit`: the audit-log entries of exports and erasures (counts, never the data);
- `views`: the admin's Settings > Personal data page.
"""
