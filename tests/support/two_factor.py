"""Two-factor sign-in for tests, in one place.

Staff who see partner or sensitive data must pass TOTP before the admin opens (core.twofactor).
`client.force_login(user)` is made to mean "signed in with password and code" for the whole
suite by the autouse fixture in tests/conftest.py (`verified_force_login`), so the many tests that
sign in as the coordinator need no change. Tests of the second factor itself sign in with the
password only: `client.login(username=..., password=...)` or `password_only_login`.
"""

from base64 import b32decode

from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

KNOWN_KEY = "3132333435363738393031323334353637383930"  # RFC 6238's test key, hex

_force_login = Client.force_login


def totp_token(device) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"


def token_for_secret(secret_b32: str) -> str:
    """The current code for a base32 secret read off the set-up page (30 s, 6 digits)."""
    return f"{TOTP(b32decode(secret_b32)).token():06d}"


def known_device(user) -> TOTPDevice:
    """The user's confirmed TOTP device, created with the known key if they have none."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="phone", key=KNOWN_KEY, confirmed=True)
    return device


def mark_verified(client, user) -> None:
    """Mark the client's session as having passed the second factor, as django_otp.login does."""
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = known_device(user).persistent_id
    session.save()


def verified_force_login(self, user, backend=None):
    """Client.force_login, then the second factor for users who must use one."""
    from core.twofactor import requires_two_factor

    _force_login(self, user, backend)
    if requires_two_factor(user):
        mark_verified(self, user)


def verified_client(client, user):
    """Sign `user` in and mark the session as OTP-verified with their TOTP device."""
    client.force_login(user)
    mark_verified(client, user)
    return client


def password_only_login(client, user) -> None:
    """Signed in with the password alone (what a stolen password gives)."""
    _force_login(client, user)


def sign_in_to_admin(page, live_server, user) -> None:
    """Sign a Playwright page in to the admin with password and, where needed, a TOTP code."""
    from core.twofactor import requires_two_factor

    device = known_device(user) if requires_two_factor(user) else None
    page.goto(f"{live_server.url}/admin/login/")
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password").fill(user.raw_password)
    page.get_by_role("button", name="Sign in").click()
    if device is not None:
        page.wait_for_url("**/admin/2fa/verify/**")
        page.get_by_label("Code from your authenticator app").fill(totp_token(device))
        page.get_by_role("button", name="Verify").click()
    page.wait_for_url(f"{live_server.url}/admin/")
