"""Every change of state of returns and the action plan (STYLE.md habit 1)."""

from .plan import copy_plan_forward, record_progress
from .reminders import hand_over, stop_chases
from .responses import (
    NotAdded,
    NothingToSend,
    ReturnClosed,
    add_respondent,
    create_return_from_template,
    nothing_to_send,
    open_response,
    prevent_leads,
    questions_for,
    recipient_organisations,
    reopen_response,
    return_audience,
    save_response,
    send_chases,
    send_return,
)

__all__ = [
    "NotAdded",
    "NothingToSend",
    "ReturnClosed",
    "add_respondent",
    "copy_plan_forward",
    "create_return_from_template",
    "hand_over",
    "nothing_to_send",
    "open_response",
    "prevent_leads",
    "questions_for",
    "recipient_organisations",
    "record_progress",
    "reopen_response",
    "return_audience",
    "save_response",
    "send_chases",
    "send_return",
    "stop_chases",
]
