"""The audit log: every view, change, download and export; nobody can edit or delete it."""

import pytest
from django.db import DatabaseError, connection, transaction

from alerts.models import AuditEntry
from alerts.models.audit import AppendOnlyError
from tests.support.services import postgres_in_use, require

from .helpers import make_report


def test_submitting_and_triaging_leave_a_trail_without_report_content(
    officer_client, police_officer
):
    report, _ = make_report(contact_email="sam@example.org")
    url = f"/admin/alerts/reports/{report.pk}/"
    officer_client.get(url)
    officer_client.post(url + "state/", {"state": "acknowledged"})
    officer_client.post(url + "urgency/", {"urgency": "urgent"})
    officer_client.post(url + "note/", {"body": "Checked with the venue."})
    officer_client.post(url + "reply/", {"body": "Thank you."})

    entries = AuditEntry.objects.filter(report_id_value=report.pk).order_by("at", "id")
    assert [e.action for e in entries] == [
        "alerts.report.submitted",
        "alerts.report.viewed",
        "alerts.report.state_changed",
        "alerts.report.urgency_changed",
        "alerts.report.note_added",
        "alerts.report.replied",
    ]
    assert {e.actor for e in entries[1:]} == {police_officer}
    dump = str(list(entries.values()))
    assert "Checked with the venue" not in dump and "sam@example.org" not in dump
    assert "Graffiti" not in dump


def test_the_history_is_shown_on_the_report(officer_client):
    report, _ = make_report()

    html = officer_client.get(f"/admin/alerts/reports/{report.pk}/").content.decode()

    assert "Report received" in html and "Opened by Pat Officer" in html


def test_audit_entries_cannot_be_changed_or_deleted_through_the_code(db):
    report, _ = make_report()
    entry = AuditEntry.objects.get()

    entry.action = "alerts.report.nothing_happened"
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        entry.delete()
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.filter(pk=entry.pk).update(action="x")
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.all().delete()
    assert AuditEntry.objects.get().action == "alerts.report.submitted"


def test_postgresql_itself_refuses_to_change_the_audit_log(db):
    require(postgres_in_use(), "the append-only trigger exists on PostgreSQL only")
    make_report()

    for sql in ("UPDATE alerts_auditentry SET action = 'x'", "DELETE FROM alerts_auditentry"):
        with (
            pytest.raises(DatabaseError, match="append-only"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(sql)
    assert AuditEntry.objects.count() == 1


def test_responders_have_no_admin_page_to_edit_or_delete_the_audit_log(officer_client):
    make_report()
    entry = AuditEntry.objects.get()

    for url in (
        "/admin/snippets/alerts/auditentry/",
        f"/admin/snippets/alerts/auditentry/edit/{entry.pk}/",
        f"/admin/snippets/alerts/auditentry/delete/{entry.pk}/",
        f"/django-admin/alerts/auditentry/{entry.pk}/change/",
    ):
        assert officer_client.get(url).status_code == 404, url
    assert (
        officer_client.post(f"/admin/snippets/alerts/auditentry/delete/{entry.pk}/").status_code
        == 404
    )
    assert AuditEntry.objects.filter(pk=entry.pk).exists()
