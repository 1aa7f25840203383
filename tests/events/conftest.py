"""The events tests' fixtures; the builders live in tests/support/events.py."""

import pytest

from tests.support.events import make_event


@pytest.fixture
def event(db):
    return make_event()
