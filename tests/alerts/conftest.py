"""People and helpers of the inbox tests: the police officer (a responder who sees every
district), the Rugby responder (scoped to Rugby), and OTP-verified clients for them."""

import pytest

from networks.models import District
from tests.support.people import demo_responder
from tests.support.two_factor import verified_client


@pytest.fixture(autouse=True)
def _private_root(settings, tmp_path):
    """Files go to a temporary folder (the cache is emptied for every test: tests/conftest.py)."""
    settings.ALERTS_PRIVATE_ROOT = tmp_path / "private"


@pytest.fixture
def districts(demo_site):
    return {d.name: d for d in District.objects.all()}


@pytest.fixture
def police_officer(demo_site):
    """Pat Officer of the police Prevent team: sees every district (seeded by seed_demo)."""
    return demo_responder("police.officer")


@pytest.fixture
def rugby_responder(demo_site):
    """Robin Responder: a responder scoped to Rugby (seeded by seed_demo)."""
    return demo_responder("rugby.responder")


@pytest.fixture
def officer_client(client, police_officer):
    return verified_client(client, police_officer)


from .alert_support import alert, people  # noqa: E402, F401  (fixtures of the alert tests)
