"""The one signed-link helper (`core.links`): a link opens nothing once it is expired, tampered
with, for another purpose, cancelled by a new nonce, or bound to an address that has changed."""

from datetime import timedelta

import pytest
from django.core import signing
from django.utils import timezone

from core.links import BadLink, SignedLink, fingerprint

RETURN_LINK = SignedLink(salt="tests.return", max_age=timedelta(days=14), compress=True)


def reason(call):
    with pytest.raises(BadLink) as caught:
        call()
    return caught.value.reason


def test_a_fresh_link_gives_back_what_was_signed_with_its_fingerprint_and_nonce():
    token = RETURN_LINK.make({"r": 7}, fingerprint=fingerprint(7, "a@example.org"), nonce="n1")
    payload = RETURN_LINK.read(token)
    assert payload["r"] == 7
    RETURN_LINK.check(payload, fingerprint=fingerprint(7, "a@example.org"), nonce="n1")


def test_a_link_older_than_its_max_age_is_expired():
    token = RETURN_LINK.make({"r": 7})
    assert reason(lambda: RETURN_LINK.read(token, max_age=timedelta(seconds=-1))) == "expired"


def test_an_expired_link_can_still_be_read_on_purpose_with_no_max_age():
    old = SignedLink(salt="tests.return", max_age=timedelta(seconds=-1))
    token = old.make({"r": 7})
    assert reason(lambda: old.read(token)) == "expired"
    assert old.read(token, max_age=None) == {"r": 7}


def test_an_expiry_computed_from_the_object_is_checked_when_the_link_is_followed():
    payload = RETURN_LINK.read(RETURN_LINK.make({"r": 7}))
    RETURN_LINK.check(payload, expires_at=timezone.now() + timedelta(minutes=1))
    past = timezone.now() - timedelta(minutes=1)
    assert reason(lambda: RETURN_LINK.check(payload, expires_at=past)) == "expired"


def test_a_tampered_or_truncated_link_is_invalid():
    token = RETURN_LINK.make({"r": 7})
    assert reason(lambda: RETURN_LINK.read(token[:-2] + "xx")) == "invalid"
    assert reason(lambda: RETURN_LINK.read(token[:-5])) == "invalid"
    assert reason(lambda: RETURN_LINK.read("not-a-token")) == "invalid"
    assert reason(lambda: RETURN_LINK.read("")) == "invalid"


def test_a_link_of_another_purpose_is_invalid():
    other = SignedLink(salt="tests.unsubscribe", max_age=timedelta(days=14))
    assert reason(lambda: RETURN_LINK.read(other.make({"r": 7}))) == "invalid"


def test_a_rotated_nonce_cancels_every_link_issued_before():
    payload = RETURN_LINK.read(RETURN_LINK.make({"r": 7}, nonce="first"))
    assert reason(lambda: RETURN_LINK.check(payload, nonce="second")) == "invalid"


def test_a_changed_address_changes_the_fingerprint_and_voids_the_link():
    payload = RETURN_LINK.read(RETURN_LINK.make({"r": 7}, fingerprint=fingerprint(7, "a@x.org")))
    assert fingerprint(7, "a@x.org") != fingerprint(7, "b@x.org")
    new = fingerprint(7, "b@x.org")
    assert reason(lambda: RETURN_LINK.check(payload, fingerprint=new)) == "invalid"


def test_a_payload_of_the_wrong_type_is_invalid():
    token = signing.dumps("just a string", salt="tests.return")
    assert reason(lambda: RETURN_LINK.read(token)) == "invalid"
    assert SignedLink(salt="tests.return", payload_type=str).read(token) == "just a string"


def test_a_token_made_the_old_way_with_django_signing_still_reads():
    # Links already emailed were made by signing.dumps with the same salt.
    token = signing.dumps({"r": 7, "f": "abc", "n": "n1"}, salt="tests.return", compress=True)
    payload = RETURN_LINK.read(token)
    RETURN_LINK.check(payload, fingerprint="abc", nonce="n1")


@pytest.mark.django_db
def test_a_contact_link_emailed_before_the_change_still_opens_the_preference_centre(client):
    import hashlib

    from networks.models import Contact

    contact = Contact.objects.create(email="rosa@example.org", first_name="Rosa")
    old_fingerprint = hashlib.sha256(f"{contact.pk}:{contact.email}".encode()).hexdigest()[:16]
    token = signing.dumps(
        {"c": contact.pk, "f": old_fingerprint}, salt="networks.link.preferences", compress=True
    )
    assert client.get(f"/subscribe/preferences/{token}/").status_code == 200
    assert client.get(f"/subscribe/preferences/{token[:-2]}xx/").status_code == 404


