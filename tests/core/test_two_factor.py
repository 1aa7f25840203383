"""Two-factor authentication for every staff account that sees partner or sensitive data:
set up on first sign-in, the admin closed until it is done, recovery codes that work once, and a
password alone opening nothing."""

import re

import pytest
from django.contrib.auth.models import Group, Permission
from django_otp.plugins.otp_totp.models import TOTPDevice
from wagtail.models import ModelLogEntry

from core.twofactor import requires_two_factor
from core.twofactor.actions import confirm_totp_device, start_totp_enrolment
from networks.models import DirectoryScope, District
from tests.networks.factories import ContactFactory
from tests.support.people import make_editor, make_person
from tests.support.two_factor import password_only_login, totp_token

PARTNER_AND_SENSITIVE = (
    "/admin/",
    "/admin/snippets/networks/contact/",
    "/admin/snippets/networks/contact/?export=csv",
    "/admin/snippets/choose/networks/contact/results/",
    "/admin/snippets/networks/suppression/",
    "/admin/directory/import/",
    "/admin/alerts/",
)


@pytest.fixture(autouse=True)
def _no_throttle(settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # django-otp slows retries after a wrong code
    settings.OTP_STATIC_THROTTLE_FACTOR = 0


@pytest.fixture
def contact(db):
    rugby = District.objects.get_or_create(name="Rugby", defaults={"slug": "rugby"})[0]
    return ContactFactory(first_name="Ottoline", last_name="Partner", districts=[rugby])


def _enrolled(user) -> list[str]:
    device = start_totp_enrolment(user)
    return confirm_totp_device(user, device, totp_token(device))


def test_the_coordinator_sets_up_two_factor_on_first_sign_in(client, coordinator, contact):
    signed_in = client.post(
        "/admin/login/", {"username": "coordinator", "password": coordinator.raw_password}
    )
    assert signed_in.status_code == 302

    closed = client.get("/admin/snippets/networks/contact/")
    assert closed.status_code == 302
    assert closed["Location"].startswith("/admin/2fa/setup/?next=")
    setup = client.get(closed["Location"]).content.decode()
    assert "otpauth://totp/" in setup and "Ottoline" not in setup
    device = TOTPDevice.objects.get(user=coordinator, confirmed=False)

    wrong = client.post(closed["Location"], {"token": "000000"})
    assert "did not match" in wrong.content.decode()
    done = client.post(closed["Location"], {"token": totp_token(device)})

    codes = re.findall(r"<li><code>(\w+)</code></li>", done.content.decode())
    assert done.status_code == 200 and len(codes) == 10
    assert 'href="/admin/snippets/networks/contact/"' in done.content.decode()
    listing = client.get("/admin/snippets/networks/contact/")
    assert listing.status_code == 200 and "Ottoline" in listing.content.decode()
    assert ModelLogEntry.objects.filter(action="core.two_factor.enrolled").count() == 1


def test_a_stolen_password_alone_opens_nothing(client, coordinator, contact):
    _enrolled(coordinator)
    password_only_login(client, coordinator)

    for url in PARTNER_AND_SENSITIVE:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/admin/2fa/verify/"), url
        assert "Ottoline" not in response.content.decode()
    assert client.post("/admin/2fa/verify/", {"token": "123456"}).status_code == 200
    assert client.get("/admin/snippets/networks/contact/").status_code == 302
    assert ModelLogEntry.objects.filter(action="core.two_factor.failed").exists()


def test_areas_stay_closed_until_set_up_is_finished(client, coordinator, contact):
    password_only_login(client, coordinator)
    client.get("/admin/2fa/setup/")  # the secret is shown, but no code confirmed yet

    for url in PARTNER_AND_SENSITIVE:
        response = client.get(url)
        assert response.status_code == 302 and "/admin/2fa/setup/" in response["Location"], url


def test_a_recovery_code_signs_in_once(client, coordinator, contact):
    code = _enrolled(coordinator)[0]

    password_only_login(client, coordinator)
    used = client.post("/admin/2fa/verify/?next=/admin/snippets/networks/contact/", {"token": code})
    assert used.status_code == 302 and used["Location"] == "/admin/snippets/networks/contact/"
    assert "Ottoline" in client.get(used["Location"]).content.decode()
    assert ModelLogEntry.objects.filter(action="core.two_factor.recovery_code_used").count() == 1

    client.logout()
    password_only_login(client, coordinator)
    again = client.post("/admin/2fa/verify/", {"token": code})
    assert again.status_code == 200 and "did not match" in again.content.decode()
    assert client.get("/admin/snippets/networks/contact/").status_code == 302


def test_an_editor_without_partner_data_is_not_asked(client, django_user_model):
    editor = make_editor("hub.editor", group="Content editors", email="", is_staff=False)
    password_only_login(client, editor)

    assert client.get("/admin/").status_code == 200
    assert not TOTPDevice.objects.filter(user=editor).exists()


@pytest.mark.parametrize(
    "role, needs",
    [
        ("superuser", True),
        ("coordinator group", True),
        ("board member", True),
        ("district lead", True),
        ("sender", True),
        ("responder", True),
        ("content editor", False),
        ("newsletter approver", False),
    ],
)
def test_who_must_use_two_factor(django_user_model, role, needs):
    user = make_person(role.replace(" ", "."), email="")
    groups = {
        "coordinator group": "Coordinators",
        "board member": "Board members",
        "responder": "Responders",
        "content editor": "Content editors",
        "newsletter approver": "Newsletter approvers",
    }
    if role == "superuser":
        user.is_superuser = True
        user.save()
    elif role == "district lead":
        rugby = District.objects.get_or_create(name="Rugby", defaults={"slug": "rugby"})[0]
        DirectoryScope.objects.create(user=user).districts.set([rugby])
    elif role == "sender":
        user.user_permissions.add(Permission.objects.get(codename="can_send_newsletters"))
    else:
        user.groups.add(Group.objects.get_or_create(name=groups[role])[0])

    assert requires_two_factor(django_user_model.objects.get(pk=user.pk)) is needs
