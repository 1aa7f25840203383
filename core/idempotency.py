"""Keys that make a confirm step happen once (STYLE.md habit 12).

A confirm form carries a fresh key in a hidden field (`FIELD`); the action stores it in a unique
column, so a second POST of the same form, or a concurrent one, is refused by the database and
answered with the first result.
"""

import uuid

FIELD = "idempotency_key"


def new_key() -> str:
    """A fresh key for one confirm form."""
    return uuid.uuid4().hex


def key_from(data) -> str | None:
    """The key posted in `data` (a QueryDict or dict), or None when it is missing or not a key
    this module made: the caller then asks the person to confirm again."""
    value = (data.get(FIELD) or "").strip()
    try:
        return uuid.UUID(hex=value).hex
    except ValueError:
        return None