def test_a_sample_link_emailed_before_the_change_still_opens_its_page():
    from sending.engine.merge import read_sample_link

    field = read_sample_link(signing.dumps("preferences_url", salt="newsletters.sample-link"))
    assert field is not None and field.name == "preferences_url"
    assert read_sample_link(signing.dumps("preferences_url", salt="other")) is None


def _readable(segment: str) -> str:
    """What a holder reads from one part of a token: its URL-safe base64 decoded (and
    decompressed when it is zlib), as text; "" when it decodes to bytes that are not text."""
    import base64
    import zlib

    try:
        data = base64.urlsafe_b64decode(segment.lstrip(".") + "=" * (-len(segment) % 4))
    except ValueError:
        return ""
    for raw in (data, _inflate(zlib, data)):
        try:
            text = raw.decode("utf-8")
        except (UnicodeDecodeError, AttributeError):
            continue
        if text.isprintable():
            return text
    return ""


def _inflate(zlib, data):
    try:
        return zlib.decompress(data)
    except zlib.error:
        return None


def test_a_link_tells_its_holder_nothing_of_what_it_stands_for():
    payload = {"c": 285, "i": 4321, "e": "priya@example.org"}
    token = RETURN_LINK.make(payload, fingerprint=fingerprint(285, "priya@example.org"))
    old = signing.dumps(payload, salt="tests.return", compress=True)

    readable = [_readable(part) for part in token.split(":")]
    assert RETURN_LINK.read(token)["c"] == 285
    assert not any(c.isdigit() or c == "@" for text in readable for c in text)
    assert "285" in "".join(_readable(part) for part in old.split(":"))  # what links said before


def test_two_links_for_the_same_thing_differ_and_their_length_hides_the_size_of_the_id():
    small, large = RETURN_LINK.make({"c": 7}), RETURN_LINK.make({"c": 7_000_000})

    assert RETURN_LINK.make({"c": 7}) != small
    assert len(small) == len(large)


def test_a_link_altered_anywhere_or_read_for_another_purpose_opens_nothing():
    token = RETURN_LINK.make({"r": 7})
    prefix, nonce, body = token.split(":")
    flipped = body[:20] + ("A" if body[20] != "A" else "B") + body[21:]
    last = body[:-1] + ("A" if body[-1] != "A" else "B")  # the authentication tag's end
    other_nonce = ("A" if nonce[0] != "A" else "B") + nonce[1:]

    assert reason(lambda: RETURN_LINK.read(f"{prefix}:{nonce}:{flipped}")) == "invalid"
    assert reason(lambda: RETURN_LINK.read(f"{prefix}:{nonce}:{last}")) == "invalid"
    assert reason(lambda: RETURN_LINK.read(f"{prefix}:{other_nonce}:{body}")) == "invalid"
    assert reason(lambda: RETURN_LINK.read(f"{prefix}:{nonce}:{body[:-4]}")) == "invalid"
    assert reason(lambda: RETURN_LINK.read(f"{prefix}:{nonce}")) == "invalid"
    assert reason(lambda: RETURN_LINK.read(f"{prefix}:!!:{body}")) == "invalid"
    assert reason(lambda: SignedLink(salt="tests.other").read(token)) == "invalid"


def test_a_link_survives_a_key_rotation_but_not_a_key_it_never_had(settings):
    token = RETURN_LINK.make({"r": 7})

    settings.SECRET_KEY_FALLBACKS = [settings.SECRET_KEY]
    settings.SECRET_KEY = "a-new-key-" + "x" * 50
    assert RETURN_LINK.read(token) == {"r": 7}

    settings.SECRET_KEY_FALLBACKS = []
    assert reason(lambda: RETURN_LINK.read(token)) == "invalid"


def test_a_sealed_link_expires_by_the_time_it_was_made(monkeypatch):
    import time

    token = RETURN_LINK.make({"r": 7})
    now = time.time()
    monkeypatch.setattr(time, "time", lambda: now + timedelta(days=14, seconds=5).total_seconds())

    assert reason(lambda: RETURN_LINK.read(token)) == "expired"
    assert RETURN_LINK.read(token, max_age=None) == {"r": 7}
