"""Every change to a staff account: each runs in one transaction and leaves a log entry with a
dotted code (`accounts.*`, registered in wagtail_hooks.py). Emails go through the sending engine
in the same transaction (its batch is enqueued on commit), so a rolled-back change sends
nothing."""

from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import IntegrityError, transaction
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice
from wagtail.log_actions import log

from alerts.models import ResponderScope
from core.links import BadLink
from core.queue import promise_on_commit
from networks.models import DirectoryScope

from . import emails, roles
from .models import AccountToken, Invitation, digest, new_token


class AccountError(Exception):
    """A change that cannot be made; the message is for the coordinator."""


def _invitation_expiry():
    return timezone.now() + timedelta(days=settings.ACCOUNTS_INVITATION_DAYS)


def _role(key: str) -> roles.Role:
    try:
        return roles.BY_KEY[key]
    except KeyError:
        raise AccountError("Choose one of the roles.") from None


def _check_districts(role: roles.Role, districts) -> list:
    districts = list(districts or ())
    if role.needs_districts and not districts:
        raise AccountError(f"A {role.label.lower()} needs at least one district.")
    return districts if role.needs_districts else []


def invite_staff(*, email, role, districts=(), first_name="", invited_by, key):
    """Invite `email` to a staff account with `role` (and `districts` for the district roles)
    and email them the link through the engine. Returns (invitation, created): a second call
    with the same form `key` (a double or concurrent submit) returns the first invitation and
    sends nothing. Raises AccountError for an address that has an account or a waiting
    invitation, or a district role without districts."""
    email = email.strip().lower()
    role_obj = _role(role)
    districts = _check_districts(role_obj, districts)
    User = get_user_model()
    with transaction.atomic():
        first = Invitation.objects.filter(idempotency_key=key).first()
        if first is not None:
            return first, False
        if User.objects.filter(email__iexact=email).exists():
            raise AccountError(
                "There is already an account with this address: change its role instead."
            )
        token, token_digest = new_token()
        try:
            with transaction.atomic():
                invitation = Invitation.objects.create(
                    email=email,
                    first_name=first_name.strip(),
                    role=role,
                    token_digest=token_digest,
                    idempotency_key=key,
                    invited_by=invited_by,
                    expires_at=_invitation_expiry(),
                )
        except IntegrityError:
            first = Invitation.objects.filter(idempotency_key=key).first()
            if first is not None:
                return first, False
            raise AccountError(
                "This address already has an invitation waiting: resend or cancel it."
            ) from None
        invitation.districts.set(districts)
        invitation.last_delivery_id = emails.send_invitation(invitation, token).pk
        invitation.save(update_fields=["last_delivery_id"])
        log(
            instance=invitation,
            action="accounts.invitation.sent",
            user=invited_by,
            data={"role": role, "districts": [d.pk for d in districts]},
        )
    return invitation, True


def _locked_pending(invitation) -> Invitation:
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.state != Invitation.State.PENDING:
        raise AccountError(f"This invitation is {invitation.get_state_display().lower()}.")
    return invitation


def resend_invitation(invitation, *, user) -> Invitation:
    """Email a new link (valid for the full period again); the old link stops working."""
    with transaction.atomic():
        invitation = _locked_pending(invitation)
        token, invitation.token_digest = new_token()
        invitation.expires_at = _invitation_expiry()
        invitation.last_delivery_id = emails.send_invitation(invitation, token).pk
        invitation.save(update_fields=["token_digest", "expires_at", "last_delivery_id"])
        log(instance=invitation, action="accounts.invitation.resent", user=user)
    return invitation


def cancel_invitation(invitation, *, user) -> Invitation:
    """The link stops working at once."""
    with transaction.atomic():
        invitation = _locked_pending(invitation)
        invitation.state = Invitation.State.CANCELLED
        invitation.save(update_fields=["state"])
        log(instance=invitation, action="accounts.invitation.cancelled", user=user)
    return invitation


def invitation_for_token(token: str, *, lock=False) -> Invitation:
    """The waiting invitation `token` opens. Raises BadLink("invalid") for a forged, resent or
    cancelled link, BadLink("used") once accepted, BadLink("expired") after its expiry."""
    rows = Invitation.objects.select_for_update() if lock else Invitation.objects.all()
    invitation = rows.filter(token_digest=digest(token)).first()
    if invitation is None or invitation.state == Invitation.State.CANCELLED:
        raise BadLink("invalid")
    if invitation.state == Invitation.State.ACCEPTED:
        raise BadLink("used")
    if invitation.expired:
        raise BadLink("expired")
    return invitation


def accept_invitation(token: str, *, first_name: str, last_name: str, password: str):
    """Create the invited account with its role and the password the person chose; the link is
    used up. Returns the user. Raises BadLink as `invitation_for_token` does (a second accept of
    the same link, even a concurrent one, gets BadLink("used"))."""
    User = get_user_model()
    with transaction.atomic():
        invitation = invitation_for_token(token, lock=True)
        if User.objects.filter(email__iexact=invitation.email).exists():
            raise BadLink("used")
        user = User.objects.create_user(
            username=invitation.email,
            email=invitation.email,
            password=password,
            first_name=first_name.strip(),
            last_name=last_name.strip(),
        )
        _apply_role(user, roles.BY_KEY[invitation.role], list(invitation.districts.all()))
        invitation.state = Invitation.State.ACCEPTED
        invitation.used_at = timezone.now()
        invitation.user = user
        invitation.save(update_fields=["state", "used_at", "user"])
        log(instance=invitation, action="accounts.invitation.accepted", user=user)
        log(
            instance=user,
            action="accounts.account.created",
            user=user,
            data={"role": invitation.role},
        )
    return user


