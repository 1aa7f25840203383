"""Staff accounts by invitation (#21): the coordinator invites, the email goes through the
engine once, the link works once and only until it expires, and the account gets the role."""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client
from django.utils import timezone
from wagtail.models import ModelLogEntry

from accounts.models import Invitation, digest
from alerts.models import ResponderScope
from core import idempotency
from sending.models import Delivery
from tests.support import people

from .conftest import link_in, sent_to

pytestmark = pytest.mark.django_db
NEW_PASSWORD = "a long and quite unguessable passphrase"


def invite(client, capture, email="bea.board@example.org", role="board_member", key=None, **extra):
    data = {
        "email": email,
        "first_name": "Bea",
        "role": role,
        "idempotency_key": key or idempotency.new_key(),
        **extra,
    }
    with capture(execute=True):
        return client.post("/admin/accounts/invite/", data)


def accept(client, path, password=NEW_PASSWORD):
    return client.post(
        path,
        {
            "first_name": "Bea",
            "last_name": "Board",
            "new_password1": password,
            "new_password2": password,
        },
    )


def test_an_invitation_is_one_delivery_with_a_link_that_names_nobody(
    coordinator_client, coordinator, django_capture_on_commit_callbacks
):
    response = invite(coordinator_client, django_capture_on_commit_callbacks)

    invitation = Invitation.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/admin/accounts/invitations/{invitation.pk}/"
    delivery = Delivery.objects.get(email="bea.board@example.org")
    assert delivery.state == "sent" and invitation.last_delivery_id == delivery.pk
    [message] = sent_to("bea.board@example.org")
    assert message.subject.startswith("Your staff account of")
    path = link_in(message)
    token = path.rstrip("/").rsplit("/", 1)[1]
    # A random value (no signed payload, nothing to decode); the row keeps only its digest.
    assert len(token) >= 40 and ":" not in token
    assert invitation.token_digest == digest(token) != token
    assert "board member" in message.body and "board member" in message.alternatives[0][0]
    entry = ModelLogEntry.objects.get(action="accounts.invitation.sent")
    assert entry.user_id == coordinator.pk
    listing = coordinator_client.get("/admin/accounts/invitations/").content.decode()
    rows = listing[listing.index('<table class="listing"') :].split("<tr")
    row = next(r for r in rows if "bea.board@example.org" in r)
    assert "Board member" in row and "Waiting" in row and "Sent" in row


def test_a_double_submitted_invitation_sends_one_email(
    coordinator_client, django_capture_on_commit_callbacks
):
    key = idempotency.new_key()
    first = invite(coordinator_client, django_capture_on_commit_callbacks, key=key)
    second = invite(coordinator_client, django_capture_on_commit_callbacks, key=key)

    assert first["Location"] == second["Location"]
    assert Invitation.objects.count() == 1
    assert Delivery.objects.filter(email="bea.board@example.org").count() == 1
    assert len(sent_to("bea.board@example.org")) == 1


def test_a_second_invitation_to_a_waiting_address_is_refused(
    coordinator_client, django_capture_on_commit_callbacks
):
    invite(coordinator_client, django_capture_on_commit_callbacks)
    response = invite(coordinator_client, django_capture_on_commit_callbacks)

    assert response.status_code == 200
    assert "already has an invitation waiting" in response.content.decode()
    assert len(sent_to("bea.board@example.org")) == 1


def test_a_district_role_needs_a_district(coordinator_client, django_capture_on_commit_callbacks):
    response = invite(coordinator_client, django_capture_on_commit_callbacks, role="district_lead")

    assert response.status_code == 200
    assert "needs at least one district" in response.content.decode()
    assert not Invitation.objects.exists() and not mail.outbox


def test_the_invited_person_sets_a_password_and_gets_the_role(
    client, coordinator_client, django_capture_on_commit_callbacks, rugby
):
    invite(
        coordinator_client,
        django_capture_on_commit_callbacks,
        email="robin.r@example.org",
        role="district_responder",
        districts=[rugby.pk],
    )
    path = link_in(sent_to("robin.r@example.org")[0])
    coordinator_client.logout()

    page = client.get(path)
    assert page.status_code == 200 and "district responder" in page.content.decode()
    response = accept(client, path)

    assert response.status_code == 302
    assert response["Location"].startswith("/admin/2fa/setup/")
    user = get_user_model().objects.get(email="robin.r@example.org")
    assert user.check_password(NEW_PASSWORD)
    assert set(user.groups.values_list("name", flat=True)) == {"Responders"}
    assert list(ResponderScope.objects.get(user=user).districts.all()) == [rugby]
    assert Invitation.objects.get().state == "accepted"
    # Signed in, and the admin asks for two-factor before anything else.
    assert client.get("/admin/").status_code == 302


