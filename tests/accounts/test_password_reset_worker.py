"""Password reset with a real worker and a mail provider that fails and then recovers: the
request only promises the work; the worker looks the address up and the engine retries the one
Delivery until the provider takes it, and the person gets exactly one email."""

import pytest
from django.test import Client

from core.models import PendingTask
from sending.models import Delivery
from tests.support import people
from tests.support.sending import FakeEsp
from tests.support.worker import wait_for

pytestmark = pytest.mark.worker

ESP_ENV = {"TEST_EMAIL_BACKEND": "tests.support.sending.FakeEsp", "SEND_MAX_RETRIES": "5"}


def test_the_reset_email_goes_out_once_after_the_provider_comes_back(celery_worker_process):
    people.make_person("bea", "Board members", email="bea@example.org")
    FakeEsp.reset(fail_429=3)  # the provider refuses the first three attempts

    known = Client().post("/admin/password_reset/", {"email": "bea@example.org"})
    unknown = Client().post("/admin/password_reset/", {"email": "nobody@example.org"})

    # Nothing was looked up or sent in the requests: both only promised the task.
    assert known["Location"] == unknown["Location"] == "/admin/password_reset/done/"
    assert not Delivery.objects.exists()
    celery_worker_process.start("w1", concurrency=1, env=ESP_ENV)

    wait_for(
        lambda: Delivery.objects.filter(email="bea@example.org", state="sent").exists(),
        timeout=120,
        message="the reset email to be sent",
    )
    wait_for(lambda: not PendingTask.objects.exists(), timeout=60, message="both tasks done")
    delivery = Delivery.objects.get()
    assert delivery.email == "bea@example.org" and delivery.attempts == 4
    assert FakeEsp.sent() == {"bea@example.org": 1}
