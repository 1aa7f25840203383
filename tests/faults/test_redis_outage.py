"""Redis stopped, then frozen: every public write is stored and answered, and every email it
promised goes out exactly once after Redis returns.

The app runs in gunicorn with its cache, page cache, rate limits and broker in a private Redis
(tests/faults/conftest.py), so the outage is the one production would see.
"""

from collections import Counter

import pytest
import redis as redis_lib

from alerts.models import Outbox, Report
from core.models import PendingTask
from events.links import rsvp_url
from events.models import Booking
from networks.models import District, SubscriptionRequest
from sending.models import Delivery
from tests.alerts.helpers import RECEIPT_RE, form_data
from tests.support.events import day, invite, make_event, person
from tests.support.migrated import root_page
from tests.support.people import make_responder
from tests.support.worker import wait_for

pytestmark = [pytest.mark.faults, pytest.mark.django_db(transaction=True)]

# A frozen Redis costs one short socket timeout, then the process skips it for a few seconds.
FAST_ENOUGH_SECONDS = 3.0


@pytest.fixture
def site(fault_env, django_user_model):
    """The little a public page needs: a home page and its Site, a district, a responder who
    sees every report, and an event with one invitee."""
    from wagtail.models import Site

    from cms.models.pages import HomePage

    live, _sink = fault_env
    redis_lib.Redis.from_url(live.redis.url).flushall()  # the private Redis only
    home = HomePage(title="Home", slug="hub-home")
    root_page().add_child(instance=home)
    Site.objects.all().delete()  # the migrations' welcome page, if this database still has it
    Site.objects.create(hostname="localhost", root_page=home, is_default_site=True)
    District.objects.create(name="Rugby")
    responder = make_responder("pat.responder")
    event = make_event()
    invitation = invite(event, person("Ada"))
    return {"responder": responder, "event": event, "invitation": invitation}


def _path(url: str) -> str:
    return "/" + url.split("/", 3)[3]


def submit_everything(browser, invitation, tag: str) -> dict:
    """Every public write a visitor makes, over HTTP; returns what was submitted."""
    for path in ("/", "/report/", "/subscribe/", "/report/return/"):
        assert browser.get(path).status_code == 200, path

    receipts = []
    for n in range(3):
        data = form_data(description=f"{tag} report {n}: leaflets at the market.")
        answer = browser.post_form("/report/new/", data)
        assert answer.status_code == 200
        receipts.append(RECEIPT_RE.search(answer.text).group(0))

    opened = browser.post_form("/report/return/", {"receipt": receipts[0]})
    assert opened.status_code == 200 and "/report/r/" in opened.url
    follow_up = browser.post_form(_path(opened.url), {"body": f"{tag}: it happened again."})
    assert follow_up.status_code == 200 and f"{tag}: it happened again." in follow_up.text

    email = f"{tag}.subscriber@example.org"
    rugby = District.objects.get(name="Rugby")
    subscribed = browser.post_form(
        "/subscribe/",
        {
            "email": email,
            "first_name": "Sam",
            "last_name": "Subscriber",
            "organisation": "Rugby Faiths Forum",
            "districts": [rugby.pk],
            "topics": ["newsletter"],
        },
    )
    assert subscribed.status_code == 200 and subscribed.url.endswith("/subscribe/check-your-email/")

    rsvp = _path(rsvp_url(invitation))
    assert browser.post_form(rsvp, {"identity": "yes"}).status_code == 200
    answered = browser.post_form(rsvp, {"attending": "yes", "sessions": [day(invitation.event).pk]})
    assert answered.status_code == 200 and "saved=emailed" in answered.url
    return {"receipts": receipts, "subscriber": email}


def assert_stored(submitted, invitation, tag):
    assert Report.objects.filter(description__startswith=f"{tag} report").count() == 3
    first = Report.objects.get(description__startswith=f"{tag} report 0")
    assert first.messages.filter(kind="submitter", body=f"{tag}: it happened again.").exists()
    # The subscribe form stores the request; the worker (or beat's sweep) makes the contact.
    assert SubscriptionRequest.objects.filter(email=submitted["subscriber"]).exists()
    assert Booking.objects.filter(
        invitation=invitation, session=day(invitation.event), state=Booking.State.CONFIRMED
    ).exists()


def all_delivered() -> bool:
    return (
        not PendingTask.objects.exists()
        and not Outbox.objects.filter(status=Outbox.Status.PENDING).exists()
        and not Delivery.objects.exclude(state=Delivery.State.SENT).exists()
    )


def assert_each_promised_email_once(sink, site, submitted):
    owed = Counter(Delivery.objects.values_list("email", flat=True))
    assert dict(sink.received) == dict(owed)
    assert sink.received[submitted["subscriber"]] == 1  # the subscribe confirmation
    invitee = site["invitation"].contact.email
    assert sink.received[invitee] == 1  # the RSVP confirmation ...
    confirmation = next(m for m in sink.messages if invitee.encode() in m)
    assert b"text/calendar" in confirmation  # ... with its .ics
    assert sink.received[site["responder"].email] >= 3  # a notification per report


def recover(recovery, sink):
    recovery.start_worker()
    recovery.sweep()
    wait_for(all_delivered, timeout=60, message="every promised email to be sent")
    wait_for(lambda: sink.total == Delivery.objects.count(), timeout=20, message="the sink")
    # Exactly once: beat's sweeps running again change nothing.
    before = Counter(sink.received)
    recovery.sweep()
    wait_for(lambda: all_delivered(), timeout=10, message="nothing left")
    assert Counter(sink.received) == before


def test_with_redis_stopped_every_write_is_kept_and_its_emails_go_out_once_it_returns(
    fault_env, site, recovery
):
    from tests.faults.conftest import Browser

    live, sink = fault_env
    live.redis.stop()
    browser = Browser(live.base)
    submitted = submit_everything(browser, site["invitation"], "stopped")

    assert all(status == 200 for _, _, status in browser.timings)
    assert_stored(submitted, site["invitation"], "stopped")
    assert sink.total == 0  # nothing could be sent yet

    live.redis.start()
    recover(recovery, sink)
    assert_each_promised_email_once(sink, site, submitted)


def test_with_redis_frozen_every_write_is_kept_answered_fast_and_its_emails_go_out_once(
    fault_env, site, recovery
):
    from tests.faults.conftest import Browser

    live, sink = fault_env
    browser = Browser(live.base)
    assert browser.get("/").status_code == 200  # a connection to Redis is open when it freezes
    live.redis.freeze()
    try:
        submitted = submit_everything(browser, site["invitation"], "frozen")
        slowest = browser.slowest()
    finally:
        live.redis.thaw()

    assert all(status == 200 for _, _, status in browser.timings)
    assert slowest < FAST_ENOUGH_SECONDS, browser.timings
    assert_stored(submitted, site["invitation"], "frozen")

    recover(recovery, sink)
    assert_each_promised_email_once(sink, site, submitted)