def test_a_used_link_opens_nothing(client, coordinator_client, django_capture_on_commit_callbacks):
    invite(coordinator_client, django_capture_on_commit_callbacks)
    path = link_in(sent_to("bea.board@example.org")[0])
    coordinator_client.logout()
    accept(client, path)
    client.logout()

    again = accept(client, path, password="another long passphrase entirely")

    assert again.status_code == 410
    assert "used already" in again.content.decode()
    user = get_user_model().objects.get(email="bea.board@example.org")
    assert user.check_password(NEW_PASSWORD)
    assert get_user_model().objects.filter(email="bea.board@example.org").count() == 1


def test_an_expired_link_opens_nothing(
    client, coordinator_client, django_capture_on_commit_callbacks
):
    invite(coordinator_client, django_capture_on_commit_callbacks)
    path = link_in(sent_to("bea.board@example.org")[0])
    Invitation.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    coordinator_client.logout()

    response = accept(client, path)

    assert response.status_code == 410 and "expired" in response.content.decode()
    assert not get_user_model().objects.filter(email="bea.board@example.org").exists()


@pytest.mark.parametrize(
    "path",
    [
        "/account/invitation/forged-token-of-the-right-shape-abcdefghijklmnop/",
        "/account/invitation/1/",
    ],
)
def test_a_forged_link_opens_nothing(
    client, coordinator_client, django_capture_on_commit_callbacks, path
):
    invite(coordinator_client, django_capture_on_commit_callbacks)
    coordinator_client.logout()

    assert client.get(path).status_code == 404
    assert accept(client, path).status_code == 404
    assert not get_user_model().objects.filter(email="bea.board@example.org").exists()


def test_a_resent_invitation_voids_the_first_link_and_a_cancelled_one_voids_all(
    client, coordinator_client, django_capture_on_commit_callbacks
):
    invite(coordinator_client, django_capture_on_commit_callbacks)
    invitation = Invitation.objects.get()
    first = link_in(sent_to("bea.board@example.org")[0])
    with django_capture_on_commit_callbacks(execute=True):
        coordinator_client.post(f"/admin/accounts/invitations/{invitation.pk}/resend/")
    second = link_in(sent_to("bea.board@example.org")[1])
    assert first != second
    assert client.get(first).status_code == 404
    assert client.get(second).status_code == 200

    coordinator_client.post(f"/admin/accounts/invitations/{invitation.pk}/cancel/")

    assert client.get(second).status_code == 404
    assert Delivery.objects.filter(email="bea.board@example.org").count() == 2
    codes = set(ModelLogEntry.objects.values_list("action", flat=True))
    assert {"accounts.invitation.resent", "accounts.invitation.cancelled"} <= codes


def test_the_screen_lists_role_last_sign_in_and_two_factor(coordinator_client, coordinator, rugby):
    lead = people.make_district_lead([rugby], username="lee.lead", group="Content editors")
    board = people.make_person("bea", "Board members", first_name="Bea", last_name="Board")
    people._give_known_device(board)
    board.last_login = timezone.now()
    board.save()

    page = coordinator_client.get("/admin/accounts/").content.decode()

    assert "Staff accounts" in page
    table = page[page.index('<table class="listing"') :]
    rows = {row.split("</tr>")[0] for row in table.split("<tr")}
    bea = next(r for r in rows if "bea@example.org" in r)
    assert "Board member" in bea and "Set up" in bea and "Never" not in bea
    lee = next(r for r in rows if "lee.lead@example.org" in r)
    assert "District lead" in lee and "Not set up" in lee
    assert lead.pk


def test_a_role_change_takes_the_old_role_away(coordinator_client, rugby):
    user = people.make_responder("rob.responder", districts=[rugby])

    response = coordinator_client.post(f"/admin/accounts/{user.pk}/", {"role": "board_member"})

    assert response.status_code == 302
    assert set(user.groups.values_list("name", flat=True)) == {"Board members"}
    assert not ResponderScope.objects.filter(user=user).exists()
    entry = ModelLogEntry.objects.get(action="accounts.account.role_changed")
    assert entry.data["from"] == "district_responder" and entry.data["to"] == "board_member"


