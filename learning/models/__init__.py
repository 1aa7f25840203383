"""Learning and development: training sessions (event pages with a level), completions (the
partnership's take-up figure), the competency framework and completion imports."""

from .completions import Completion, CompletionImport
from .framework import Expectation
from .reminders import DueList, RefresherReminder
from .sessions import TrainingSessionPage

__all__ = [
    "Completion",
    "CompletionImport",
    "DueList",
    "Expectation",
    "RefresherReminder",
    "TrainingSessionPage",
]
