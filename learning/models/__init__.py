"""Learning and development: training sessions (event pages with a level), completions (the
partnership's take-up figure), the competency framework, completion imports and the staff who
need each level (headcounts)."""

from .completions import Completion, CompletionImport
from .framework import Expectation
from .headcounts import Headcount
from .sessions import TrainingSessionPage

__all__ = ["Completion", "CompletionImport", "Expectation", "Headcount", "TrainingSessionPage"]