def _apply_role(user, role: roles.Role, districts) -> None:
    wanted = set(role.groups)
    user.groups.remove(*Group.objects.filter(name__in=roles.role_groups() - wanted))
    user.groups.add(*[Group.objects.get_or_create(name=name)[0] for name in sorted(wanted)])
    if role.scope != "directory":
        DirectoryScope.objects.filter(user=user).delete()
    if role.scope != "responder":
        ResponderScope.objects.filter(user=user).delete()
    if role.scope == "directory":
        DirectoryScope.objects.get_or_create(user=user)[0].districts.set(districts)
    elif role.scope == "responder":
        ResponderScope.objects.get_or_create(user=user)[0].districts.set(districts)
    # Cached answers on this object (two-factor, roles) are about the old role.
    roles.forget(user)
    user.__dict__.pop("_core_requires_two_factor", None)


def change_role(account, role: str, districts=(), *, user):
    """Give `account` `role` (its groups and district scope), taking away every other role's."""
    role_obj = _role(role)
    districts = _check_districts(role_obj, districts)
    if account.pk == user.pk and role != "coordinator":
        raise AccountError("You cannot take the coordinator role from your own account.")
    with transaction.atomic():
        account = get_user_model().objects.select_for_update().get(pk=account.pk)
        before = roles.role_of(account)
        _apply_role(account, role_obj, districts)
        log(
            instance=account,
            action="accounts.account.role_changed",
            user=user,
            data={
                "from": before.key if before else "",
                "to": role,
                "districts": [d.pk for d in districts],
            },
        )
    return account


def deactivate_account(account, *, user):
    """The account can no longer sign in, and every session it has stops at its next request
    (Django does not load an inactive user)."""
    if account.pk == user.pk:
        raise AccountError("You cannot deactivate your own account.")
    with transaction.atomic():
        account = get_user_model().objects.select_for_update().get(pk=account.pk)
        account.is_active = False
        account.save(update_fields=["is_active"])
        log(instance=account, action="accounts.account.deactivated", user=user)
    return account


def reactivate_account(account, *, user):
    with transaction.atomic():
        account = get_user_model().objects.select_for_update().get(pk=account.pk)
        account.is_active = True
        account.save(update_fields=["is_active"])
        log(instance=account, action="accounts.account.reactivated", user=user)
    return account


def reset_two_factor(account, *, user):
    """The two-factor recovery path: the coordinator removes the account's authenticator and
    recovery codes (the person lost their phone); at their next sign-in the admin asks them to
    set one up again. The person is told by email, through the engine."""
    with transaction.atomic():
        account = get_user_model().objects.select_for_update().get(pk=account.pk)
        TOTPDevice.objects.filter(user=account).delete()
        StaticDevice.objects.filter(user=account).delete()
        emails.send_two_factor_reset(account, user)
        log(instance=account, action="accounts.account.two_factor_reset", user=user)
    return account


def request_password_reset(email: str) -> None:
    """Promise the reset email for `email` after commit. The same work whether or not the
    address has an account (the lookup is the task's, `deliver_password_reset`), so neither the
    answer nor its time says which. Call it in the request's transaction."""
    from .tasks import send_password_reset

    promise_on_commit(send_password_reset, email.strip().lower())


def deliver_password_reset(email: str) -> int:
    """The task's work: a reset link to each active account with this address (usually one),
    through the engine. An unknown address gets nothing. Returns how many were sent."""
    minutes = settings.ACCOUNTS_PASSWORD_RESET_MINUTES
    users = get_user_model().objects.filter(email__iexact=email, is_active=True)
    sent = 0
    with transaction.atomic():
        for account in users:
            if not account.has_usable_password():
                continue
            token, token_digest = new_token()
            AccountToken.objects.create(
                user=account,
                purpose=AccountToken.Purpose.PASSWORD_RESET,
                token_digest=token_digest,
                expires_at=timezone.now() + timedelta(minutes=minutes),
            )
            emails.send_password_reset(account, token, minutes)
            log(instance=account, action="accounts.password.reset_sent")
            sent += 1
    return sent


def reset_token(token: str, *, lock=False) -> AccountToken:
    """The unused, unexpired reset link `token` opens, or BadLink."""
    rows = AccountToken.objects.select_for_update() if lock else AccountToken.objects
    row = (
        rows.filter(token_digest=digest(token), purpose=AccountToken.Purpose.PASSWORD_RESET)
        .select_related("user")
        .first()
    )
    if row is None or not row.user.is_active:
        raise BadLink("invalid")
    if row.used_at is not None:
        raise BadLink("used")
    if timezone.now() >= row.expires_at:
        raise BadLink("expired")
    return row


def reset_password(token: str, password: str):
    """Set the new password; this link and every other reset link of the account stop working,
    and so does every session signed in with the old password."""
    with transaction.atomic():
        row = reset_token(token, lock=True)
        account = row.user
        account.set_password(password)
        account.save(update_fields=["password"])
        AccountToken.objects.filter(user=account, used_at__isnull=True).update(
            used_at=timezone.now()
        )
        log(instance=account, action="accounts.password.reset", user=account)
    return account
