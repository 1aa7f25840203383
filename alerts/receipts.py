"""Receipt codes and references.

A receipt code is 80 random bits from `secrets`, written as 16 Crockford base32 characters in
groups of four (``7K3M-Q9TX-...``): no I, L, O or U, case-insensitive, and the look-alikes a
person may type (O for 0, I or L for 1) are folded back. Only an HMAC of the normalised code is
stored, under a key of its own, so a copy of the database does not reveal any receipt.
"""

import hashlib
import hmac
import secrets

from django.conf import settings

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford base32
RECEIPT_CHARS = 16  # 16 x 5 bits = 80 bits
REFERENCE_CHARS = 6  # 30 bits: not a secret, only unguessable-sequential
_FOLD = str.maketrans({"O": "0", "I": "1", "L": "1"})


def _random_chars(count: int) -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(count))


def new_receipt_code() -> str:
    """A fresh receipt code, formatted for people: four groups of four, dash-separated."""
    raw = _random_chars(RECEIPT_CHARS)
    return "-".join(raw[i : i + 4] for i in range(0, RECEIPT_CHARS, 4))


def normalise_receipt(typed: str) -> str | None:
    """The canonical form of what someone typed, or None when it cannot be a receipt code."""
    cleaned = "".join(ch for ch in typed.upper() if ch.isalnum()).translate(_FOLD)
    if len(cleaned) != RECEIPT_CHARS or any(ch not in ALPHABET for ch in cleaned):
        return None
    return cleaned


def _hash_key() -> bytes:
    if settings.RECEIPT_HASH_KEY:
        return settings.RECEIPT_HASH_KEY.encode()
    # A key derived from SECRET_KEY with a salt of its own: never the SECRET_KEY itself.
    return hmac.new(
        settings.SECRET_KEY.encode(), b"partnerhub.alerts.receipt-hash-key", hashlib.sha256
    ).digest()


def hash_receipt(code: str) -> str | None:
    """The stored form of a receipt code (typed in any accepted form), or None if malformed."""
    normal = normalise_receipt(code)
    if normal is None:
        return None
    return hmac.new(_hash_key(), normal.encode(), hashlib.sha256).hexdigest()


def new_reference() -> str:
    """A short random reference such as ``R-4KXM2Q`` (callers retry on the rare collision)."""
    return f"R-{_random_chars(REFERENCE_CHARS)}"
