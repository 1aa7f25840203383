"""Signed, expiring links that let a submitter return to their report without the receipt.

Their own salt (never valid as another kind of token), and they carry a fingerprint of the
report's current contact address: once the report is anonymised every link stops working.
"""

import hashlib
from datetime import timedelta

from django.conf import settings
from django.core import signing

from .models import Report

SALT = "alerts.report.return-link"
MAX_AGE = timedelta(days=30)


class BadReportLink(Exception):
    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason  # "expired" or "invalid"


def _fingerprint(report: Report) -> str:
    return hashlib.sha256(f"{report.pk}:{report.contact_email}".encode()).hexdigest()[:16]


def make_report_token(report: Report) -> str:
    return signing.dumps({"r": report.pk, "f": _fingerprint(report)}, salt=SALT, compress=True)


def read_report_token(token: str) -> Report:
    """The report a valid token names; raises BadReportLink otherwise."""
    try:
        payload = signing.loads(token, salt=SALT, max_age=MAX_AGE)
    except signing.SignatureExpired:
        raise BadReportLink("expired") from None
    except (signing.BadSignature, ValueError, TypeError):
        raise BadReportLink("invalid") from None
    report = Report.objects.filter(pk=payload.get("r"), anonymised_at__isnull=True).first()
    if report is None or not report.contact_email or payload.get("f") != _fingerprint(report):
        raise BadReportLink("invalid")
    return report


def report_link_url(report: Report) -> str:
    return f"{settings.SITE_URL}/report/link/{make_report_token(report)}/"
