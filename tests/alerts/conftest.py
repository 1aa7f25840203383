"""People and helpers of the inbox tests: the police officer (a responder who sees every
district), the Rugby responder (scoped to Rugby), and OTP-verified clients for them."""

import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache
from django_otp.plugins.otp_totp.models import TOTPDevice

from alerts.models import ResponderScope
from networks.models import District
from tests.support.two_factor import KNOWN_KEY, mark_verified, totp_token  # noqa: F401


@pytest.fixture(autouse=True)
def _fresh_cache_and_private_root(settings, tmp_path):
    """Rate-limit counters must not leak between tests; files go to a temporary folder."""
    cache.clear()
    settings.ALERTS_PRIVATE_ROOT = tmp_path / "private"
    yield
    cache.clear()


def make_responder(django_user_model, username, districts=None, groups=("Responders",)):
    user = django_user_model.objects.create_user(
        username,
        f"{username}@example.org",
        "correct horse battery staple",
        first_name=username.split(".")[0].title(),
    )
    for name in groups:
        user.groups.add(Group.objects.get_or_create(name=name)[0])
    if districts:
        scope = ResponderScope.objects.create(user=user)
        scope.districts.set(districts)
    TOTPDevice.objects.create(user=user, name="phone", key=KNOWN_KEY, confirmed=True)
    user.raw_password = "correct horse battery staple"
    return user


@pytest.fixture
def districts(demo_site):
    return {d.name: d for d in District.objects.all()}


def demo_responder(django_user_model, username):
    """A responder the demo seed created, given a password and a TOTP device with a known key."""
    user = django_user_model.objects.get(username=username)
    user.set_password("correct horse battery staple")
    user.save()
    TOTPDevice.objects.create(user=user, name="phone", key=KNOWN_KEY, confirmed=True)
    user.raw_password = "correct horse battery staple"
    return user


@pytest.fixture
def police_officer(demo_site, django_user_model):
    """Pat Officer of the police Prevent team: sees every district (seeded by seed_demo)."""
    return demo_responder(django_user_model, "police.officer")


@pytest.fixture
def rugby_responder(demo_site, django_user_model):
    """Robin Responder: a responder scoped to Rugby (seeded by seed_demo)."""
    return demo_responder(django_user_model, "rugby.responder")


def verified_client(client, user):
    """Sign `user` in and mark the session as OTP-verified with their TOTP device."""
    client.force_login(user)
    mark_verified(client, user)
    return client


@pytest.fixture
def officer_client(client, police_officer):
    return verified_client(client, police_officer)


from .alert_support import people  # noqa: E402, F401  (fixture of the alert-sending tests)
