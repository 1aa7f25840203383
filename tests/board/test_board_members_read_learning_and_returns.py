"""The "Board members" group (board migrations 0002 and 0003) reads the take-up report and the
returns' figures and plan progress, with disclosed figures, and can change nothing there."""

import datetime as dt
import importlib

import pytest
from django.apps import apps
from django.contrib.auth.models import Group, Permission

from learning.models import Completion
from returns.models import Plan, Return
from tests.support.learning import completion, district, organisation
from tests.support.returns import custom_return

pytestmark = pytest.mark.django_db
BOARD_GROUP = "Board members"
READ_ONLY = {
    "wagtailadmin.access_admin",
    "board.view_board_dashboard",
    "learning.view_takeup_report",
    "returns.view_returns_report",
}


def _migration():
    return importlib.import_module("board.migrations.0003_board_members_read_takeup_and_returns")


@pytest.fixture
def board_group():
    """The group as migrations 0002 (the admin and the dashboard) and 0003 leave it, built again
    here from 0003's own code (a flushing test elsewhere may have emptied the table)."""
    group, _ = Group.objects.get_or_create(name=BOARD_GROUP)
    group.permissions.set(
        [
            Permission.objects.get(codename="access_admin"),
            Permission.objects.get(codename="view_board_dashboard"),
        ]
    )
    _migration().grant(apps, None)
    return group


@pytest.fixture
def board_member(board_group, django_user_model):
    user = django_user_model.objects.create_user("board", "board@example.org", "x")
    user.groups.add(board_group)
    return user


@pytest.fixture
def figures():
    """Q1 2026–27: three level 1 completions at Rugby Borough Council; a sent return."""
    rugby = district("Rugby")
    council = organisation("Rugby Borough Council", "local_authority", [rugby])
    for i in range(3):
        completion(1, dt.date(2026, 5, 1), organisation=council, district=rugby, email=f"{i}@x")
    return custom_return(title="A sent return", due_on=dt.date(2026, 6, 14), state="sent")


def test_the_board_group_holds_only_permissions_to_read(board_group):
    held = {f"{p.content_type.app_label}.{p.codename}" for p in board_group.permissions.all()}
    assert held == READ_ONLY
    assert not any(p.split(".")[1].startswith(("add_", "change_", "delete_")) for p in held)


def test_the_migration_makes_the_permissions_it_grants_when_none_exist_yet(board_group):
    Permission.objects.filter(codename__in=["view_takeup_report", "view_returns_report"]).delete()
    _migration().grant(apps, None)
    board_group.refresh_from_db()
    assert {p.codename for p in board_group.permissions.all()} >= {
        "view_takeup_report",
        "view_returns_report",
    }
    _migration().revoke(apps, None)
    assert not board_group.permissions.filter(codename="view_takeup_report").exists()


def test_a_board_member_reads_the_take_up_report_disclosed(client, board_member, figures):
    client.force_login(board_member)
    page = client.get("/admin/learning/take-up/", {"quarter": "2026-Q1"})
    assert page.status_code == 200
    body = page.content.decode()
    assert "Figures are protected" in body and "Exact figures" not in body
    assert "1–7" in body  # the three completions
    csv = client.get("/admin/learning/take-up.csv", {"quarter": "2026-Q1"})
    assert csv.status_code == 200
    assert "1–7" in b"".join(csv.streaming_content).decode()


def test_a_board_member_reads_the_returns_figures_and_progress(client, board_member, figures):
    client.force_login(board_member)
    page = client.get("/admin/returns/figures/", {"quarters": 12})
    assert page.status_code == 200
    assert "Figures are exact" not in page.content.decode()
    assert client.get("/admin/returns/figures.csv").status_code == 200
    assert client.get("/admin/returns/progress/").status_code == 200


def test_a_board_member_changes_nothing(client, board_member, figures):
    plan = Plan.objects.create(
        name="Plan", starts_on=dt.date(2026, 4, 1), ends_on=dt.date(2027, 3, 31)
    )
    client.force_login(board_member)
    for url in (
        "/admin/learning/import/",
        "/admin/returns/",
        "/admin/returns/new/",
        f"/admin/returns/{figures.pk}/status/",
    ):
        assert client.get(url).status_code == 404, url
    assert client.post("/admin/learning/import/", {}).status_code == 404
    assert client.post("/admin/returns/new/", {"title": "Mine"}).status_code == 404
    assert client.post(f"/admin/returns/{figures.pk}/send/", {}).status_code == 404
    assert client.post(f"/admin/returns/plans/{plan.pk}/copy/", {}).status_code == 404
    edit = client.get(f"/admin/snippets/returns/plan/edit/{plan.pk}/")
    assert edit.status_code in (302, 403, 404)
    assert Completion.objects.count() == 3
    assert Return.objects.count() == 1 and Return.objects.get().state == "sent"
    assert Plan.objects.count() == 1
