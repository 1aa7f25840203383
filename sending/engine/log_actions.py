"""Labels of the engine's log actions in Wagtail's history (registered in wagtail_hooks).

The codes keep the `newsletters.` prefix they were first written with: they are stored in every
send's history, which must keep reading the same."""

LOG_ACTIONS = {
    "newsletters.send.created": ("Create send", "Send created"),
    "newsletters.send.scheduled": ("Schedule send", "Send scheduled"),
    "newsletters.send.started": ("Start send", "Sending started"),
    "newsletters.send.paused": ("Pause send", "Sending paused"),
    "newsletters.send.resumed": ("Resume send", "Sending resumed"),
    "newsletters.send.cancelled": ("Cancel send", "Send cancelled"),
    "newsletters.send.finished": ("Finish send", "Sending finished"),
    "newsletters.send.uncertain_found": (
        "Uncertain deliveries",
        "A worker stopped mid-send: some deliveries are uncertain",
    ),
    "newsletters.send.uncertain_resent": ("Resend uncertain", "Uncertain deliveries sent again"),
    "newsletters.send.failed_retried": ("Retry failed", "Failed deliveries retried"),
    "newsletters.send.resent": (
        "Send again",
        "Sent again to people already sent it (with the reason)",
    ),
    # On the page (an issue, an alert, an event) a re-send was of.
    "sending.page.resent": ("Send again", "Sent again to people already sent it"),
}
