"""Fixtures of the staff-accounts tests: a coordinator signed in with two-factor and a way to
read the link out of the email the engine sent."""

import re

import pytest
from django.core import mail

from networks.models import District


@pytest.fixture
def coordinator_client(client, coordinator):
    client.force_login(coordinator)  # password and code (tests/conftest.py)
    return client


@pytest.fixture
def rugby(db):
    return District.objects.get_or_create(name="Rugby")[0]


def link_in(message, kind="invitation") -> str:
    """The path of the one account link in `message`'s text part, checked against its HTML."""
    found = re.findall(rf"https?://[^/\s]+(/account/{kind}/[A-Za-z0-9_-]+/)", message.body)
    assert len(set(found)) == 1, message.body
    html = message.alternatives[0][0]
    assert found[0] in html
    return found[0]


def sent_to(address):
    return [m for m in mail.outbox if address in m.to]
