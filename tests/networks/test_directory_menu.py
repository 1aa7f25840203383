"""The Directory menu in the admin's sidebar: what each role is offered."""

import json
import re

import pytest

pytestmark = pytest.mark.django_db

COORDINATOR_ITEMS = [
    ("Contacts", "/admin/snippets/networks/contact/"),
    ("Organisations", "/admin/snippets/networks/organisation/"),
    ("Unmatched organisations", "/admin/directory/organisations/unmatched/"),
    ("Organisation aliases", "/admin/snippets/networks/organisationalias/"),
    ("Networks", "/admin/snippets/networks/network/"),
    ("Network memberships", "/admin/snippets/networks/networkmembership/"),
    ("Segments", "/admin/snippets/networks/segment/"),
    ("Import CSV", "/admin/directory/import/"),
    ("Duplicates", "/admin/directory/duplicates/"),
    ("Membership review", "/admin/directory/review/"),
    ("Suppression list", "/admin/snippets/networks/suppression/"),
    ("District leads", "/admin/snippets/networks/directoryscope/"),
    ("Districts", "/admin/snippets/networks/district/"),
    ("Roles", "/admin/snippets/networks/role/"),
]


def _walk(node):
    """Every (label, url, children) menu item in the sidebar's telepath-packed props."""
    if isinstance(node, dict):
        args = node.get("_args")
        if node.get("_type", "").startswith("wagtail.sidebar.") and args:
            first = args[0] if isinstance(args[0], dict) else {}
            if "label" in first:
                yield first, args[1] if len(args) > 1 else None
        for value in node.values():
            yield from _walk(value)
    elif isinstance(node, list):
        for value in node:
            yield from _walk(value)


def directory_menu(client, user):
    """The (label, url) items of the Directory submenu the user's sidebar offers, in order, or
    None when there is no Directory menu at all."""
    client.force_login(user)
    html = client.get("/admin/").content.decode()
    props = re.search(
        r'<script id="wagtail-sidebar-props" type="application/json">(.*?)</script>', html, re.S
    )
    data = json.loads(props.group(1))
    for item, children in _walk(data):
        if item["label"] == "Directory":
            return [(child["label"], child["url"]) for child, _ in _walk(children)]
    return None


def test_the_coordinator_is_offered_every_directory_screen_in_order(client, coordinator):
    assert directory_menu(client, coordinator) == COORDINATOR_ITEMS


def test_a_district_lead_is_offered_the_contacts_only(client, district_lead):
    assert directory_menu(client, district_lead) == [COORDINATOR_ITEMS[0]]


def test_an_editor_outside_the_directory_has_no_directory_menu(client, editor):
    assert directory_menu(client, editor) is None
