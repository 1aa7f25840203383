"""Opaque tokens: a small JSON payload encrypted and authenticated, for links that say nothing.

`seal(payload, purpose=...)` gives `s1:<nonce>:<ciphertext and tag>` (URL-safe base64; the
same three-part shape as Django's signing, which the engine's link tracking knows as personal);
`unseal(token, purpose=..., max_age=...)` gives the payload back, or raises `Invalid` (altered,
truncated, sealed for another purpose or under another key) or `Expired`.

AES-256-GCM from `cryptography` (a well-kept library, not a construction of our own): the key is
derived with HMAC-SHA256 from SECRET_KEY (or one of SECRET_KEY_FALLBACKS, so rotating the key does
not void the links already sent) and the purpose, so a token of one purpose is never valid as
another; a random 96-bit nonce per token; the plaintext (the time it was sealed and the payload)
is padded to a multiple of 32 bytes so the length does not give the size of an id away. GCM
authenticates before anything is returned.
"""

import base64
import hashlib
import hmac
import json
import secrets
import time
from datetime import timedelta
from functools import lru_cache
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings
from django.utils.encoding import force_bytes

PREFIX = "s1:"
NONCE_BYTES = 12
TAG_BYTES = 16
PAD_TO = 32


class Invalid(Exception):
    """Not a token this purpose and key sealed (altered, truncated, another purpose)."""


class Expired(Exception):
    """A genuine token older than the age it was read with."""


def is_sealed(token: str) -> bool:
    return isinstance(token, str) and token.startswith(PREFIX)


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


@lru_cache(maxsize=128)
def _cipher(secret: bytes, purpose: str) -> AESGCM:
    key = hmac.new(secret, b"core.sealing|" + purpose.encode(), hashlib.sha256).digest()
    return AESGCM(key)


def _secrets() -> list[bytes]:
    return [force_bytes(k) for k in (settings.SECRET_KEY, *settings.SECRET_KEY_FALLBACKS)]


def seal(payload: Any, *, purpose: str) -> str:
    """The opaque token of `payload` (anything JSON can hold) for `purpose`."""
    plain = json.dumps([int(time.time()), payload], separators=(",", ":")).encode()
    plain += b" " * (-len(plain) % PAD_TO)  # JSON ignores trailing spaces
    nonce = secrets.token_bytes(NONCE_BYTES)
    sealed = _cipher(_secrets()[0], purpose).encrypt(nonce, plain, PREFIX.encode())
    return f"{PREFIX}{_b64(nonce)}:{_b64(sealed)}"


def unseal(token: str, *, purpose: str, max_age: timedelta | None = None) -> Any:
    """The payload of a token sealed for `purpose`; `Expired` when it is older than `max_age`
    (None: any age), `Invalid` for anything else."""
    if not is_sealed(token):
        raise Invalid
    nonce_text, _, body_text = token[len(PREFIX) :].partition(":")
    try:
        nonce, body = _unb64(nonce_text), _unb64(body_text)
    except ValueError:
        raise Invalid from None
    if len(nonce) != NONCE_BYTES or len(body) <= TAG_BYTES:
        raise Invalid
    for secret in _secrets():
        try:
            plain = _cipher(secret, purpose).decrypt(nonce, body, PREFIX.encode())
            break
        except InvalidTag:
            continue
    else:
        raise Invalid
    try:
        sealed_at, payload = json.loads(plain)
    except (ValueError, TypeError):
        raise Invalid from None
    if max_age is not None and time.time() - sealed_at > max_age.total_seconds():
        raise Expired
    return payload
