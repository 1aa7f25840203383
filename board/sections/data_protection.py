"""Data protection (theme 2, accountability): subject-access exports and erasures, retention
purges of the inbox, legal holds, and staff accounts with two-factor authentication."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef, Q
from django_otp.plugins.otp_totp.models import TOTPDevice
from wagtail.models import ModelLogEntry

from alerts.models import AuditEntry, Report
from core import disclosure
from core.disclosure import Rule

from ..periods import Period
from .base import Headline, Section, counts_table, headline

THEME = 2

SUBJECT_ACCESS = "networks.contact.subject_access_exported"
ERASED = "networks.contact.erased"
PURGED = ("alerts.report.anonymised", "alerts.report.deleted")
HOLD_SET = "alerts.report.legal_hold_set"


def _logged(period: Period, action: str) -> int:
    return ModelLogEntry.objects.filter(
        action=action, timestamp__gte=period.start_moment, timestamp__lt=period.end_moment
    ).count()


def _audited(period: Period, actions) -> int:
    return AuditEntry.objects.filter(
        action__in=actions, at__gte=period.start_moment, at__lt=period.end_moment
    ).count()


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
    section.headlines = [
        headline("Subject-access requests met", period, rule, lambda p: _logged(p, SUBJECT_ACCESS)),
        headline("Erasure requests met", period, rule, lambda p: _logged(p, ERASED)),
        headline(
            "Reports removed under the retention rules", period, rule, lambda p: _audited(p, PURGED)
        ),
        headline("Legal holds placed", period, rule, lambda p: _audited(p, (HOLD_SET,))),
    ]
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
        "Requests are counted when they were met (the export or the erasure was made); the date "
        "a request arrived is not recorded, so the time taken to meet it is not reported."
    )
    return section
