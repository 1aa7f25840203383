"""Labels of the engine's log actions in Wagtail's history (registered from apps.ready)."""

from wagtail import hooks

ACTIONS = {
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
}


@hooks.register("register_log_actions")
def register_send_log_actions(actions):
    for code, (label, message) in ACTIONS.items():
        actions.register_action(code, label, message)
