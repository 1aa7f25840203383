"""Small builders for the board tests: a board member, districts, contacts, reports and sends
with exactly the rows a test names, at the moments it names (Europe/London)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django.utils import timezone

LONDON = ZoneInfo("Europe/London")


def london(*args) -> dt.datetime:
    """An aware moment in London time: london(2026, 3, 31, 23, 30)."""
    return dt.datetime(*args, tzinfo=LONDON)


def make_board_member(django_user_model, username="board", email="board.member@example.org"):
    from board.demo import ensure_board_group

    user = django_user_model.objects.create_user(username, email, "correct horse battery staple")
    user.groups.add(ensure_board_group())
    return user


def make_district(name: str):
    from networks.models import District

    return District.objects.get_or_create(name=name)[0]


def make_reports(n: int, *, at: dt.datetime, district=None, kind="tension", **fields):
    from alerts.models import Report

    start = Report.objects.count()
    return [
        Report.objects.create(
            reference=f"R{start + i:06d}",
            kind=kind,
            district=district,
            description="Something a board member must never see",
            created_at=at,
            **fields,
        )
        for i in range(n)
    ]


def make_send(subject: str, *, at: dt.datetime, kind="newsletter", topic="newsletter"):
    from sending.models import Send

    return Send.objects.create(
        subject=subject, text="Hello", kind=kind, topic=topic, state="sent", started_at=at
    )


def make_deliveries(send, n: int, *, state="sent", delivered=True, opened=False, prefix="p"):
    from sending.models import Delivery

    sent_at = send.started_at or timezone.now()
    return Delivery.objects.bulk_create(
        Delivery(
            send=send,
            email=f"{prefix}{i}.{send.pk}@example.org",
            state=state,
            sent_at=sent_at,
            delivered_at=sent_at if delivered else None,
            opened_at=sent_at if opened else None,
        )
        for i in range(n)
    )
