"""Data protection (theme 2, accountability): subject-access and erasure requests (when they
arrived, whether they were met within one calendar month, those still open), the exports and
erasures made, retention purges of the inbox, legal holds, and staff accounts with two-factor
authentication."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.db.models import Count, Exists, F, OuterRef, Q
from django.db.models.functions import TruncDate
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice
from wagtail.models import ModelLogEntry

from alerts.models import AuditEntry, Report
from core import disclosure
from core.disclosure import Rule
from core.periods import local_date
from networks.models import PrivacyRequest

from ..periods import Period
from ..stats import DAYS, span_percentiles
from .base import Headline, Section, counts_table, figures_table, headlines

THEME = 2

SUBJECT_ACCESS = "networks.contact.subject_access_exported"
ERASED = "networks.contact.erased"
PURGED = ("alerts.report.anonymised", "alerts.report.deleted")
HOLD_SET = "alerts.report.legal_hold_set"


def _logged_q(period: Period, action: str) -> Q:
    return Q(action=action, timestamp__gte=period.start_moment, timestamp__lt=period.end_moment)


def _audited_q(period: Period, actions) -> Q:
    return Q(action__in=actions, at__gte=period.start_moment, at__lt=period.end_moment)


KINDS = [
    (PrivacyRequest.Kind.ACCESS, "Subject access"),
    (PrivacyRequest.Kind.ERASURE, "Erasure"),
]


def _requests():
    """Every request, with the local (Europe/London) date it was met on."""
    return PrivacyRequest.objects.annotate(
        met_on=TruncDate("met_at", tzinfo=timezone.get_current_timezone())
    )


def _received_q(period: Period) -> Q:
    return Q(received_on__gte=period.start, received_on__lte=period.end)


def _met_q(period: Period) -> Q:
    return Q(met_at__gte=period.start_moment, met_at__lt=period.end_moment)


def _late_q(period: Period) -> Q:
    """Met in the period, on a day after the deadline (one calendar month from arrival)."""
    return _met_q(period) & Q(met_on__gt=F("due_on"))


def _as_of(period: Period) -> tuple[dt.date, dt.datetime]:
    """The last day and the moment the "open" figures are counted at: the end of the period,
    or now for a period not over yet."""
    moment = min(period.end_moment, timezone.now())
    return min(period.end, timezone.localdate()), moment


def _open_q(period: Period) -> Q:
    last_day, moment = _as_of(period)
    return Q(received_on__lte=last_day) & (Q(met_at__isnull=True) | Q(met_at__gte=moment))


def _overdue_q(period: Period) -> Q:
    """Open, and its deadline's day ended before that moment."""
    _last_day, moment = _as_of(period)
    return _open_q(period) & Q(due_on__lt=local_date(moment))


REQUEST_MEASURES = [
    ("Received", _received_q),
    ("Met", _met_q),
    ("Met later than one calendar month", _late_q),
    ("Open at the end of the period", _open_q),
    ("Open past the one-month deadline", _overdue_q),
]


def _request_figures(period: Period, rule: Rule, section: Section) -> None:
    """Headlines of all requests (beside the comparison periods, one query), the same measures
    by kind (one grouped query, through `disclosure.table`) and the median days to meet them
    (one query)."""
    section.headlines += headlines(
        period,
        rule,
        _requests(),
        [(f"Data protection requests: {label.lower()}", q) for label, q in REQUEST_MEASURES],
    )
    by_kind = {
        row["kind"]: row
        for row in _requests()
        .values("kind")
        .annotate(
            **{f"m{j}": Count("pk", filter=q(period)) for j, (_, q) in enumerate(REQUEST_MEASURES)}
        )
    }
    values = [
        [by_kind.get(kind, {}).get(f"m{j}", 0) for j in range(len(REQUEST_MEASURES))]
        for kind, _ in KINDS
    ]
    section.tables.append(
        counts_table(
            "data-protection-requests",
            "Subject-access and erasure requests",
            "Request",
            [label for _, label in KINDS],
            [label for label, _ in REQUEST_MEASURES],
            values,
            rule,
            row_totals=False,
            note="Received: arrived in the period. Met: the export or the erasure was made in "
            "the period. The deadline is one calendar month from the day a request arrived.",
        )
    )
    groups = [Q(kind=kind) for kind, _ in KINDS] + [Q()]
    medians = [
        (n, median)
        for n, (median,) in span_percentiles(
            _requests().filter(_met_q(period)),
            [("received_on", "met_on", group) for group in groups],
            fractions=(0.5,),
            unit=DAYS,
        )
    ]
    section.tables.append(
        figures_table(
            "data-protection-days",
            "Days from a request arriving to meeting it (requests met in the period)",
            "Request",
            [label for _, label in KINDS] + ["All requests"],
            ["Median (days)"],
            [[disclosure.percentile(median, n, rule)] for n, median in medians],
            note=f"Not shown (—) when fewer than {rule.statistic_base} requests were met.",
        )
    )


def staff_accounts():
    """Active accounts that can sign in to the admin."""
    User = get_user_model()
    return (
        User.objects.filter(is_active=True)
        .filter(Q(is_superuser=True) | Q(is_staff=True) | Q(groups__isnull=False))
        .distinct()
    )


def figures(period: Period, rule: Rule) -> Section:
    section = Section(key="data-protection", title="Data protection", theme=THEME)
    _request_figures(period, rule, section)
    # Each pair of headlines, with every period they are compared and linked with, one query.
    section.headlines += headlines(
        period,
        rule,
        ModelLogEntry.objects.filter(action__in=[SUBJECT_ACCESS, ERASED]),
        [
            ("Subject-access exports made", lambda p: _logged_q(p, SUBJECT_ACCESS)),
            ("Erasures made", lambda p: _logged_q(p, ERASED)),
        ],
    )
    section.headlines += headlines(
        period,
        rule,
        AuditEntry.objects.filter(action__in=[*PURGED, HOLD_SET]),
        [
            ("Reports removed under the retention rules", lambda p: _audited_q(p, PURGED)),
            ("Legal holds placed", lambda p: _audited_q(p, (HOLD_SET,))),
        ],
    )
    held = Report.objects.filter(legal_hold=True).count()
    section.headlines.append(
        Headline(label="Reports under legal hold now", value=disclosure.count(held, rule))
    )
    staff = staff_accounts().annotate(
        has_2fa=Exists(TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True))
    )
    with_2fa = staff.filter(has_2fa=True).count()
    total = staff.count()
    table = counts_table(
        "data-protection-2fa",
        "Staff accounts and two-factor authentication (now)",
        "Accounts",
        ["Staff accounts"],
        ["With two-factor", "Without"],
        [[with_2fa, total - with_2fa]],
        rule,
    )
    section.tables.append(table)
    section.headlines.append(
        Headline(
            label="Staff accounts with two-factor authentication",
            value=disclosure.rate(with_2fa, total, rule),
        )
    )
    section.notes.append(
        "Requests are those the coordinator recorded, with the date each arrived, on the "
        "contact's screen; the export or the erasure meets the contact's open request of its "
        "kind. The deadline is the same date a calendar month later (the month's last day when "
        "it has none), without the extra day the ICO allows when it falls on a weekend or bank "
        "holiday. Open requests are counted at the end of the period, or now for a period not "
        "over yet. Exports and erasures made count every one, whether or not a request was "
        "recorded."
    )
    return section
