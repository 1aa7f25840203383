"""Opaque tokens: a small JSON payload encrypted and authenticated, for links that say nothing.

`seal(payload, purpose=...)` gives `s1:<nonce and ciphertext>:<tag>` (URL-safe base64 parts);
`unseal(token, purpose=..., max_age=...)` gives the payload back, or raises `Invalid` (altered,
truncated, sealed for another purpose or under another key) or `Expired`.

The construction uses the standard library only (no new dependency): keys for encryption and
authentication are derived with HMAC-SHA256 from SECRET_KEY (or one of SECRET_KEY_FALLBACKS, so
rotating the key does not void the links already sent) and the purpose; the plaintext (the time
it was sealed and the payload, padded to a multiple of 32 bytes so the length does not give the
size of an id away) is XORed with an HMAC-SHA256 keystream under a random 96-bit nonce (a PRF in
counter mode), and the nonce and ciphertext are authenticated with HMAC-SHA256 (encrypt then
MAC, 128-bit tag, compared in constant time). Nothing is decrypted before the tag is checked.
The purpose is part of the key, so a token of one purpose is never valid as another.
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
def _keys(secret: bytes, purpose: str) -> tuple[bytes, bytes]:
    root = hmac.new(secret, b"core.sealing|" + purpose.encode(), hashlib.sha256).digest()
    return (
        hmac.new(root, b"encrypt", hashlib.sha256).digest(),
        hmac.new(root, b"authenticate", hashlib.sha256).digest(),
    )


def _secrets() -> list[bytes]:
    return [force_bytes(k) for k in (settings.SECRET_KEY, *settings.SECRET_KEY_FALLBACKS)]


def _keystream_xor(key: bytes, nonce: bytes, data: bytes) -> bytes:
    stream = bytearray()
    for block in range((len(data) + 31) // 32):
        stream += hmac.new(key, nonce + block.to_bytes(4, "big"), hashlib.sha256).digest()
    n = len(data)
    return (int.from_bytes(data, "big") ^ int.from_bytes(stream[:n], "big")).to_bytes(n, "big")


def _tag(key: bytes, nonce: bytes, ciphertext: bytes) -> bytes:
    message = PREFIX.encode() + nonce + ciphertext
    return hmac.new(key, message, hashlib.sha256).digest()[:TAG_BYTES]


def seal(payload: Any, *, purpose: str) -> str:
    """The opaque token of `payload` (anything JSON can hold) for `purpose`."""
    plain = json.dumps([int(time.time()), payload], separators=(",", ":")).encode()
    plain += b" " * (-len(plain) % PAD_TO)  # JSON ignores trailing spaces
    encrypt, authenticate = _keys(_secrets()[0], purpose)
    nonce = secrets.token_bytes(NONCE_BYTES)
    ciphertext = _keystream_xor(encrypt, nonce, plain)
    return f"{PREFIX}{_b64(nonce + ciphertext)}:{_b64(_tag(authenticate, nonce, ciphertext))}"


def unseal(token: str, *, purpose: str, max_age: timedelta | None = None) -> Any:
    """The payload of a token sealed for `purpose`; `Expired` when it is older than `max_age`
    (None: any age), `Invalid` for anything else."""
    if not is_sealed(token):
        raise Invalid
    body, _, tag_text = token[len(PREFIX) :].partition(":")
    try:
        sealed, tag = _unb64(body), _unb64(tag_text)
    except ValueError:
        raise Invalid from None
    nonce, ciphertext = sealed[:NONCE_BYTES], sealed[NONCE_BYTES:]
    if len(nonce) != NONCE_BYTES or len(tag) != TAG_BYTES or not ciphertext:
        raise Invalid
    for secret in _secrets():
        encrypt, authenticate = _keys(secret, purpose)
        if hmac.compare_digest(_tag(authenticate, nonce, ciphertext), tag):
            break
    else:
        raise Invalid
    try:
        sealed_at, payload = json.loads(_keystream_xor(encrypt, nonce, ciphertext))
    except (ValueError, TypeError):
        raise Invalid from None
    if max_age is not None and time.time() - sealed_at > max_age.total_seconds():
        raise Expired
    return payload
