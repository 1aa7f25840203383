"""Action-plan progress, one section per work theme (each theme shows its own progress): the
number of the theme's actions on track, at risk, off track, complete and not reported in the
quarter the period ends in, and the actions at risk or off track, named.

The figures are `returns.aggregates.plan_progress` (the quarterly action update of the returns);
nothing is counted here. RAG is always in words ("On track", "At risk", …), never colour alone.
The registry takes one `THEME` per entry, so this module gives SECTIONS six entries
(`THEME_SECTIONS`), one per theme, each with the same `figures(period, rule)` shape.
"""

from __future__ import annotations

from django.urls import reverse

from core.disclosure import Rule
from core.periods import Quarter
from returns.aggregates import NOT_REPORTED, STATUS_WORDS, plan_progress
from returns.models import RAG

from ..charts import bar_chart
from ..periods import Period
from ..themes import THEMES
from .base import Section, counts_table

STATUS_ORDER = [RAG.ON_TRACK, RAG.AT_RISK, RAG.OFF_TRACK, RAG.COMPLETE, NOT_REPORTED]


def quarter_of(period: Period) -> Quarter:
    """The quarter whose progress a period shows: the one it ends in (a year: its Q4)."""
    return Quarter.of(period.end)


def progress_link(quarter: Quarter) -> str:
    return reverse("returns_admin:progress") + f"?quarter={quarter.start.isoformat()}"


def theme_figures(theme: int, period: Period, rule: Rule) -> Section:
    quarter = quarter_of(period)
    section = Section(
        key=f"progress-theme-{theme}",
        title=f"Action-plan progress: {THEMES[theme]}",
        theme=theme,
    )
    found = next((p for p in plan_progress(quarter) if p.theme.number == theme), None)
    if found is None:
        section.notes.append(
            f"No action plan in force for {quarter.label} has a theme {theme}: no progress to show."
        )
        return section
    counts = [found.counts.get(status, 0) for status in STATUS_ORDER]
    link = progress_link(quarter)
    # These count the plan's actions, not people: a small count identifies nobody (and the
    # actions at risk are named below anyway), so every viewer sees them exact — still through
    # the disclosure function, under its exact rule. Links stay the coordinator's alone.
    table = counts_table(
        f"progress-theme-{theme}",
        f"Theme {theme} actions by progress, {quarter.label}",
        "Actions",
        [f"{found.theme.number}. {found.theme.name}"],
        [str(STATUS_WORDS[status]) for status in STATUS_ORDER],
        [counts],
        Rule.exact_figures(),
        note="Each action's latest update in the quarter's action update; a \"Complete\" from "
        'an earlier quarter carries forward; an action with no update is "Not reported".',
        links=[[link] * len(STATUS_ORDER)] if rule.exact else None,
    )
    section.tables.append(table)
    section.charts.append(bar_chart(table))
    if found.concerns:
        section.notes.append(
            "Actions at risk or off track: "
            + "; ".join(
                f"{action.number} {_short(action.text)} ({STATUS_WORDS[update.status]})"
                for action, update in found.concerns
            )
            + "."
        )
    else:
        section.notes.append(f"No theme {theme} action is at risk or off track in {quarter.label}.")
    return section


def _short(text: str, width: int = 90) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


class ThemeProgress:
    """One registry entry: the progress of one theme (`THEME`, `figures`, like a module)."""

    def __init__(self, theme: int):
        self.THEME = theme
        self.__name__ = f"{__name__}[{theme}]"

    def figures(self, period: Period, rule: Rule) -> Section:
        return theme_figures(self.THEME, period, rule)

    def __repr__(self) -> str:
        return f"<board section: action-plan progress, theme {self.THEME}>"


THEME_SECTIONS = [ThemeProgress(theme) for theme in THEMES]
