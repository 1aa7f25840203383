"""Enrolment and verification of a second factor (django-otp TOTP, with static recovery codes).

Views parse input and sign the session in (django_otp.login); these change the database and
leave a log entry (`core.two_factor.*`, registered in core/wagtail_hooks.py).
"""

from django.db import transaction
from django.utils.functional import LazyObject, empty
from django_otp import match_token
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from wagtail.log_actions import log

RECOVERY_CODE_COUNT = 10


def _concrete(user):
    # request.user is a lazy object; Wagtail's log() looks its model up by type, and an
    # unevaluated lazy object has none (the entry would be dropped silently).
    if isinstance(user, LazyObject):
        if user._wrapped is empty:
            user._setup()
        return user._wrapped
    return user


DEVICE_NAME = "Authenticator app"
RECOVERY_NAME = "Recovery codes"


def start_totp_enrolment(user) -> TOTPDevice:
    """The user's unconfirmed TOTP device (created on first call, reused after, so reloading the
    set-up page keeps the secret the user may already have scanned)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)
    return device


def confirm_totp_device(user, device: TOTPDevice, token: str) -> list[str] | None:
    """Confirm `device` with a first code. Returns the new recovery codes (shown once; any
    earlier ones stop working), or None when the code does not match (nothing changes)."""
    user = _concrete(user)
    if device.user_id != user.pk or device.confirmed:
        return None
    if not device.verify_token(token.strip()):
        log(instance=user, action="core.two_factor.failed", user=user)
        return None
    with transaction.atomic():
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        codes = _new_recovery_codes(user)
        log(instance=user, action="core.two_factor.enrolled", user=user)
    return codes


def _new_recovery_codes(user) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    static = StaticDevice.objects.create(user=user, name=RECOVERY_NAME, confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=static, token=code) for code in codes)
    return codes


def verify_second_factor(user, token: str):
    """The confirmed device the code (or recovery code) matched, or None. A recovery code is
    used up by matching it."""
    user = _concrete(user)
    device = match_token(user, token.strip().replace(" ", ""))
    if device is None:
        log(instance=user, action="core.two_factor.failed", user=user)
        return None
    code = (
        "core.two_factor.recovery_code_used"
        if isinstance(device, StaticDevice)
        else "core.two_factor.verified"
    )
    log(instance=user, action=code, user=user)
    return device


def recovery_codes_left(user) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()
