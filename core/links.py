"""Sealed links: the one way every app puts a token in a URL that opens something without a login.

A kind of link is a `SignedLink`: its salt (the purpose, so a token of one kind is never valid as
another) and, when its age is what limits it, a `max_age`. `make(payload, ...)` seals a payload
into an opaque token (`core.sealing`: encrypted and authenticated under keys derived from
SECRET_KEY and the salt, so the holder of a link reads no id, address or count from it, and
cannot forge or alter one); `read(token, ...)` gives it back or raises `BadLink`. Links made
before tokens were sealed (Django's signing: readable payload, signed) are still read, by their
own salt and age, until they expire. The app then loads the object the payload names and calls
`check(payload, ...)` with what the object says now:

- `fingerprint=` a value made with `fingerprint(...)` from what the link is bound to (e.g. the
  holder's address): when that changes, every link issued before stops working;
- `nonce=` the object's current nonce: a coordinator who rotates it cancels every link;
- `expires_at=` an expiry computed from the object (e.g. the event's end), read when the link is
  followed, so moving the event moves its links' expiry.

Every failure is one exception, `BadLink`, whose `.reason` the error pages show: "invalid"
(tampered, truncated, another purpose, its object gone or changed), "expired", or an app's own
reason (events' "event_gone", accounts' "used"). Every app answers it with `bad_link_response`:
one status for a link that was good and is no longer (410 Gone: expired, used, its event over),
one for a link that never was (404, as for a page that does not exist: forged, altered, another
purpose's), never cached or indexed, in the app's own words.
"""

import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.core import signing
from django.shortcuts import render
from django.utils import timezone
from django.utils.cache import add_never_cache_headers

from . import sealing

_DEFAULT = object()


class BadLink(Exception):
    """A link that opens nothing; `reason` says why ("invalid", "expired", or an app's own)."""

    def __init__(self, reason: str = "invalid"):
        super().__init__(reason)
        self.reason = reason

    @property
    def status(self) -> int:
        return bad_link_status(self.reason)


#: Reasons for a link that was genuine and no longer opens anything (410 Gone); every other
#: reason is a link that never was one (404).
GONE = frozenset({"expired", "used", "event_gone"})


def bad_link_status(reason: str) -> int:
    return 410 if reason in GONE else 404


def bad_link_response(request, reason: str, template: str, context: dict | None = None):
    """The page for a link that opens nothing, the same in every app: 410 for a link that was
    good and is no longer, 404 for one that never was; never cached, never indexed (the token
    is in the URL). `template` gives the app's own words and next step; it gets `reason`."""
    response = render(
        request, template, {"reason": reason, **(context or {})}, status=bad_link_status(reason)
    )
    add_never_cache_headers(response)
    response["Cache-Control"] = "private, no-store, max-age=0"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def fingerprint(*parts) -> str:
    """A short digest of `parts` (e.g. a contact's pk and address) to carry in a token: it
    changes whenever one of them does, and reveals none of them."""
    return hashlib.sha256(":".join(str(p) for p in parts).encode()).hexdigest()[:16]


@dataclass(frozen=True)
class SignedLink:
    """One kind of link. `salt` is its purpose and must never change once links are emailed
    (a new salt voids them all). `payload_type` is what a genuine token holds. The fingerprint
    and nonce travel under `fingerprint_key` / `nonce_key` in a dict payload. `compress` said
    how the signed (pre-sealing) links were made; sealed payloads are small and never
    compressed (compression before encryption lets the length tell about the content)."""

    salt: str
    max_age: timedelta | None = None
    compress: bool = False
    payload_type: type = dict
    fingerprint_key: str = "f"
    nonce_key: str = "n"

    def make(self, payload: Any, *, fingerprint: str | None = None, nonce: str | None = None):
        """The sealed token (URL-safe, opaque) for `payload`, with the fingerprint and nonce
        given."""
        if fingerprint is not None or nonce is not None:
            payload = dict(payload)
            if fingerprint is not None:
                payload[self.fingerprint_key] = fingerprint
            if nonce is not None:
                payload[self.nonce_key] = nonce
        return sealing.seal(payload, purpose=self.salt)

    def read(self, token: str, *, max_age=_DEFAULT) -> Any:
        """The payload of a genuine token of this kind no older than `max_age` (this kind's
        own unless given; None: any age). Raises BadLink("expired") for an old one and
        BadLink("invalid") for anything else (tampered, another purpose, not a token)."""
        max_age = self.max_age if max_age is _DEFAULT else max_age
        try:
            if sealing.is_sealed(token):
                payload = sealing.unseal(token, purpose=self.salt, max_age=max_age)
            else:
                # A link emailed before links were sealed: signed, readable, still honoured.
                payload = signing.loads(token, salt=self.salt, max_age=max_age)
        except (signing.SignatureExpired, sealing.Expired):
            raise BadLink("expired") from None
        except (signing.BadSignature, sealing.Invalid, ValueError, TypeError):
            raise BadLink("invalid") from None
        if not isinstance(payload, self.payload_type):
            raise BadLink("invalid")
        return payload

    def check(
        self,
        payload: dict,
        *,
        fingerprint: str | None = None,
        nonce: str | None = None,
        expires_at: datetime | None = None,
    ) -> None:
        """Raise BadLink("invalid") when the payload's fingerprint or nonce is not the one the
        object has now, BadLink("expired") when `expires_at` has passed; else return."""
        if fingerprint is not None and payload.get(self.fingerprint_key) != fingerprint:
            raise BadLink("invalid")
        if nonce is not None and payload.get(self.nonce_key) != nonce:
            raise BadLink("invalid")
        if expires_at is not None and timezone.now() > expires_at:
            raise BadLink("expired")
