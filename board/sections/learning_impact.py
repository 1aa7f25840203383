"""The impact follow-up of training (theme 3, seed action 3.6, "did it change anything?"),
beside the take-up: how the questionnaires sent three months after each session were answered
in the period, and how many were sent.

Every figure comes from `learning.impact` (the take-up report's own section), disclosed there:
under the rule, the year's quarters and the year are one cube, and a question everyone answered
alike is withheld; nothing is counted again here.
"""

from __future__ import annotations

from core.disclosure import Rule
from learning.impact import impact

from ..periods import Period
from .base import Headline, Section, Table

THEME = 3


def figures(period: Period, rule: Rule) -> Section:
    shown = impact(period, rule)
    section = Section(
        key="learning-impact", title="Learning and development: impact follow-up", theme=THEME
    )
    section.headlines = [
        Headline(label="Follow-up questionnaires answered", value=shown.answered),
        Headline(label="Follow-up questionnaires sent", value=shown.sent),
    ]
    section.tables.append(
        Table(
            key="learning-impact",
            title="Three months after a session: what attendees say",
            row_heading="Attendees who say they",
            rows=[row.label for row in shown.rows],
            columns=shown.columns,
            cells=[row.cells for row in shown.rows],
            row_totals=[row.total for row in shown.rows],
            note="Answers given in the period to the questionnaire sent three months after each "
            "training session to the people checked in at it; the total is the people who "
            "answered.",
        )
    )
    return section
