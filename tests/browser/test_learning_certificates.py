"""Someone checks a training certificate's code on the public verify page, and an attendee
answers the impact questionnaire from their personal link: in a real browser, with axe-core
on every page (WCAG 2.2 AA)."""

import re

import pytest
from playwright.sync_api import expect

from learning.currency import today
from learning.links import follow_up_url
from learning.models import Certificate, FollowUp
from tests.support.browser import assert_accessible
from tests.support.learning import completion, hub_home, person, training_session


@pytest.mark.browser
def test_verify_a_certificate_code_and_answer_the_questionnaire(page, live_server):
    hub_home()
    gita = person("Gita", "Governor")
    held = completion(2, today(), contact=gita)
    Certificate.objects.create(
        completion=held, issued_for=f"completion:{held.pk}", code="7KQ4M2XH9P"
    )

    page.goto(f"{live_server.url}/training/verify/")
    assert_accessible(page, "verify page")
    page.get_by_label("Certificate code").fill("7kq4m-2xh9p")
    page.get_by_role("button", name="Check the code").click()
    expect(page.get_by_role("heading", name="Certificate 7KQ4M-2XH9P is genuine")).to_be_visible()
    expect(page.get_by_text("G. G.")).to_be_visible()
    assert_accessible(page, "verify page with a confirmed code")

    session = training_session(title="WRAP, Nuneaton Library", days_ahead=-92)
    follow_up = FollowUp.objects.create(session=session, contact=gita, level=2)
    page.goto(follow_up_url(follow_up).replace("http://127.0.0.1:8000", live_server.url))
    expect(
        page.get_by_role("heading", name="Three questions about your Prevent training")
    ).to_be_visible()
    assert_accessible(page, "questionnaire")
    page.get_by_role("button", name="Send my answers").click()
    summary = page.locator("[data-error-summary]")
    expect(summary).to_be_focused()
    assert_accessible(page, "questionnaire with errors")

    for question, answer in (
        ("Have you used what you learned", "Yes"),
        ("Are you more confident", "Not sure"),
        ("Since the session, have you sought advice", "No"),
    ):
        group = page.get_by_role("group", name=re.compile(question))
        group.get_by_label(answer, exact=True).check()
    page.get_by_role("button", name="Send my answers").click()
    expect(page.get_by_role("heading", name="Thank you")).to_be_visible()
    assert_accessible(page, "questionnaire answered")
    follow_up.refresh_from_db()
    assert (follow_up.used_it, follow_up.more_confident, follow_up.sought_advice) == (
        "yes",
        "not_sure",
        "no",
    )
