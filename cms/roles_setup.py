"""What each role's groups may do in Django and Wagtail: the permissions that make a plain member
of a role's groups (`core.roles.groups_for`) able to do what docs/guarantees.md ("Roles and
two-factor") says the role does, with no superuser flag.

Much of what a role may do is decided by `core.roles` itself (the directory's, the inbox's,
returns' and learning's own policies ask `is_coordinator` / `is_responder`); the groups below
hold the rest: opening the admin, the named permissions the apps check (`can_send_newsletters`,
`can_send_alerts`, `view_board_dashboard`, …), collection permissions for images and documents,
and page permissions. Page permissions on the tree's root (the coordinator edits and publishes
any page: newsletters, events, training sessions, alerts, board reports, the hub) are given here;
those on a section's own page (the Alerts index for responders, the newsletter archive for the
newsletter approvers, the home page for the content editors and approvers) are given by the
seed that creates the section.

`grant_role_permissions(apps)` is run by the data migration `cms.0007_role_group_permissions`
(with the historical models) and again by `seed_demo` (a database emptied by a test or by hand).
It only adds: a permission given to a group by hand stays.
"""

from core import roles

# codename -> app label; looked up by both (a permission of a model that moved app keeps its
# codename, so a missing app label falls back to the codename alone).
ACCESS_ADMIN = ("wagtailadmin", "access_admin")
LIBRARY = [
    ("cms", f"{action}_{model}")
    for action in ("add", "change", "delete")
    for model in ("material", "materialaudience", "materialtopic", "acronym")
]


def model_permissions() -> dict[str, list[tuple[str, str]]]:
    responders = roles.responder_groups()[0]
    return {
        roles.coordinator_group(): [
            ACCESS_ADMIN,
            ("sending", "can_send_newsletters"),
            ("board", "view_board_dashboard"),
            ("learning", "view_takeup_report"),
            ("learning", "add_expectation"),
            ("learning", "change_expectation"),
            ("learning", "delete_expectation"),
            ("returns", "view_returns_report"),
            ("events", "manage_events"),
            ("core", "change_partnershipsettings"),
            # "Inbox settings → Routing rules": who is told of a new report (alerts).
            *[("alerts", f"{verb}_routingrule") for verb in ("view", "add", "change", "delete")],
            *LIBRARY,
        ],
        responders: [
            ACCESS_ADMIN,
            ("alerts", "add_replytemplate"),
            ("alerts", "change_replytemplate"),
            ("alerts", "view_replytemplate"),
        ],
        roles.POLICE_TEAM_GROUP: [ACCESS_ADMIN, ("alerts", "can_send_alerts")],
        roles.DISTRICT_LEADS_GROUP: [ACCESS_ADMIN],
        roles.BOARD_MEMBERS_GROUP: [
            ACCESS_ADMIN,
            ("board", "view_board_dashboard"),
            ("learning", "view_takeup_report"),
            ("returns", "view_returns_report"),
        ],
        roles.CONTENT_EDITORS_GROUP: [ACCESS_ADMIN, *LIBRARY],
        roles.CONTENT_APPROVERS_GROUP: [ACCESS_ADMIN, *LIBRARY],
        roles.NEWSLETTER_APPROVERS_GROUP: [ACCESS_ADMIN],
    }


MEDIA = [
    ("wagtailimages", "add_image"),
    ("wagtailimages", "change_image"),
    ("wagtailimages", "choose_image"),
    ("wagtaildocs", "add_document"),
    ("wagtaildocs", "change_document"),
    ("wagtaildocs", "choose_document"),
]
DOCUMENTS = [p for p in MEDIA if p[0] == "wagtaildocs"]


def collection_permissions() -> dict[str, list[tuple[str, str]]]:
    """On the root collection (so every collection)."""
    return {
        roles.coordinator_group(): MEDIA,
        roles.CONTENT_EDITORS_GROUP: DOCUMENTS,
        roles.CONTENT_APPROVERS_GROUP: DOCUMENTS,
    }


def root_page_permissions() -> dict[str, list[str]]:
    """On the tree's root page (so every page)."""
    return {
        roles.coordinator_group(): [
            "add_page",
            "change_page",
            "publish_page",
            "lock_page",
            "unlock_page",
        ]
    }


def _permission(Permission, app_label, codename):
    found = Permission.objects.filter(content_type__app_label=app_label, codename=codename).first()
    if found is None:
        found = Permission.objects.filter(codename=codename).order_by("pk").first()
    if found is None:
        raise LookupError(f"no permission {app_label}.{codename}")
    return found


def grant_role_permissions(apps=None) -> None:
    """Create every role's groups and give them the permissions above (only adds)."""
    if apps is None:
        from django.apps import apps
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    Collection = apps.get_model("wagtailcore", "Collection")
    Page = apps.get_model("wagtailcore", "Page")

    def group(name):
        return Group.objects.get_or_create(name=name)[0]

    for key in roles.ROLES:
        for name in roles.groups_for(key):
            group(name)
    for name, perms in model_permissions().items():
        group(name).permissions.add(*[_permission(Permission, *p) for p in perms])
    root_collection = Collection.objects.filter(depth=1).first()
    if root_collection is not None:
        for name, perms in collection_permissions().items():
            for perm in perms:
                GroupCollectionPermission.objects.get_or_create(
                    group=group(name),
                    collection=root_collection,
                    permission=_permission(Permission, *perm),
                )
    root_page = Page.objects.filter(depth=1).first()
    if root_page is not None:
        for name, codenames in root_page_permissions().items():
            for codename in codenames:
                GroupPagePermission.objects.get_or_create(
                    group=group(name),
                    page=root_page,
                    permission=_permission(Permission, "wagtailcore", codename),
                )
