"""Signed, expiring links that let a submitter return to their report without the receipt.

Their own salt (never valid as another kind of token), and they carry a fingerprint of the
report's current contact address: once the report is anonymised every link stops working.
Built on `core.links`; a bad link raises its `BadLink` ("expired" or "invalid").
"""

from datetime import timedelta

from django.conf import settings

from core.links import BadLink, SignedLink, fingerprint

from .models import Report

SALT = "alerts.report.return-link"
MAX_AGE = timedelta(days=30)
LINK = SignedLink(salt=SALT, compress=True)


def _fingerprint(report: Report) -> str:
    return fingerprint(report.pk, report.contact_email)


def make_report_token(report: Report) -> str:
    return LINK.make({"r": report.pk}, fingerprint=_fingerprint(report))


def read_report_token(token: str) -> Report:
    """The report a valid token names; raises core's BadLink otherwise."""
    payload = LINK.read(token, max_age=MAX_AGE)
    report = Report.objects.filter(pk=payload.get("r"), anonymised_at__isnull=True).first()
    if report is None or not report.contact_email:
        raise BadLink("invalid")
    LINK.check(payload, fingerprint=_fingerprint(report))
    return report


def report_link_url(report: Report) -> str:
    return f"{settings.SITE_URL}/report/link/{make_report_token(report)}/"
