from wagtail import hooks

from .log_actions import LOG_ACTIONS


@hooks.register("register_log_actions")
def register_directory_log_actions(actions):
    for code, (label, message) in LOG_ACTIONS.items():
        actions.register_action(code, label, message)
