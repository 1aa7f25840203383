"""Two "Send the invitation" POSTs of one form at the same moment send one email: the form's key
is unique on Invitation, and PostgreSQL, not a check that races, decides."""

import pytest
from django.core import mail
from django.test import Client

from accounts.models import Invitation
from core import idempotency
from sending.models import Delivery
from tests.support.concurrency import post_at_once
from tests.support.people import make_coordinator


@pytest.mark.django_db(transaction=True)
def test_two_invitations_posted_at_once_send_one_email():
    coordinator = make_coordinator("casey", email="casey@example.org")
    signed_in = Client()
    signed_in.force_login(coordinator)
    data = {
        "email": "bea.board@example.org",
        "role": "board_member",
        "idempotency_key": idempotency.new_key(),
    }

    responses = post_at_once(signed_in.cookies, "/admin/accounts/invite/", data)

    invitation = Invitation.objects.get()
    assert [getattr(r, "status_code", r) for r in responses] == [302, 302]
    assert {r["Location"] for r in responses} == {f"/admin/accounts/invitations/{invitation.pk}/"}
    assert Delivery.objects.filter(email="bea.board@example.org").count() == 1
    assert [m.to for m in mail.outbox] == [["bea.board@example.org"]]
