"""A published board report withdrawn, or corrected, from two tabs at the same moment (two
requests, two database connections, PostgreSQL deciding who is first): one wins cleanly, the
other is told what happened, nothing either of them typed is lost, and nobody gets an error."""

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from wagtail.models import PageLogEntry
from wagtail.test.utils.form_data import rich_text

from board.actions import withdraw_report
from board.models import BoardReportPage, ReportSnapshot
from sending.models import Delivery
from tests.board.test_report_publishing import edit_data, edit_url, make_report
from tests.support import migrated
from tests.support.board import make_board_member
from tests.support.concurrency import post_at_once
from tests.support.people import make_coordinator

pytestmark = pytest.mark.django_db(transaction=True)


def _messages(response) -> str:
    return " ".join(str(m) for m in get_messages(response.wsgi_request))


@pytest.fixture
def published(django_user_model):
    migrated.role_groups()  # as the migrations made them (a transactional test empties them)
    coordinator = make_coordinator("casey", email="casey@example.org")
    member = make_board_member(django_user_model, username="bea", email="bea@example.org")
    report = make_report(coordinator, "2026-Q1", title="PWG report two tabs")
    report.get_latest_revision().publish(user=coordinator)
    signed_in = Client()
    signed_in.force_login(coordinator)
    return coordinator, member, report, ReportSnapshot.objects.get(page=report), signed_in


def test_withdrawing_from_two_tabs_at_once_withdraws_once_and_tells_the_other_why(published):
    coordinator, _member, report, first, signed_in = published
    url = f"/admin/board/reports/{first.pk}/withdraw/"
    reasons = ["Rugby's tension reports were counted twice.", "Warwick's training is missing."]

    responses = post_at_once(signed_in.cookies, url, [{"reason": r} for r in reasons])

    assert sorted(getattr(r, "status_code", r) for r in responses) == [200, 302]
    won, lost = sorted(responses, key=lambda r: r.status_code, reverse=True)
    winner = reasons[responses.index(won)]
    loser = reasons[responses.index(lost)]
    first.refresh_from_db()
    assert first.is_withdrawn and first.withdrawal_reason == winner
    assert PageLogEntry.objects.filter(page=report, action="board.report.withdrawn").count() == 1
    report.refresh_from_db()
    assert not report.live
    # The other tab is told who withdrew it and why, and what it typed is given back.
    told = _messages(lost)
    assert "already withdrawn" in told and "Casey Coordinator" in told and winner in told
    assert loser in told and "was not recorded" in told
    assert "Correct the report" in lost.text


def test_correcting_from_two_tabs_at_once_publishes_one_correction_and_keeps_the_other(
    published,
):
    coordinator, member, report, first, signed_in = published
    withdraw_report(first, coordinator, "Rugby's tension reports were counted twice.")
    report = BoardReportPage.objects.get(pk=report.pk)
    loaded = report.get_latest_revision()
    Delivery.objects.all().delete()
    notes = ["Rugby corrected from 10 to 5.", "Rugby corrected, and Warwick's training added."]
    forms = [
        edit_data(
            report,
            correction_note=note,
            narrative_6=rich_text(f"<p>{note}</p>"),
            loaded_revision_id=str(loaded.pk),
            loaded_revision_created_at=loaded.created_at.isoformat(),
            **{"action-publish": "1"},
        )
        for note in notes
    ]

    responses = post_at_once(signed_in.cookies, edit_url(report), forms)

    assert [getattr(r, "status_code", r) for r in responses] == [302, 302]
    correction = ReportSnapshot.objects.get(corrects=first)
    assert ReportSnapshot.objects.count() == 2
    winner = notes.index(correction.correction_note)
    loser = 1 - winner
    # The board reads the winning correction, and the live page is that same version.
    live = BoardReportPage.objects.get(pk=report.pk)
    assert live.live and live.correction_note == notes[winner]
    assert notes[winner] in live.narrative_6
    # The other tab's correction is not lost: it is the latest draft, and its tab is told.
    assert live.get_latest_revision().as_object().correction_note == notes[loser]
    told = _messages(responses[loser])
    assert "Not published" in told and "saved as a draft" in told
    assert "the board reads" in told
    assert "published" in _messages(responses[winner])
    codes = PageLogEntry.objects.filter(page=report, action="board.report.corrected")
    assert codes.count() == 1
    assert Delivery.objects.filter(email=member.email).count() == 1  # told once
