"""Returns and the action plan. Explicit re-exports: import models from `returns.models`."""

from .plan import RAG, Action, Plan, ProgressUpdate, Theme, validate_evidence_links
from .returns import (
    Answer,
    Chase,
    Question,
    Respondent,
    Response,
    Return,
    Template,
    new_nonce,
)

__all__ = [
    "RAG",
    "Action",
    "Answer",
    "Chase",
    "Plan",
    "ProgressUpdate",
    "Question",
    "Respondent",
    "Response",
    "Return",
    "Template",
    "Theme",
    "new_nonce",
    "validate_evidence_links",
]
