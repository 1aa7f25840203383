"""The board's demo and the coordinator's preview of a draft report."""

import pytest
from django.test import RequestFactory

from board.demo import seed_board_demo
from board.models import BoardReportIndexPage, BoardReportPage, ReportSnapshot
from tests.support.migrated import root_page

pytestmark = pytest.mark.django_db


def test_the_demo_makes_one_folder_with_its_workflow_and_one_draft_report_however_often_run():
    home = root_page()
    seed_board_demo(home)
    seed_board_demo(home)
    assert BoardReportIndexPage.objects.count() == 1
    report = BoardReportPage.objects.get()
    assert not report.live and report.get_workflow().name == "Board report approval"
    assert not ReportSnapshot.objects.exists()  # a draft freezes nothing


def test_the_preview_shows_todays_figures_under_the_disclosure_rule_and_the_six_themes():
    seed_board_demo(root_page())
    report = BoardReportPage.objects.get()
    response = report.serve_preview(RequestFactory().get("/"), "")
    body = response.content.decode()
    assert response.status_code == 200
    assert "6. Intelligence and communications" in body and "4. Safe education" in body
    assert "To protect individuals" in body
