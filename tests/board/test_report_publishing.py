"""Publishing a board report: never before its period has ended (the page says from when), one
snapshot however many Publish clicks race, and a published report withdrawn and replaced by a
correction that says what changed (the first kept, marked withdrawn)."""

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone
from wagtail.models import PageLogEntry
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from board.actions import ReportNotPublishable, publish_report_snapshot
from board.demo import ensure_reports_folder
from board.models import BoardReportPage, ReportSnapshot
from board.periods import Period
from core.periods import Year
from sending.models import Delivery
from tests.support.board import london, make_board_member, make_reports
from tests.support.concurrency import post_at_once
from tests.support.migrated import root_page
from tests.support.people import make_coordinator, make_editor


def make_report(coordinator, period_key, *, kind="quarterly", title="PWG report"):
    index = ensure_reports_folder(root_page())
    page = BoardReportPage(
        title=title,
        slug=f"report-{period_key.lower()}",
        kind=kind,
        period_key=period_key,
        narrative_6="<p>Tension reports rose in Rugby.</p>",
        live=False,
    )
    index.add_child(instance=page)
    page.save_revision(user=coordinator)
    return page


def edit_data(page, **changes):
    fields = {
        "title": page.title,
        "slug": page.slug,
        "kind": page.kind,
        "period_key": page.period_key,
        "summary": rich_text("<p>Summary.</p>"),
        **{f"narrative_{n}": rich_text(f"<p>Theme {n}.</p>") for n in range(1, 7)},
        "correction_note": page.correction_note,
        "comments": inline_formset([]),
        **changes,
    }
    return nested_form_data(fields)


def edit_url(page):
    return f"/admin/pages/{page.pk}/edit/"


@pytest.fixture
def board_member(django_user_model):
    return make_board_member(django_user_model)


# --- Publish only a finished period --------------------------------------------------------


def test_a_report_is_publishable_from_the_first_day_after_its_period_in_london(db, coordinator):
    report = make_report(coordinator, "2026-Q3")  # October to December 2026
    assert report.publishable_from() == dt.date(2027, 1, 1)
    assert not report.period_has_ended(dt.date(2026, 12, 31))
    assert report.period_has_ended(dt.date(2027, 1, 1))


def test_publishing_a_running_quarter_is_refused_and_the_page_says_from_when(
    db, coordinator, board_member, client
):
    current = Period.current_quarter()
    report = make_report(coordinator, current.key)
    client.force_login(coordinator)
    opens_on = f"{current.end + dt.timedelta(days=1):%-d %B %Y}"

    form = client.get(edit_url(report)).content.decode()
    response = client.post(edit_url(report), edit_data(report, **{"action-publish": "1"}))

    assert f"can be drafted now and published from {opens_on}" in form
    assert 'name="action-publish"' not in form  # no Publish button
    assert response.status_code == 302
    followed = client.get(response["Location"]).content.decode()
    assert f"published from {opens_on}" in followed
    report.refresh_from_db()
    assert not report.live and not ReportSnapshot.objects.exists()
    assert report.get_latest_revision().content["narrative_1"]  # the draft was kept
    assert not Delivery.objects.exists()


def test_an_annual_report_in_december_cannot_be_approved_before_april(
    db, coordinator, board_member, client
):
    year = Year.of(timezone.localdate())
    report = make_report(coordinator, str(year), kind="annual", title="Annual report")
    workflow_state = report.get_workflow().start(report, coordinator)
    client.force_login(coordinator)

    response = client.post(
        f"/admin/pages/workflow/action/{report.pk}/approve/{workflow_state.current_task_state.pk}/",
        {"comment": ""},
    )

    assert response.status_code == 302 and response["Location"] == edit_url(report)
    page = client.get(edit_url(report)).content.decode()
    assert f"published from {year.end + dt.timedelta(days=1):%-d %B %Y}" in page
    report.refresh_from_db()
    assert not report.live and not ReportSnapshot.objects.exists()
    workflow_state.refresh_from_db()
    assert workflow_state.status == "in_progress"  # still awaiting approval, not approved


def test_publishing_from_code_before_the_period_ends_changes_nothing(db, coordinator):
    report = make_report(coordinator, Period.current_quarter().key)
    revision = report.get_latest_revision()
    with pytest.raises(ReportNotPublishable):
        revision.publish(user=coordinator)
    with pytest.raises(ReportNotPublishable):  # as a finished workflow does, skipping checks
        revision.publish(user=coordinator, skip_permission_checks=True)
    report.refresh_from_db()
    assert not report.live and not ReportSnapshot.objects.exists()
    assert not PageLogEntry.objects.filter(page=report, action="wagtail.publish").exists()


def test_a_finished_quarter_publishes_through_the_edit_view(db, coordinator, board_member, client):
    report = make_report(coordinator, "2026-Q1")
    client.force_login(coordinator)
    assert "has ended: this report can be published" in client.get(edit_url(report)).text

    response = client.post(edit_url(report), edit_data(report, **{"action-publish": "1"}))

    assert response.status_code == 302
    snapshot = ReportSnapshot.objects.get()
    assert snapshot.page_id == report.pk and snapshot.published_by == coordinator
    assert PageLogEntry.objects.filter(page=report, action="board.report.published").count() == 1


