"""Learning and development: training sessions (event pages with a level), completions (the
partnership's take-up figure), the competency framework and completion imports."""

from .completions import Completion, CompletionImport
from .framework import Expectation
from .sessions import TrainingSessionPage

__all__ = ["Completion", "CompletionImport", "Expectation", "TrainingSessionPage"]
