"""Board reports: approval, the snapshot publishing freezes, the email to the board, reading
them in the admin, and a board member who reads and changes nothing."""

import re

import pytest
from django.utils.html import strip_tags

from board.demo import ensure_reports_folder
from board.models import BoardReportPage, ReportSnapshot, SnapshotChangeError
from sending.models import Delivery
from tests.support.board import (
    london,
    make_board_member,
    make_district,
    make_reports,
)
from tests.support.migrated import root_page

pytestmark = pytest.mark.django_db


@pytest.fixture
def board_member(django_user_model):
    return make_board_member(django_user_model)


@pytest.fixture
def report(coordinator):
    home = root_page()
    index = ensure_reports_folder(home)
    page = BoardReportPage(
        title="PWG report Q1",
        slug="pwg-q1",
        kind="quarterly",
        period_key="2026-Q1",
        narrative_6="<p>Tension reports rose in Rugby.</p>",
        live=False,
    )
    index.add_child(instance=page)
    page.save_revision(user=coordinator)
    return page


def _approve(page, coordinator):
    workflow = page.get_workflow()
    assert workflow is not None and workflow.name == "Board report approval"
    workflow.start(page, coordinator)
    page.refresh_from_db()
    page.current_workflow_task_state.approve(user=coordinator)


def test_approving_a_report_publishes_it_freezes_a_snapshot_and_emails_the_board_a_link(
    coordinator, board_member, report, django_capture_on_commit_callbacks
):
    make_reports(9, at=london(2026, 5, 1, 9), district=make_district("Rugby"))
    with django_capture_on_commit_callbacks(execute=True):
        _approve(report, coordinator)
    snapshot = ReportSnapshot.objects.get(page=report)
    assert snapshot.period_label == "2026–27 Q1"
    inbox = next(s for s in snapshot.content["sections"] if s["key"] == "inbox")
    assert inbox["headlines"][0]["value"]["text"] == "10"  # 9 rounded to the nearest 5
    assert "Tension reports rose in Rugby." in snapshot.content["narratives"]["6"]

    delivery = Delivery.objects.get(email=board_member.email)
    assert "PWG report Q1" in delivery.send.subject
    for part in (delivery.send.text, delivery.send.html):
        assert f"/admin/board/reports/{snapshot.pk}/" in part
        words = strip_tags(part.replace(f"/admin/board/reports/{snapshot.pk}/", ""))
        assert not re.search(r"\b10\b", words)  # a link, never a figure


def test_a_published_snapshot_never_changes_after_new_data_or_a_new_revision(
    coordinator, board_member, report, client
):
    make_reports(9, at=london(2026, 5, 1, 9))
    report.save_revision(user=coordinator).publish(user=coordinator)
    snapshot = ReportSnapshot.objects.get(page=report)
    frozen = snapshot.content

    make_reports(30, at=london(2026, 6, 1, 9))  # late data for the same quarter
    report.narrative_6 = "<p>Rewritten afterwards.</p>"
    report.save_revision(user=coordinator).publish(user=coordinator)

    assert ReportSnapshot.objects.count() == 1
    snapshot.refresh_from_db()
    assert snapshot.content == frozen
    client.force_login(board_member)
    body = client.get(f"/admin/board/reports/{snapshot.pk}/").content.decode()
    assert "Rewritten afterwards" not in body
    assert "Reports and feedback received" in body
    with pytest.raises(SnapshotChangeError):
        snapshot.save()
    with pytest.raises(SnapshotChangeError):
        snapshot.delete()


def test_a_board_member_reads_published_reports_and_their_pdf_and_csv(
    coordinator, board_member, report, client
):
    report.save_revision(user=coordinator).publish(user=coordinator)
    snapshot = ReportSnapshot.objects.get()
    client.force_login(board_member)
    listing = client.get("/admin/board/reports/").content.decode()
    assert "PWG report Q1" in listing
    pdf = client.get(f"/admin/board/reports/{snapshot.pk}/report.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    csv = client.get(f"/admin/board/reports/{snapshot.pk}/tables/inbox-district-kind.csv")
    assert csv.status_code == 200
    assert "To protect individuals" in b"".join(csv.streaming_content).decode()


def test_a_board_member_changes_nothing_and_sees_no_record_behind_a_number(
    coordinator, board_member, report, client
):
    make_reports(12, at=london(2026, 5, 1, 9))
    report_row = make_reports(1, at=london(2026, 5, 2, 9))[0]
    client.force_login(board_member)
    assert client.get("/admin/board/", {"period": "2026-Q1"}).status_code == 200
    home = client.get("/admin/")
    assert (
        home.status_code == 200 and b"Something a board member must never see" not in home.content
    )
    for url in (
        f"/admin/pages/{report.pk}/edit/",
        f"/admin/pages/{report.pk}/",
        f"/admin/alerts/reports/{report_row.pk}/",
        "/admin/alerts/",
        "/admin/snippets/networks/contact/",
        "/admin/newsletters/sends/",
    ):
        response = client.get(url)
        assert response.status_code in (302, 403, 404), url
        assert b"Something a board member must never see" not in response.content
    before = BoardReportPage.objects.get(pk=report.pk).narrative_6
    response = client.post(f"/admin/pages/{report.pk}/edit/", {"title": "Hijacked"})
    assert response.status_code in (302, 403, 404)
    report.refresh_from_db()
    assert report.title == "PWG report Q1" and report.narrative_6 == before
    assert client.post(f"/admin/pages/{report.pk}/publish/").status_code in (302, 403, 404, 405)
    assert not ReportSnapshot.objects.exists()


def test_a_report_is_never_served_on_the_public_site(coordinator, report, client):
    report.save_revision(user=coordinator).publish(user=coordinator)
    assert client.get(report.url or "/board-reports/pwg-q1/").status_code == 404


def test_a_quarterly_report_needs_a_quarter(report):
    from django.core.exceptions import ValidationError

    report.period_key = "2026"
    with pytest.raises(ValidationError):
        report.full_clean()
