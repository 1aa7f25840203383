"""The named staff people of the directory tests."""

import pytest

from networks.models import DirectoryScope, District
from tests.networks.factories import ContactFactory


@pytest.fixture
def rugby(db):
    return District.objects.get_or_create(name="Rugby", defaults={"slug": "rugby"})[0]


@pytest.fixture
def warwick(db):
    return District.objects.get_or_create(name="Warwick", defaults={"slug": "warwick"})[0]


@pytest.fixture
def district_lead(db, django_user_model, rugby):
    """Leads the Rugby community network: sees Rugby's contacts only."""
    user = django_user_model.objects.create_user(
        "rugby.lead", "rugby.lead@example.org", "correct horse battery staple", is_staff=True
    )
    from django.contrib.auth.models import Group, Permission

    # A Wagtail editor: may log in to the admin, but has no directory permission of its own.
    editors, _ = Group.objects.get_or_create(name="Editors")
    editors.permissions.add(Permission.objects.get(codename="access_admin"))
    user.groups.add(editors)
    scope = DirectoryScope.objects.create(user=user)
    scope.districts.set([rugby])
    return user


@pytest.fixture
def editor(db, django_user_model):
    """An editor of the hub with admin access and no place in the directory."""
    from django.contrib.auth.models import Group, Permission

    user = django_user_model.objects.create_user(
        "editor", "editor@example.org", "correct horse battery staple", is_staff=True
    )
    editors, _ = Group.objects.get_or_create(name="Editors")
    editors.permissions.add(Permission.objects.get(codename="access_admin"))
    user.groups.add(editors)
    return user


@pytest.fixture
def rugby_contact(rugby):
    return ContactFactory(first_name="Rosa", last_name="Reyes", districts=[rugby])


@pytest.fixture
def warwick_contact(warwick):
    return ContactFactory(first_name="Quentin", last_name="Quinn", districts=[warwick])
