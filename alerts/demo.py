"""Demo data of the inbox and alerts, loaded by `manage.py seed_demo` (idempotent).

The people are examples; their names and districts are data. They get a usable password only
when DEMO_PASSWORD is set (the same as the demo coordinator's), else none.
"""

import os

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from wagtail.models import GroupPagePermission, Page

from core import roles
from networks.partner_pages import restrict_to_partners

from .models import AlertsIndexPage, ReplyTemplate, ResponderScope, RoutingRule

RESPONDERS = roles.responder_groups()[0] if roles.responder_groups() else "Responders"
POLICE_TEAM = roles.POLICE_TEAM_GROUP

PEOPLE = [
    # username, first, last, email, groups, scoped districts (None: all)
    (
        "police.officer",
        "Pat",
        "Officer",
        "police.officer@example.org",
        [RESPONDERS, POLICE_TEAM],
        None,
    ),
    (
        "rugby.responder",
        "Robin",
        "Responder",
        "rugby.responder@example.org",
        [RESPONDERS],
        ["Rugby"],
    ),
]

REPLY_TEMPLATES = [
    (
        "Thank you: we are looking into it",
        "Thank you for telling us. We have read your report and the team is looking into it. "
        "We will reply here if we need anything else or have something to tell you.",
    ),
    (
        "Thank you: shared with partners",
        "Thank you for your report. We have shared the information with the partners who can act "
        "on it. If anything changes, please add to this report.",
    ),
    (
        "Please tell us more",
        "Thank you for your report. It would help us to know more: when and where did this "
        "happen, and is it still happening?",
    ),
]


def _groups():
    """The groups; their permissions are the role table's (cms.roles_setup): the police Prevent
    team sends alerts, a district responder can be given the permission too and then sends only
    within their districts (alerts.permissions)."""
    responders, _ = Group.objects.get_or_create(name=RESPONDERS)
    police, _ = Group.objects.get_or_create(name=POLICE_TEAM)
    return {RESPONDERS: responders, POLICE_TEAM: police}


def _people(groups, districts):
    User = get_user_model()
    password = os.environ.get("DEMO_PASSWORD")
    people = {}
    for username, first, last, email, group_names, scoped in PEOPLE:
        user, created = User.objects.get_or_create(
            username=username, defaults={"first_name": first, "last_name": last, "email": email}
        )
        if created:
            if password:
                user.set_password(password)
            else:
                user.set_unusable_password()
            user.save()
        user.groups.add(*[groups[name] for name in group_names])
        if scoped:
            scope, _ = ResponderScope.objects.get_or_create(user=user)
            scope.districts.set([districts[name] for name in scoped])
        people[username] = user
    return people


def _alerts_index(home, groups):
    index = AlertsIndexPage.objects.first()
    if index is None:
        index = AlertsIndexPage(
            title="Alerts",
            slug="alerts",
            intro="<p>Alerts about emerging issues for the partnership's leads and networks. "
            "Only the partnership's partners can read them.</p>",
            show_in_menus=False,
        )
        home.add_child(instance=index)
        index.save_revision().publish()
    restrict_to_partners(index)
    for permission_type in ("add", "change", "publish"):
        permission = Permission.objects.get(
            content_type=ContentType.objects.get_for_model(Page),
            codename=f"{permission_type}_page",
        )
        GroupPagePermission.objects.get_or_create(
            group=groups[RESPONDERS], page=index, permission=permission
        )
    return index


def seed_alerts_demo(home, districts) -> None:
    groups = _groups()
    _people(groups, districts)
    for title, body in REPLY_TEMPLATES:
        ReplyTemplate.objects.get_or_create(title=title, defaults={"body": body})
    rule, created = RoutingRule.objects.get_or_create(
        name="Community tension: police Prevent team, urgent",
        defaults={"kind": "tension", "urgent": True},
    )
    if created:
        rule.notify_groups.add(groups[POLICE_TEAM])
    _alerts_index(home, groups)
