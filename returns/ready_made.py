"""The four ready-made returns: their title, period, recipients and questions.

- the quarterly L&D return, to every specified authority: how many of its staff need each level
  (pre-filled on the form with the organisation's last answer; submitted, they become its
  headcount in learning), and staff trained at each level this quarter — asked only of
  organisations whose completions are not already recorded (learning's
  `organisations_with_recorded_completions` for the quarter: `actions.questions_for`);
- the quarterly action update: a status and a short narrative for each action of the current
  plan, each asked only of the organisations responsible for it;
- the police Prevent team's quarterly figures: concerns received, by referral source sector,
  numbers only (never an identifier);
- the annual self-assessment of the Prevent duty: the Home Office's expectations for leaders
  (understand risk, build capabilities, communicate, implement), each a RAG status.
"""

from django.utils import timezone

from core.periods import Quarter, Year
from networks.models import Organisation, Sector

from .models import Action, Plan, Question, Template

NO_NAMES = (
    "Do not name or describe any person or case: numbers and statuses only. Individual "
    "concerns go through the referral route, never a return."
)

LEVELS = [
    (1, "Level 1 (Prevent e-learning)"),
    (2, "Level 2 (WRAP face-to-face training)"),
    (3, "Level 3 (train the trainer)"),
]

HEADCOUNT_HINT = (
    "Everyone whose role needs this level or a higher one, counted once. Filled in with your "
    "organisation's last answer: change it only if it has changed."
)

# Where concerns came from, by sector of the referrer: never about a person or a group.
REFERRAL_SOURCES = [
    ("education", "Education"),
    ("health", "Health"),
    ("local_authority", "Local authority"),
    ("police", "Police"),
    ("prisons_probation", "Prisons and probation"),
    ("voluntary", "Voluntary and community sector"),
    ("community", "Community, family or friends"),
    ("other", "Other or not known"),
]

EXPECTATIONS = [
    (
        "understand_risk",
        "Leaders understand the risk of radicalisation in their area or institution",
        "A risk assessment exists, is reviewed and is informed by the Counter Terrorism Local "
        "Profile.",
    ),
    (
        "build_capabilities",
        "Staff are trained and able to recognise and refer concerns",
        "Training matches each role (levels 1 to 3) and take-up is monitored.",
    ),
    (
        "communicate",
        "The organisation communicates Prevent to its staff and partners",
        "Staff know who their Prevent lead is and how to raise a concern.",
    ),
    (
        "implement",
        "Prevent duty policies and procedures are in place and used",
        "Referral procedures, IT policies and venue lettings follow the duty guidance.",
    ),
]


def current_plan(day=None):
    day = day or timezone.localdate()
    covering = Plan.objects.filter(starts_on__lte=day, ends_on__gte=day).order_by("-starts_on")
    return covering.first() or Plan.objects.order_by("-starts_on").first()


def build(template: str, period_start) -> dict:
    """{"title", "period_kind", "introduction", "questions": [Question…] (unsaved),
    "organisations": [Organisation…], "sectors": [...]} for a ready-made return."""
    quarter = Quarter.of(period_start)
    specified = Organisation.objects.filter(is_specified_authority=True)
    if template == Template.LD_QUARTERLY:
        return {
            "title": f"Learning and development return, {quarter.long_label}",
            "period_kind": "quarter",
            "introduction": "How many of your staff need each level of Prevent training, and "
            "(unless the partnership records your training itself) how many completed it this "
            "quarter. Count each person once per level.",
            "questions": [
                Question(
                    kind=Question.Kind.WHOLE_NUMBER,
                    text=f"Staff or volunteers who need {label}",
                    help_text=HEADCOUNT_HINT,
                    headcount_level=level,
                )
                for level, label in LEVELS
            ]
            + [
                Question(
                    kind=Question.Kind.WHOLE_NUMBER,
                    text=f"Staff trained at {label} this quarter",
                    help_text="A whole number; 0 if none.",
                    level=level,
                )
                for level, label in LEVELS
            ],
            "organisations": list(specified),
            "sectors": [],
        }
    if template == Template.ACTION_UPDATE:
        plan = current_plan(quarter.start)
        actions = (
            Action.objects.filter(theme__plan=plan, responsible_organisations__isnull=False)
            .distinct()
            .select_related("theme")
            if plan
            else Action.objects.none()
        )
        questions = []
        for action in actions:
            questions.append(
                Question(
                    kind=Question.Kind.RAG,
                    text=f"{action.number} {action.text[:200]}: status this quarter",
                    help_text=f"Timescale: {action.timescale}"[:500]
                    if action.timescale
                    else "Choose the status that best describes the action this quarter.",
                    action=action,
                )
            )
            questions.append(
                Question(
                    kind=Question.Kind.SHORT_TEXT,
                    text=f"{action.number}: what happened this quarter",
                    help_text="A few sentences on progress, and what would help if it is at "
                    "risk or off track.",
                    required=False,
                    action=action,
                )
            )
        organisations = Organisation.objects.filter(plan_actions__in=actions).distinct()
        return {
            "title": f"Action plan update, {quarter.long_label}",
            "period_kind": "quarter",
            "introduction": "The progress of the actions your organisation is responsible for, "
            "for the Prevent Working Group's quarterly meeting.",
            "questions": questions,
            "organisations": list(organisations),
            "sectors": [],
        }
    if template == Template.POLICE_FIGURES:
        return {
            "title": f"Police Prevent team figures, {quarter.long_label}",
            "period_kind": "quarter",
            "introduction": "The number of Prevent concerns received this quarter, by the "
            "sector of whoever raised them. Numbers only.",
            "questions": [
                Question(
                    kind=Question.Kind.WHOLE_NUMBER,
                    text=f"Concerns received from: {label}",
                    help_text="A whole number; 0 if none. Counts only, no identifiers.",
                    referral_source=code,
                )
                for code, label in REFERRAL_SOURCES
            ],
            "organisations": list(Organisation.objects.filter(sector=Sector.POLICE)[:1]),
            "sectors": [],
        }
    if template == Template.SELF_ASSESSMENT:
        year = Year.of(period_start)
        questions = [
            Question(kind=Question.Kind.RAG, text=text, help_text=hint, expectation=code)
            for code, text, hint in EXPECTATIONS
        ]
        questions.append(
            Question(
                kind=Question.Kind.SHORT_TEXT,
                text="Anything the Prevent Working Group should know",
                help_text="Optional.",
                required=False,
            )
        )
        return {
            "title": f"Prevent duty self-assessment, {year.long_label}",
            "period_kind": "year",
            "introduction": "How your organisation meets the Home Office's expectations of "
            "leaders under the Prevent duty.",
            "questions": questions,
            "organisations": [],
            "sectors": sorted({o.sector for o in specified}),
        }
    raise ValueError(f"not a ready-made return: {template!r}")
