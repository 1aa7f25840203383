"""The named people of the tests, built in one place.

Each function builds one role as the product names it (PRODUCT.md): the coordinator, someone with
a login and no role, a district lead, a responder, an editor... The fixtures of the same names
live in tests/conftest.py (or, for a role only one app's tests use, in that app's conftest) and
call these. Everyone gets the same password, kept on the user as `raw_password` for tests that
sign in through the login form.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission

from tests.support import migrated

PASSWORD = "correct horse battery staple"


def make_person(
    username,
    *groups,
    email=None,
    perms=(),
    superuser=False,
    password=PASSWORD,
    **fields,
):
    """A user in `groups` (created if missing) with the permissions `perms` (codenames)."""
    user = get_user_model().objects.create_user(
        username, email if email is not None else f"{username}@example.org", password, **fields
    )
    if superuser:
        user.is_superuser = True
        user.save()
    for name in groups:
        group, created = Group.objects.get_or_create(name=name)
        if created:
            migrated.role_groups()  # after a live-server test's flush
        user.groups.add(group)
    for codename in perms:
        user.user_permissions.add(Permission.objects.get(codename=codename))
    user.raw_password = password
    return user


def make_coordinator(username="coordinator", **fields):
    """The partnership's coordinator: a plain member of the Coordinators group (no superuser
    flag), holding only what the group's permissions give (cms.roles_setup)."""
    fields.setdefault("first_name", "Casey")
    fields.setdefault("last_name", "Coordinator")
    fields.setdefault("is_staff", True)
    return make_person(username, "Coordinators", **fields)


def make_outsider(username="outsider", **fields):
    """Someone with a login but no role: an editor who must see nothing private."""
    return make_person(username, **fields)


def make_editor(username="editor", group="Editors", **fields):
    """An editor of the hub with admin access (Wagtail's `group`) and no place in the directory."""
    fields.setdefault("is_staff", True)
    editors, _ = Group.objects.get_or_create(name=group)
    editors.permissions.add(Permission.objects.get(codename="access_admin"))
    return make_person(username, group, **fields)


def make_district_lead(districts, username="rugby.lead", group="Editors", **fields):
    """Leads a community network: an editor who sees the contacts of `districts` only."""
    from networks.models import DirectoryScope

    lead = make_editor(username, group=group, **fields)
    DirectoryScope.objects.create(user=lead).districts.set(districts)
    return lead


def make_responder(username, districts=None, groups=("Responders",)):
    """A responder of the reports inbox, scoped to `districts` (all when None), with a TOTP
    device of the known key (tests/support/two_factor.py)."""
    from alerts.models import ResponderScope

    user = make_person(username, *groups, first_name=username.split(".")[0].title())
    if districts:
        ResponderScope.objects.create(user=user).districts.set(districts)
    _give_known_device(user)
    return user


def demo_responder(username):
    """A responder the demo seed created, given the password and a TOTP device of the known key."""
    user = get_user_model().objects.get(username=username)
    user.set_password(PASSWORD)
    user.save()
    _give_known_device(user)
    user.raw_password = PASSWORD
    return user


def _give_known_device(user):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from tests.support.two_factor import KNOWN_KEY

    TOTPDevice.objects.create(user=user, name="phone", key=KNOWN_KEY, confirmed=True)