def test_deactivation_ends_the_accounts_session_at_once(coordinator_client):
    board = people.make_person("bea", "Board members")
    client = Client()
    client.force_login(board)
    assert client.get("/admin/board/").status_code == 200

    coordinator_client.post(f"/admin/accounts/{board.pk}/deactivate/")

    assert client.get("/admin/board/").status_code == 302  # to sign-in
    assert not client.login(username="bea", password=people.PASSWORD)
    assert ModelLogEntry.objects.filter(action="accounts.account.deactivated").count() == 1


def test_a_two_factor_reset_removes_the_devices_and_tells_the_person_through_the_engine(
    coordinator_client, django_capture_on_commit_callbacks
):
    board = people.make_person("bea", "Board members")
    people._give_known_device(board)

    with django_capture_on_commit_callbacks(execute=True):
        coordinator_client.post(f"/admin/accounts/{board.pk}/reset-two-factor/")

    assert not board.totpdevice_set.exists()
    assert Delivery.objects.get(email="bea@example.org").state == "sent"
    [message] = sent_to("bea@example.org")
    assert "reset the two-factor sign-in" in message.body


@pytest.mark.parametrize(
    "who", ["outsider", "editor", "board", "responder", "password_only_coordinator"]
)
def test_nobody_but_a_coordinator_with_two_factor_sees_the_screen(client, coordinator, who, rugby):
    from tests.support.two_factor import password_only_login

    target = people.make_person("bea", "Board members")
    invitation = Invitation.objects.create(
        email="x@example.org",
        role="editor",
        token_digest="d" * 64,
        idempotency_key="k" * 32,
        expires_at=timezone.now() + timedelta(days=1),
    )
    if who == "password_only_coordinator":
        password_only_login(client, coordinator)
    else:
        user = {
            "outsider": lambda: people.make_outsider(),
            "editor": lambda: people.make_editor(),
            "board": lambda: people.make_person("bo", "Board members"),
            "responder": lambda: people.make_responder("r.one", districts=[rugby]),
        }[who]()
        client.force_login(user)
    urls = [
        "/admin/accounts/",
        "/admin/accounts/invitations/",
        "/admin/accounts/invite/",
        f"/admin/accounts/{target.pk}/",
        f"/admin/accounts/invitations/{invitation.pk}/",
    ]
    for url in urls:
        response = client.get(url)
        if who == "password_only_coordinator":
            assert response["Location"].startswith("/admin/2fa/"), url
        elif who == "outsider":  # no admin access: Wagtail's sign-in redirect
            assert response["Location"].startswith("/admin/login/"), url
        else:
            assert response.status_code == 404, url
    response = client.post(f"/admin/accounts/{target.pk}/deactivate/")
    assert response.status_code in (302, 404)
    target.refresh_from_db()
    assert target.is_active
    response = client.post(f"/admin/accounts/invitations/{invitation.pk}/cancel/")
    invitation.refresh_from_db()
    assert invitation.state == "pending"
    assert "Staff accounts" not in client.get("/admin/").content.decode()


def test_nobody_types_a_password_for_someone_else_in_wagtails_users_screen(coordinator_client):
    """Accounts come by invitation. The coordinator has no Users screen at all; the emergency
    superuser's has no password fields, and an account made there cannot sign in until its
    owner sets a password through the emailed reset."""
    assert coordinator_client.get("/admin/users/new/").status_code in (302, 403, 404)
    emergency = people.make_person("root", superuser=True, is_staff=True)
    client = Client()
    client.force_login(emergency)
    form = client.get("/admin/users/new/")
    assert form.status_code == 200
    assert 'name="password1"' not in form.content.decode()
    made = client.post(
        "/admin/users/new/",
        {
            "username": "typed.for.her",
            "email": "typed@example.org",
            "first_name": "Typed",
            "last_name": "ForHer",
            "password1": "a password someone else chose",
            "password2": "a password someone else chose",
        },
    )
    assert made.status_code == 302, made.content.decode()[:2000]
    user = get_user_model().objects.get(username="typed.for.her")
    assert not user.check_password("a password someone else chose")
    signed_in = Client().post(
        "/admin/login/", {"username": "typed.for.her", "password": "a password someone else chose"}
    )
    assert signed_in.status_code == 200 and "_auth_user_id" not in signed_in.client.session
