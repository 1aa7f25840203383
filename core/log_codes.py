"""One way for an app to give its dotted log codes a label and a message in Wagtail's history."""

from wagtail import hooks


def register_log_codes(codes: dict[str, tuple[str, str]]) -> None:
    """Register `{code: (label, message)}` with Wagtail's `register_log_actions` hook. Call it
    once per app, from the app's `wagtail_hooks.py`."""

    def register(actions):
        for code, (label, message) in codes.items():
            actions.register_action(code, label, message)

    hooks.register("register_log_actions", register)
