"""Changes of state of the board's reports. Each runs in a transaction and leaves a log entry."""

from __future__ import annotations

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from wagtail.log_actions import log

from core.partnership import partnership
from sending.engine import MessageContent, send_to_address

from .models import BoardReportPage, ReportSnapshot
from .periods import Period
from .reports import content_for_page

logger = logging.getLogger(__name__)
BOARD_GROUP = "Board members"


def publish_report_snapshot(page: BoardReportPage, user=None) -> ReportSnapshot:
    """Freeze what the report shows — its period's disclosed figures and charts, its narrative
    and the method note — the first time it is published, and email the board a link.

    Idempotent: a report published again keeps its first snapshot (late data, a republished
    revision or a second click change nothing the board was shown) and nobody is emailed twice.
    """
    with transaction.atomic():
        page = BoardReportPage.objects.select_for_update().get(pk=page.pk)
        existing = ReportSnapshot.objects.filter(page=page).first()
        if existing is not None:
            return existing
        period = Period.parse(page.period_key)
        snapshot = ReportSnapshot.objects.create(
            page=page,
            title=page.title,
            kind=page.kind,
            period_key=period.key,
            period_label=period.label,
            content=content_for_page(page),
            published_at=timezone.now(),
            published_by=user,
        )
        recipients = notify_board(snapshot)
        log(
            instance=page,
            action="board.report.published",
            user=user,
            data={"snapshot": snapshot.pk, "period": period.key, "emailed": recipients},
        )
    return snapshot


def board_members():
    return (
        get_user_model()
        .objects.filter(is_active=True, groups__name=BOARD_GROUP)
        .exclude(email="")
        .distinct()
        .order_by("pk")
    )


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
