"""Retention: warned a week ahead, then anonymised or deleted; a legal hold keeps a report."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from alerts import actions
from alerts.models import AuditEntry, Report, ReportAttachment
from alerts.receipts import hash_receipt

from .helpers import make_report
from .test_attachments import pdf_bytes


def closed_report(officer, days_ago, **extra):
    report, receipt = make_report(contact_email="sam@example.org", **extra)
    actions.send_reply(report, officer, "We looked into it.")
    actions.change_report_state(report, officer, "closed", "nfa")
    Report.objects.filter(pk=report.pk).update(closed_at=timezone.now() - timedelta(days=days_ago))
    return Report.objects.get(pk=report.pk), receipt


@pytest.fixture
def on_commit(django_capture_on_commit_callbacks):
    def run(fn, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return fn(*args, **kwargs)

    return run


def test_a_week_ahead_responders_are_told_which_reports_will_go(
    police_officer, on_commit, settings
):
    settings.ALERTS_RETENTION_DAYS = 365
    soon, _ = closed_report(police_officer, days_ago=360)
    later, _ = closed_report(police_officer, days_ago=100)
    held, _ = closed_report(police_officer, days_ago=360)
    actions.set_legal_hold(held, police_officer, True, "Inquiry")
    mail.outbox.clear()

    result = on_commit(actions.apply_retention)

    assert result.warned == [soon.reference]
    assert result.anonymised == [] and result.deleted == []
    message = next(m for m in mail.outbox if m.to == [police_officer.email])
    assert message.subject == "Closed reports will be removed next week"
    for part in (message.body, message.alternatives[0][0]):
        assert soon.reference in part
        assert later.reference not in part and held.reference not in part
        assert "Graffiti" not in part
    # A second run does not warn again.
    mail.outbox.clear()
    assert on_commit(actions.apply_retention).warned == []
    assert mail.outbox == []


def test_after_the_period_a_closed_report_is_anonymised_and_its_receipt_stops_working(
    police_officer, client, settings
):
    settings.ALERTS_RETENTION_DAYS = 365
    report, receipt = closed_report(police_officer, days_ago=366)
    attachment = ReportAttachment(report=report, content_type="application/pdf", size=10)
    from django.core.files.base import ContentFile

    attachment.file.save("upload", ContentFile(pdf_bytes()), save=True)
    path = attachment.file.path
    actions.apply_retention()  # warns
    assert Report.objects.get(pk=report.pk).anonymised_at is None

    result = actions.apply_retention(timezone.now() + timedelta(days=7))

    assert result.anonymised == [report.reference]
    report.refresh_from_db()
    assert report.anonymised_at and report.description.startswith("[Removed")
    assert report.contact_email == "" and report.location == ""
    assert report.receipt_hash is None
    assert not report.messages.exclude(body__startswith="[Removed").exists()
    assert not ReportAttachment.objects.exists()
    import os

    assert not os.path.exists(path)
    # Kept for the statistics: kind, area, dates, outcome.
    assert report.kind == "tension" and report.outcome == "nfa"
    assert not Report.objects.filter(receipt_hash=hash_receipt(receipt)).exists()
    assert client.post("/report/return/", {"receipt": receipt}).status_code == 400
    assert AuditEntry.objects.filter(action="alerts.report.anonymised").count() == 1


def test_in_delete_mode_the_report_goes_but_its_audit_trail_stays(police_officer, settings):
    settings.ALERTS_RETENTION_MODE = "delete"
    report, _ = closed_report(police_officer, days_ago=400)
    actions.apply_retention()

    result = actions.apply_retention(timezone.now() + timedelta(days=7))

    assert result.deleted == [report.reference]
    assert not Report.objects.filter(pk=report.pk).exists()
    assert AuditEntry.objects.filter(
        report_reference=report.reference, action="alerts.report.deleted"
    ).exists()
    assert AuditEntry.objects.filter(report_reference=report.reference).count() > 3


def test_a_report_under_legal_hold_and_open_reports_are_kept(police_officer):
    held, _ = closed_report(police_officer, days_ago=800)
    actions.set_legal_hold(held, police_officer, True, "Court order 12")
    open_report, _ = make_report()
    Report.objects.filter(pk=open_report.pk).update(created_at=timezone.now() - timedelta(days=800))

    actions.apply_retention()
    actions.apply_retention(timezone.now() + timedelta(days=8))

    held.refresh_from_db()
    open_report.refresh_from_db()
    assert held.anonymised_at is None and held.description.startswith("Graffiti")
    assert open_report.anonymised_at is None


def test_reopening_a_warned_report_cancels_its_removal(police_officer):
    report, _ = closed_report(police_officer, days_ago=366)
    actions.apply_retention()
    actions.change_report_state(report, police_officer, "in_progress")

    actions.apply_retention(timezone.now() + timedelta(days=8))

    assert Report.objects.get(pk=report.pk).anonymised_at is None


def test_the_management_command_can_show_what_would_happen_without_changing_anything(
    police_officer,
):
    report, _ = closed_report(police_officer, days_ago=366)
    out = StringIO()

    call_command("apply_alerts_retention", "--dry-run", stdout=out)

    assert f"Would be warned about: 1 {report.reference}" in out.getvalue()
    assert Report.objects.get(pk=report.pk).retention_warned_at is None
    call_command("apply_alerts_retention", stdout=StringIO())
    assert Report.objects.get(pk=report.pk).retention_warned_at is not None
