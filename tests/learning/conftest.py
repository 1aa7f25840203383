import pytest

from tests.support.people import make_person


@pytest.fixture
def admin_without_role(db):
    """A staff login that may open Wagtail's admin but holds no learning or directory role."""
    return make_person("editor-only", email="editor@example.org", perms=["access_admin"])


@pytest.fixture
def board_member(db):
    """The board's read-only role: the take-up permission and nothing else."""
    from django.contrib.auth.models import Group, Permission

    group, _ = Group.objects.get_or_create(name="Board members")
    group.permissions.add(
        Permission.objects.get(codename="access_admin"),
        Permission.objects.get(codename="view_takeup_report"),
    )
    return make_person("board", "Board members")
