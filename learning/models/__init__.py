"""Learning and development: training sessions (event pages with a level), completions (the
partnership's take-up figure), the competency framework, completion imports, the staff who
need each level (headcounts), certificates and the impact follow-up."""

from .certificates import Certificate, FollowUp
from .completions import Completion, CompletionImport
from .framework import Expectation
from .headcounts import Headcount
from .reminders import DueList, RefresherReminder
from .sessions import TrainingSessionPage

__all__ = [
    "Certificate",
    "Completion",
    "CompletionImport",
    "DueList",
    "Expectation",
    "FollowUp",
    "Headcount",
    "RefresherReminder",
    "TrainingSessionPage",
]
