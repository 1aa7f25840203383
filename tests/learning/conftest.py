import pytest


@pytest.fixture
def admin_without_role(db, django_user_model):
    """A staff login that may open Wagtail's admin but holds no learning or directory role."""
    from django.contrib.auth.models import Permission

    user = django_user_model.objects.create_user("editor-only", "editor@example.org", "x")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    return user


@pytest.fixture
def board_member(db, django_user_model):
    """The board's read-only role: the take-up permission and nothing else."""
    from django.contrib.auth.models import Group, Permission

    group, _ = Group.objects.get_or_create(name="Board members")
    group.permissions.add(
        Permission.objects.get(codename="access_admin"),
        Permission.objects.get(codename="view_takeup_report"),
    )
    user = django_user_model.objects.create_user("board", "board@example.org", "x")
    user.groups.add(group)
    return user
