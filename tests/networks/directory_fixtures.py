"""The directory tests' districts, contacts and staff (built by tests/support/people.py)."""

import pytest

from networks.models import District
from tests.networks.factories import ContactFactory
from tests.support import people


@pytest.fixture
def rugby(db):
    return District.objects.get_or_create(name="Rugby", defaults={"slug": "rugby"})[0]


@pytest.fixture
def warwick(db):
    return District.objects.get_or_create(name="Warwick", defaults={"slug": "warwick"})[0]


@pytest.fixture
def district_lead(db, rugby):
    """Leads the Rugby community network: sees Rugby's contacts only."""
    return people.make_district_lead([rugby])


@pytest.fixture
def editor(db):
    """An editor of the hub with admin access and no place in the directory."""
    return people.make_editor()


@pytest.fixture
def rugby_contact(rugby):
    return ContactFactory(first_name="Rosa", last_name="Reyes", districts=[rugby])


@pytest.fixture
def warwick_contact(warwick):
    return ContactFactory(first_name="Quentin", last_name="Quinn", districts=[warwick])
