"""Who may see what of learning and development.

- Coordinators (`core.roles.is_coordinator`) see the take-up
  report with exact figures, import completions and download the CSV.
- Anyone holding `learning.view_takeup_report` (the board's read-only role) sees the same report
  with every figure through `core.disclosure` (small numbers suppressed, others rounded).
- Everyone else gets a 404, the same as a page that does not exist.
"""

from django.http import Http404

from core.disclosure import Rule
from core.roles import is_coordinator

TAKEUP_PERMISSION = "learning.view_takeup_report"


def can_view_takeup_report(user) -> bool:
    return is_coordinator(user) or bool(
        user and user.is_authenticated and user.is_active and user.has_perm(TAKEUP_PERMISSION)
    )


def require_takeup_reader(user) -> None:
    if not can_view_takeup_report(user):
        raise Http404("Not found.")


def rule_for_screen(request) -> Rule:
    """Exact figures on the coordinator's own screen; the partnership's rule for anyone else."""
    if is_coordinator(request.user):
        return Rule.exact_figures()
    return Rule.for_partnership(request)
