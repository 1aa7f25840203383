"""Password reset through the engine (#22): one promised task per request, known address or
not; the task looks the address up and sends one Delivery; the limits hold; the link works once."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client
from wagtail.models import ModelLogEntry

from accounts.models import AccountToken
from core.models import PendingTask
from sending.models import Delivery
from tests.support import people

pytestmark = pytest.mark.django_db
NEW_PASSWORD = "a brand new and long passphrase"


@pytest.fixture
def bea(db):
    return people.make_person("bea", "Board members", email="bea@example.org")


def ask(client, email, capture=None):
    return client.post("/admin/password_reset/", {"email": email})


def test_a_known_and_an_unknown_address_get_the_same_answer_and_the_same_work(
    bea, django_capture_on_commit_callbacks
):
    answers, promised = [], []
    for email in ("bea@example.org", "nobody@example.org"):
        with django_capture_on_commit_callbacks() as callbacks:
            answers.append(ask(Client(), email))
        promised.append(list(PendingTask.objects.values_list("task", "args")))
        PendingTask.objects.all().delete()
        assert len(callbacks) == 1  # one hand-over to the worker, nothing sent in the request
        assert not mail.outbox and not Delivery.objects.exists()

    known, unknown = answers
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"] == "/admin/password_reset/done/"
    assert promised == [
        [("accounts.send_password_reset", ["bea@example.org"])],
        [("accounts.send_password_reset", ["nobody@example.org"])],
    ]


def test_the_task_sends_one_delivery_to_a_known_address_and_none_to_an_unknown(
    bea, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        ask(Client(), "BEA@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        ask(Client(), "nobody@example.org")

    assert list(Delivery.objects.values_list("email", "state")) == [("bea@example.org", "sent")]
    [message] = mail.outbox
    assert message.to == ["bea@example.org"] and message.subject == "Choose a new password"
    assert "/account/reset/" in message.alternatives[0][0]
    assert not PendingTask.objects.exists()
    assert ModelLogEntry.objects.filter(action="accounts.password.reset_sent").count() == 1


def test_the_link_sets_the_password_once_and_ends_other_sessions(
    bea, django_capture_on_commit_callbacks
):
    other = Client()
    other.force_login(bea)
    with django_capture_on_commit_callbacks(execute=True):
        ask(Client(), "bea@example.org")
    path = re.search(r"https?://[^/\s]+(/account/reset/[\w-]+/)", mail.outbox[0].body)[1]
    client = Client()

    assert client.get(path).status_code == 200
    done = client.post(path, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})

    assert done.status_code == 200 and "Password change successful" in done.content.decode()
    bea.refresh_from_db()
    assert bea.check_password(NEW_PASSWORD)
    again = client.post(
        path, {"new_password1": "x" + NEW_PASSWORD, "new_password2": "x" + NEW_PASSWORD}
    )
    assert again.status_code == 410
    bea.refresh_from_db()
    assert bea.check_password(NEW_PASSWORD)
    assert other.get("/admin/board/").status_code == 302  # signed in with the old password


def test_wagtails_own_reset_links_are_not_honoured(bea):
    response = Client().get("/admin/password_reset/confirm/MQ/set-password/")

    assert response.status_code == 404


def test_the_limit_per_address_holds(bea, settings, django_capture_on_commit_callbacks):
    settings.ACCOUNTS_PASSWORD_RESET_PER_ADDRESS_PER_HOUR = 3
    answers = []
    for n in range(12):
        with django_capture_on_commit_callbacks(execute=True):
            # a new connection each time: only the address's limit can stop them
            answers.append(ask(Client(REMOTE_ADDR=f"10.0.0.{n}"), "bea@example.org"))

    assert {a["Location"] for a in answers} == {"/admin/password_reset/done/"}
    assert Delivery.objects.filter(email="bea@example.org").count() == 3
    assert len(mail.outbox) == 3
    assert AccountToken.objects.filter(user=bea).count() == 3


def test_the_limit_per_connection_holds(bea, settings, django_capture_on_commit_callbacks):
    settings.ACCOUNTS_PASSWORD_RESET_PER_IP_PER_HOUR = 5
    client = Client(REMOTE_ADDR="10.1.1.1")
    answers = []
    for n in range(8):
        with django_capture_on_commit_callbacks(execute=True):
            answers.append(ask(client, f"someone{n}@example.org"))

    assert [a.status_code for a in answers] == [302] * 5 + [429] * 3
    assert "Too many" in answers[-1].content.decode()
    assert not Delivery.objects.exists()
    assert ask(Client(REMOTE_ADDR="10.1.1.2"), "bea@example.org").status_code == 302


def test_a_deactivated_account_gets_no_reset_email(bea, django_capture_on_commit_callbacks):
    get_user_model().objects.filter(pk=bea.pk).update(is_active=False)

    with django_capture_on_commit_callbacks(execute=True):
        answer = ask(Client(), "bea@example.org")

    assert answer["Location"] == "/admin/password_reset/done/"
    assert not Delivery.objects.exists() and not mail.outbox


def test_the_request_runs_the_same_statements_for_a_known_and_an_unknown_address(
    bea, django_capture_on_commit_callbacks
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def statements(email, ip):
        with django_capture_on_commit_callbacks(), CaptureQueriesContext(connection) as queries:
            ask(Client(REMOTE_ADDR=ip), email)
        # The statements without their values: the same shape for either address.
        return [
            re.sub(r'"s\d+_x\d+"|\'[^\']*\'|\b\d+\b', "?", q["sql"])  # savepoint names too
            for q in queries.captured_queries
        ]

    known = statements("bea@example.org", "10.2.0.1")
    unknown = statements("nobody@example.org", "10.2.0.2")

    assert known == unknown
    assert not any("auth_user" in sql for sql in known)  # the lookup is the task's
