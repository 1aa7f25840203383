"""Learning and development: training sessions (event pages with a level), completions (the
partnership's take-up figure), the competency framework, completion imports, certificates and
the impact follow-up."""

from .certificates import Certificate, FollowUp
from .completions import Completion, CompletionImport
from .framework import Expectation
from .sessions import TrainingSessionPage

__all__ = [
    "Certificate",
    "Completion",
    "CompletionImport",
    "Expectation",
    "FollowUp",
    "TrainingSessionPage",
]
