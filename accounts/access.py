"""Who may manage staff accounts: a coordinator whose session has passed two-factor. Everyone
else gets 404 from every accounts screen (the same answer as a page that does not exist)."""

from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef, Q
from django.http import Http404
from django_otp.plugins.otp_totp.models import TOTPDevice

from core.roles import is_coordinator

from . import roles
from .models import Invitation


def can_manage_accounts(user) -> bool:
    return bool(is_coordinator(user) and getattr(user, "is_verified", lambda: False)())


def require_account_manager(user) -> None:
    if not can_manage_accounts(user):
        raise Http404("Not found.")


def staff_accounts():
    """Every account that holds a role, or staff or superuser rights, with `has_two_factor`."""
    return (
        get_user_model()
        .objects.filter(
            Q(groups__name__in=roles.role_groups()) | Q(is_staff=True) | Q(is_superuser=True)
        )
        .distinct()
        .annotate(
            has_two_factor=Exists(TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True)),
        )
        .prefetch_related("groups")
    )


def account_role(account):
    """The role of an account read by `staff_accounts()` (its groups already fetched)."""
    account._core_role_groups = frozenset(g.name for g in account.groups.all())
    return roles.role_of(account)


def get_account_for_user(user, pk):
    require_account_manager(user)
    try:
        return staff_accounts().get(pk=pk)
    except (get_user_model().DoesNotExist, ValueError, TypeError):
        raise Http404("Not found.") from None


def get_invitation_for_user(user, pk) -> Invitation:
    require_account_manager(user)
    try:
        return Invitation.objects.get(pk=pk)
    except (Invitation.DoesNotExist, ValueError, TypeError):
        raise Http404("Not found.") from None