# --- Concurrent publishes ------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_six_publish_clicks_at_once_give_one_snapshot_one_email_and_no_error(
    demo_site, django_user_model
):
    coordinator = make_coordinator("casey", email="casey@example.org")
    member = make_board_member(django_user_model, username="bea", email="bea@example.org")
    report = make_report(coordinator, "2026-Q1", title="PWG report raced")
    signed_in = Client()
    signed_in.force_login(coordinator)

    responses = post_at_once(
        signed_in.cookies, edit_url(report), edit_data(report, **{"action-publish": "1"}), n=6
    )

    assert [getattr(r, "status_code", r) for r in responses] == [302] * 6
    snapshot = ReportSnapshot.objects.get(page=report)
    assert Delivery.objects.filter(email=member.email).count() == 1
    assert PageLogEntry.objects.filter(page=report, action="board.report.published").count() == 1
    assert snapshot.title == "PWG report raced"


@pytest.mark.django_db(transaction=True)
def test_the_database_holds_one_current_snapshot_even_past_the_lock(demo_site):
    from django.db import IntegrityError, transaction

    coordinator = make_coordinator("casey", email="casey@example.org")
    report = make_report(coordinator, "2026-Q1")
    first = publish_report_snapshot(report, coordinator)
    with pytest.raises(IntegrityError), transaction.atomic():
        ReportSnapshot.objects.create(
            page=report,
            title=first.title,
            kind=first.kind,
            period_key=first.period_key,
            period_label=first.period_label,
            content=first.content,
            published_at=timezone.now(),
        )
    assert ReportSnapshot.objects.filter(page=report).count() == 1


# --- Withdraw and correct ------------------------------------------------------------------


@pytest.fixture
def published(db, coordinator, board_member, django_capture_on_commit_callbacks):
    make_reports(9, at=london(2026, 5, 1, 9))
    report = make_report(coordinator, "2026-Q1")
    with django_capture_on_commit_callbacks(execute=True):
        report.get_latest_revision().publish(user=coordinator)
    return report, ReportSnapshot.objects.get(page=report)


def test_a_published_report_is_withdrawn_corrected_and_both_stay_in_the_history(
    published, coordinator, board_member, client, django_capture_on_commit_callbacks
):
    report, first = published
    frozen = first.content
    client.force_login(coordinator)

    form = client.get(f"/admin/board/reports/{first.pk}/withdraw/")
    withdrawn = client.post(
        f"/admin/board/reports/{first.pk}/withdraw/",
        {"reason": "The Rugby figures counted one report twice."},
    )
    assert form.status_code == 200 and withdrawn.status_code == 302
    assert withdrawn["Location"] == edit_url(report)
    first.refresh_from_db()
    report.refresh_from_db()
    assert first.is_withdrawn and first.withdrawn_by == coordinator
    assert first.content == frozen  # kept as published, never deleted
    assert not report.live

    # Publishing the correction without saying what changed is refused.
    report.refresh_from_db()
    refused = client.post(edit_url(report), edit_data(report, **{"action-publish": "1"}))
    assert refused.status_code == 302
    assert "say what this correction changes" in client.get(refused["Location"]).text
    assert ReportSnapshot.objects.count() == 1

    Delivery.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            edit_url(report),
            edit_data(
                report,
                correction_note="Rugby's tension reports corrected from 10 to 5.",
                **{"action-publish": "1"},
            ),
        )
    second = ReportSnapshot.objects.exclude(pk=first.pk).get()
    assert second.corrects == first and not second.is_withdrawn
    assert second.correction_note == "Rugby's tension reports corrected from 10 to 5."
    assert Delivery.objects.filter(email=board_member.email).count() == 1  # told again
    codes = list(
        PageLogEntry.objects.filter(page=report, action__startswith="board.")
        .order_by("timestamp", "pk")
        .values_list("action", flat=True)
    )
    assert codes == ["board.report.published", "board.report.withdrawn", "board.report.corrected"]

    reader = Client()
    reader.force_login(board_member)
    listing = reader.get("/admin/board/reports/").text
    assert "Withdrawn" in listing and "Corrected version" in listing
    current = reader.get(f"/admin/board/reports/{second.pk}/").text
    assert "Corrected on" in current and "corrected from 10 to 5" in current
    assert "counted one report twice" in current  # why the first was withdrawn
    old = reader.get(f"/admin/board/reports/{first.pk}/").text
    assert "Withdrawn on" in old and f"/admin/board/reports/{second.pk}/" in old
    assert "Withdraw this report" not in current  # board members change nothing


def test_withdrawing_twice_or_without_a_reason_is_refused(published, coordinator, client):
    report, first = published
    client.force_login(coordinator)
    empty = client.post(f"/admin/board/reports/{first.pk}/withdraw/", {"reason": " "})
    assert empty.status_code == 200 and not ReportSnapshot.objects.get().is_withdrawn
    client.post(f"/admin/board/reports/{first.pk}/withdraw/", {"reason": "Wrong."})
    again = client.post(f"/admin/board/reports/{first.pk}/withdraw/", {"reason": "Again."})
    assert again.status_code == 200
    first.refresh_from_db()
    assert first.withdrawal_reason == "Wrong."
    assert PageLogEntry.objects.filter(action="board.report.withdrawn").count() == 1


def test_wagtails_unpublish_of_a_published_report_leads_to_withdrawal(
    published, coordinator, client
):
    report, first = published
    client.force_login(coordinator)
    response = client.get(f"/admin/pages/{report.pk}/unpublish/")
    assert response.status_code == 302
    assert response["Location"] == f"/admin/board/reports/{first.pk}/withdraw/"
    report.refresh_from_db()
    assert report.live and not ReportSnapshot.objects.get().is_withdrawn


def test_only_the_board_people_may_withdraw(published, board_member, client):
    report, first = published
    for user in (board_member, make_editor()):
        client.force_login(user)
        url = f"/admin/board/reports/{first.pk}/withdraw/"
        assert client.get(url).status_code == 404
        assert client.post(url, {"reason": "Mine now."}).status_code == 404
    assert not ReportSnapshot.objects.get().is_withdrawn
