"""Two-factor authentication for every staff account that can see partner or sensitive data.

Who must use it (`requires_two_factor`): superusers, members of the groups named in
settings.TWO_FACTOR_GROUPS (coordinators, board members), and anyone a higher app's
`requires_two_factor` Wagtail hook says yes for (district leads in networks, senders in
newsletters, responders in alerts). `core` imports no app, so the apps answer for themselves.
Such a user's admin stays closed (TwoFactorRequiredMiddleware) until a TOTP device is confirmed
and the session has passed it (or a one-time recovery code).
"""

from django.conf import settings

HOOK_NAME = "requires_two_factor"


def requires_two_factor(user) -> bool:
    if not (user and user.is_authenticated and user.is_active):
        return False
    cached = getattr(user, "_core_requires_two_factor", None)
    if cached is None:
        cached = _decide(user)
        user._core_requires_two_factor = cached
    return cached


def _decide(user) -> bool:
    if user.is_superuser:
        return True
    groups = settings.TWO_FACTOR_GROUPS
    if groups and user.groups.filter(name__in=groups).exists():
        return True
    from wagtail import hooks

    return any(check(user) for check in hooks.get_hooks(HOOK_NAME))
