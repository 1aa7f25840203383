"""The impact follow-up in figures: how the questionnaires answered in a period were answered,
and how many were sent — for the take-up report (its own section) and the board's learning
impact section. Only counts, and every count through `core.disclosure`.

A period's answers are those given in it (the day answered, Europe/London), so a quarter's
figures no longer move once it has ended. Under the rule, the answers of the period's whole
financial year — each quarter and the year — are one cube disclosed together
(`disclosure.linked`: period × question × answer, with the year and each question's answers
as margins), so a quarter hidden on its own cannot be had back from its year and the other
quarters, nor an answer from its question's total; a question everyone answered alike is
withheld (class disclosure), as "all of them said yes" is a fact about each of them.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone

from core import disclosure
from core.disclosure import TOTAL, Figure, Rule
from core.periods import Period, Quarter

from .models import FollowUp

# The questions as a table's rows (the form asks them in full: `learning.follow_up.QUESTIONS`).
ROWS = {
    "used_it": "Have used what they learned in their work",
    "more_confident": "Are more confident to seek advice or refer",
    "sought_advice": "Have sought advice or made a referral since",
}
ANSWERS = FollowUp.Answer.choices


@dataclass(frozen=True)
class ImpactRow:
    label: str
    cells: list[Figure]  # one per answer, in ANSWERS' order
    total: Figure  # the people who answered it


@dataclass(frozen=True)
class Impact:
    period: Period
    rule: Rule
    columns: list[str]
    rows: list[ImpactRow]
    answered: Figure
    sent: Figure

    @property
    def any_answers(self) -> bool:
        return self.answered.hidden or bool(self.answered.number)


def _quarter_key(moment) -> str:
    return Quarter.of(timezone.localdate(moment)).key


def _cube(periods: list[Period], span: Period, whole: str | None) -> tuple[dict, dict]:
    """Exact counts: answers {(period key, question, answer or TOTAL): n} and questionnaires
    sent {(period key,): n}, for each of `periods` (quarters) and, as `whole`, their span.
    Two queries, over the span's rows only."""
    keys = [p.key for p in periods] + ([whole] if whole else [])
    answers = {(k, q, a): 0 for k in keys for q in ROWS for a in [*(v for v, _ in ANSWERS), TOTAL]}
    window = Q(answered_at__gte=span.start_moment, answered_at__lt=span.end_moment)
    rows = FollowUp.objects.filter(window).values_list("answered_at", *ROWS)
    for answered_at, *given in rows:
        at = [_quarter_key(answered_at)] if periods else []
        if whole:
            at.append(whole)
        for k in at:
            if k not in keys:
                continue
            for question, answer in zip(ROWS, given, strict=True):
                if answer:
                    answers[(k, question, answer)] += 1
                    answers[(k, question, TOTAL)] += 1
    sent = {(k,): 0 for k in keys}
    counted = FollowUp.objects.filter(
        sent_at__gte=span.start_moment, sent_at__lt=span.end_moment
    ).values_list("sent_at", flat=True)
    for sent_at in counted:
        at = [_quarter_key(sent_at)] if periods else []
        if whole:
            at.append(whole)
        for k in at:
            if (k,) in sent:
                sent[(k,)] += 1
    return answers, sent


def impact(period: Period, rule: Rule) -> Impact:
    """The period's figures under `rule` (exact for the coordinator's own screen)."""
    if period.is_standard and not rule.exact:
        year = Period.of_year(period.financial_year)
        quarters = [Period.of_quarter(q) for q in period.financial_year.quarters()]
        answers, sent = _cube(quarters, year, TOTAL)
        at = TOTAL if period.kind == "year" else period.key
    else:  # the coordinator's range of days (the board never shows one)
        answers, sent = _cube([], period, period.key)
        at = period.key
    shown = disclosure.linked(answers, rule, category_dim=2)
    sent_shown = disclosure.linked(sent, rule)
    rows = [
        ImpactRow(
            label,
            [shown[(at, question, value)] for value, _ in ANSWERS],
            shown[(at, question, TOTAL)],
        )
        for question, label in ROWS.items()
    ]
    return Impact(
        period=period,
        rule=rule,
        columns=[label for _, label in ANSWERS],
        rows=rows,
        # Everyone answers every question (the form requires it): the first question's total
        # is the number of questionnaires answered, already a figure of the cube.
        answered=rows[0].total,
        sent=sent_shown[(at,)],
    )
