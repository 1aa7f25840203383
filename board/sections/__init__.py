"""The dashboard's sections, one module each, in one registry.

Each module in SECTIONS has `THEME` (1–6, see board.themes) and
`figures(period, rule) -> Section` (action-plan progress gives one such entry per theme,
`progress.THEME_SECTIONS`); the dashboard, the reports, the PDF, the CSV and the command
all show exactly the sections listed here, grouped by theme in the plan's order (within a
theme, in the order listed). To add one: write `board/sections/<name>.py` with those two
names and add it to SECTIONS.
"""

from core.db import reading_aggregates
from core.disclosure import Rule

from ..periods import Period
from ..themes import THEMES
from . import (
    alerts,
    communications,
    data_protection,
    events,
    governance,
    inbox,
    learning,
    learning_impact,
    progress,
    reach,
    returns,
)
from .base import Chart, Headline, Section, Table

SECTIONS = [
    # Each theme opens with its action-plan progress (one entry per theme), then its figures.
    *progress.THEME_SECTIONS,
    reach,
    governance,
    returns,
    data_protection,
    events,
    learning,
    learning_impact,
    communications,
    inbox,
    alerts,
]


def all_sections(period: Period, rule: Rule) -> list[Section]:
    """Every registered section's figures for `period` under `rule`, in theme order, read in
    one transaction (so they are consistent with each other)."""
    ordered = sorted(SECTIONS, key=lambda module: module.THEME)  # stable within a theme
    with reading_aggregates():
        return [module.figures(period, rule) for module in ordered]


def by_theme(sections: list[Section]) -> list[tuple[int, str, list[Section]]]:
    """(number, name, sections) for each of the six themes, empty themes included."""
    return [(n, name, [s for s in sections if s.theme == n]) for n, name in THEMES.items()]


__all__ = ["SECTIONS", "Chart", "Headline", "Section", "Table", "all_sections", "by_theme"]
