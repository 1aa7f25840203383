"""Every app's dotted log codes have their label in Wagtail's history, registered one way."""

import pytest
from wagtail.log_actions import registry


@pytest.mark.parametrize(
    ("code", "label"),
    [
        ("core.two_factor.enrolled", "Two-factor set up"),
        ("networks.suppression.added", "Suppression added"),
        ("networks.suppression.removed", "Suppression removed"),
        ("networks.segment.saved", "Segment saved"),
        ("newsletters.test_sent", "Send test email"),
        ("newsletters.send.started", "Start send"),
        ("events.invitations.sent", "Send invitations"),
        ("cms.material.review_reminder_sent", "Send review reminder"),
    ],
)
def test_each_app_s_codes_are_labelled_in_the_history(code, label):
    assert registry.action_exists(code)
    assert registry.get_action_label(code) == label
