"""Changes of state of the board's reports. Each runs in a transaction and leaves a log entry."""

from __future__ import annotations

import logging

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from wagtail.actions.unpublish_page import UnpublishPageAction
from wagtail.log_actions import log
from wagtail.models import Page

from core import roles
from core.partnership import partnership
from sending.engine import MessageContent, send_to_address

from .models import BoardReportPage, ReportSnapshot
from .reports import content_for_page

logger = logging.getLogger(__name__)


class ReportNotPublishable(Exception):
    """Raised when a report may not be published (yet): its message says why and when it can."""


def lock_report(page_id: int) -> None:
    """Inside a transaction: hold the report's page row until it ends, so two publishes (six
    clicks on Publish, an approval beside a publish) of one report run one after the other and
    take the same locks in the same order. Taken first, before Wagtail writes anything."""
    list(Page.objects.select_for_update().filter(pk=page_id).values_list("pk", flat=True))


def check_publishable(page: BoardReportPage, today=None) -> None:
    """Raise `ReportNotPublishable` unless `page`'s period has ended (Europe/London) and, when
    it corrects a withdrawn version, it says what the correction changes."""
    if not page.period_has_ended(today):
        raise ReportNotPublishable(
            f"{page.title} covers {page.period().label}, which has not ended: it can be "
            f"drafted and approved now and published from {page.publishable_from():%-d %B %Y}."
        )
    if (
        page.pk
        and not ReportSnapshot.objects.filter(page=page, withdrawn_at__isnull=True).exists()
        and ReportSnapshot.objects.filter(page=page).exists()
        and not page.correction_note.strip()
    ):
        raise ReportNotPublishable(
            f"{page.title} corrects a withdrawn version: say what this correction changes "
            "before publishing it."
        )


def check_not_overtaken(page: BoardReportPage) -> None:
    """Raise `ReportNotPublishable` when the board already reads a published version of
    `page`: for a publish from a form loaded before the page last changed (another tab, another
    person), whose text would otherwise go live beside figures frozen with someone else's."""
    current = page.current_snapshot() if page.pk else None
    if current is not None:
        raise ReportNotPublishable(
            f"another version of “{page.title}” was published by {_name(current.published_by)} "
            f"{_when(current.published_at)}, and the board reads that one. Your changes are "
            "saved as a draft, so nothing is lost: compare them with the published version, "
            "and to change what the board reads, withdraw it and publish a correction."
        )


def _name(user) -> str:
    return (user.get_full_name() or user.get_username()) if user else "someone"


def _when(moment) -> str:
    return f"on {timezone.localtime(moment):%-d %B %Y at %H:%M}"


def publish_report_snapshot(page: BoardReportPage, user=None) -> ReportSnapshot:
    """Freeze what the report shows — its period's disclosed figures and charts, its narrative
    and the method note — when it is published, and email the board a link.

    Refused (`ReportNotPublishable`, which rolls the publish back) before the period has ended.
    Idempotent: while a version is current, publishing again keeps it (late data, a republished
    revision or a second click change nothing the board was shown) and nobody is emailed twice.
    After a withdrawal, the next publish freezes the correction, linked to the version it
    replaces. Concurrent publishes give one snapshot: the page row is locked first, and the
    database holds one current snapshot per report.
    """
    with transaction.atomic():
        lock_report(page.pk)
        page = BoardReportPage.objects.get(pk=page.pk)
        existing = page.current_snapshot()
        if existing is not None:
            return existing
        check_publishable(page)
        withdrawn = page.snapshots.filter(withdrawn_at__isnull=False).order_by("-published_at")
        corrects = withdrawn.first()
        period = page.period()
        content = content_for_page(page)
        if corrects is not None:
            content["correction"] = {
                "note": page.correction_note,
                "replaces_published_at": corrects.published_at.isoformat(),
                "withdrawn_at": corrects.withdrawn_at.isoformat(),
            }
        snapshot = ReportSnapshot.objects.create(
            page=page,
            title=page.title,
            kind=page.kind,
            period_key=period.key,
            period_label=period.label,
            content=content,
            published_at=timezone.now(),
            published_by=user,
            corrects=corrects,
            correction_note=page.correction_note if corrects is not None else "",
        )
        recipients = notify_board(snapshot)
        log(
            instance=page,
            action="board.report.corrected" if corrects else "board.report.published",
            user=user,
            data={
                "snapshot": snapshot.pk,
                "period": period.key,
                "emailed": recipients,
                **({"corrects": corrects.pk} if corrects else {}),
            },
        )
    return snapshot


def withdraw_report(snapshot: ReportSnapshot, user, reason: str) -> ReportSnapshot:
    """Mark the report's current version withdrawn (kept, never deleted: its figures stay
    readable, marked withdrawn) and take the page back to draft, so a corrected version can be
    approved and published. Raises `ReportNotPublishable` when it is already withdrawn or the
    reason is empty."""
    reason = (reason or "").strip()
    if not reason:
        raise ReportNotPublishable("Say why the report is withdrawn.")
    with transaction.atomic():
        lock_report(snapshot.page_id)
        now = timezone.now()
        updated = ReportSnapshot.objects.filter(pk=snapshot.pk, withdrawn_at__isnull=True).update(
            withdrawn_at=now, withdrawn_by=user, withdrawal_reason=reason
        )
        if not updated:
            current = ReportSnapshot.objects.select_related("withdrawn_by").get(pk=snapshot.pk)
            raise ReportNotPublishable(
                f"This version was already withdrawn by {_name(current.withdrawn_by)} "
                f"{_when(current.withdrawn_at)}, because: “{current.withdrawal_reason}”. "
                f"Your reason was not recorded: “{reason}”. If it still applies, say so in "
                "the correction note."
            )
        page = BoardReportPage.objects.get(pk=snapshot.page_id)
        if page.live:
            # The caller checked the user may work on board pages (an approver may withdraw).
            UnpublishPageAction(page, user=user).execute(skip_permission_checks=True)
        log(
            instance=page,
            action="board.report.withdrawn",
            user=user,
            data={"snapshot": snapshot.pk, "period": snapshot.period_key, "reason": reason},
        )
    return ReportSnapshot.objects.get(pk=snapshot.pk)


def board_members():
    return roles.members_of(roles.BOARD_MEMBER).exclude(email="").order_by("pk")


def notify_board(snapshot: ReportSnapshot) -> int:
    """One email per board member through the engine: a link to the report, never a figure."""
    content = _published_email(snapshot)
    count = 0
    for member in board_members():
        send_to_address(content, member.email, kind="notification", source=snapshot.page)
        count += 1
    return count


def _published_email(snapshot: ReportSnapshot) -> MessageContent:
    context = {
        "snapshot": snapshot,
        "url": settings.SITE_URL + reverse("board_admin:report", args=[snapshot.pk]),
        "partnership_name": partnership().name or settings.WAGTAIL_SITE_NAME,
    }
    return MessageContent(
        subject=f"Published for the board: {snapshot.title}",
        html=render_to_string("board/email/report_published.html", context),
        text=render_to_string("board/email/report_published.txt", context),
    )
