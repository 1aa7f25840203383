"""Staff accounts in the admin: the coordinators' screen and the log codes of every change."""

from wagtail import hooks

from core.log_codes import register_log_codes

from .viewsets import StaffAccountsViewSet

LOG_ACTIONS = {
    "accounts.invitation.sent": ("Invitation sent", "Invited to a staff account"),
    "accounts.invitation.resent": ("Invitation resent", "Sent the invitation again, new link"),
    "accounts.invitation.cancelled": ("Invitation cancelled", "Cancelled the invitation"),
    "accounts.invitation.accepted": ("Invitation accepted", "Accepted the invitation"),
    "accounts.account.created": ("Account created", "Created the account from an invitation"),
    "accounts.account.role_changed": ("Role changed", "Changed the account's role"),
    "accounts.account.deactivated": ("Account deactivated", "Deactivated the account"),
    "accounts.account.reactivated": ("Account reactivated", "Reactivated the account"),
    "accounts.account.two_factor_reset": ("Two-factor reset", "Removed the two-factor devices"),
    "accounts.password.reset_sent": ("Password reset sent", "Emailed a password reset link"),
    "accounts.password.reset": ("Password reset", "Chose a new password with a reset link"),
}

register_log_codes(LOG_ACTIONS)


@hooks.register("register_admin_viewset")
def register_staff_accounts():
    return StaffAccountsViewSet()
