"""A coordinator schedules a send in the admin and `make run`'s own worker and beat send it.

The admin warns while no background worker is running; once the dev stack (Procfile.dev, the file
broker, no Redis) is up, the warning is gone and the scheduled send goes out when it is due. The
issue is approved through the workflow API in setup (the journey of test_newsletter_send.py).
"""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from newsletters.models import NewsletterPage
from sending.models import Send
from tests.newsletters.authoring_support import submit_and_approve
from tests.support.browser import assert_accessible
from tests.support.dev_stack import dev_stack  # noqa: F401  (fixture)
from tests.support.sending import make_audience
from tests.support.two_factor import sign_in_to_admin
from tests.support.worker import wait_for

SUBJECT = "Prevent partnership news: our first issue"
WARNING = "No background worker has been seen yet: emails and scheduled work are waiting."


@pytest.mark.browser
@pytest.mark.worker
def test_a_scheduled_send_goes_out_once_the_worker_and_beat_run(
    page,
    live_server,
    coordinator,
    demo_site,
    dev_stack,  # noqa: F811
):
    issue = NewsletterPage.objects.get(title=SUBJECT)
    submit_and_approve(issue, coordinator, coordinator)
    make_audience(2, prefix="later", segment_name="Northvale school leads")
    sign_in_to_admin(page, live_server, coordinator)

    # Nothing runs in the background yet: the coordinator is told so on every admin page.
    expect(page.locator("#background-warning")).to_have_text(WARNING)
    assert_accessible(page, "the dashboard with the background warning")
    dev_stack.start("worker", "beat")

    # Schedule the issue a couple of minutes ahead (the form refuses a time already past).
    page.goto(f"{live_server.url}/admin/pages/{issue.pk}/edit/")
    page.get_by_role("button", name="Actions", exact=True).first.click()
    page.get_by_role("link", name="Send to segments").click()
    page.get_by_role("group", name="Send to these segments").get_by_label(
        "Northvale school leads"
    ).check()
    page.get_by_role("group", name="When").get_by_label("Schedule for later").check()
    soon = timezone.localtime() + timedelta(minutes=2)
    page.get_by_label("Date and time (UK time)").fill(soon.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_role("button", name="Show who it will go to").click()
    expect(page.locator("#audience-count")).to_contain_text("Today this would go to 2 people")
    assert_accessible(page, "the confirm step of a scheduled send")
    page.get_by_role("button", name="Confirm and schedule").click()
    expect(page.locator("#send-state")).to_have_text("Scheduled")
    send = Send.objects.get()
    assert send.state == "scheduled" and not send.deliveries.exists()

    # The minute passes (the test moves the clock of the send rather than waiting for it).
    Send.objects.filter(pk=send.pk).update(scheduled_at=timezone.now())
    wait_for(
        lambda: Send.objects.get(pk=send.pk).state == "sent",
        timeout=240,  # beat ticks every 30 s; the worker and beat start slowly on a busy machine
        interval=1,
        message="beat to start the scheduled send and the worker to send it",
    )
    page.reload()
    expect(page.locator("#send-state")).to_have_text("Sent")
    expect(page.locator('[data-count="sent"]')).to_have_text("2")
    assert len(list(dev_stack.mail_dir.glob("*.eml"))) == 2

    # The worker and beat have been seen: no warning any more.
    page.goto(f"{live_server.url}/admin/")
    expect(page.get_by_role("heading", name="Background work needs attention")).to_have_count(0)
    expect(page.locator("#background-warning")).to_have_count(0)
