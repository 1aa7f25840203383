"""Who sees the board's figures, and how exactly.

- Coordinators (`core.roles.is_coordinator`) see the dashboard with exact figures,
  each linking to the records behind it, and may switch to the board's view (`?view=board`).
- Anyone else holding `board.view_board_dashboard` (the "Board members" group) sees the figures
  under the partnership's disclosure rule, with no link to any record, and published reports.
- Everyone else gets a 404, the same answer as for a page that does not exist.
"""

from django.http import Http404

from core.disclosure import Rule
from core.roles import is_coordinator

PERMISSION = "board.view_board_dashboard"


def can_view_board(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active) and (
        is_coordinator(user) or user.has_perm(PERMISSION)
    )


def require_board_access(user) -> None:
    if not can_view_board(user):
        raise Http404


def sees_exact_figures(request) -> bool:
    return is_coordinator(request.user) and request.GET.get("view") != "board"


def rule_for(request) -> Rule:
    """The coordinator's own screen: exact. Everyone else, and every export: the partnership's."""
    return Rule.exact_figures() if sees_exact_figures(request) else Rule.for_partnership(request)
