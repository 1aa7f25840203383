"""Celery tasks: each carries primary keys only and calls an action or an email function."""

from celery import shared_task

from . import actions, emails


@shared_task(name="events.send_confirmation", ignore_result=True)
def send_confirmation(invitation_id: int, booking_ids: list[int]) -> None:
    """The confirmation (with .ics) after an answer or an offer taken (enqueued on commit)."""
    emails.send_booking_confirmation(invitation_id, booking_ids)


@shared_task(name="events.send_offer", ignore_result=True)
def send_offer(booking_id: int) -> None:
    emails.send_offer_email(booking_id)


@shared_task(name="events.send_offer_lapsed", ignore_result=True)
def send_offer_lapsed(booking_id: int) -> None:
    emails.send_offer_lapsed_email(booking_id)


@shared_task(name="events.expire_offers", ignore_result=True)
def expire_offers() -> int:
    """Beat: lapse offers past their hold time and offer the places on."""
    return actions.expire_offers()


@shared_task(name="events.send_reminders", ignore_result=True)
def send_reminders() -> dict:
    """Beat: reminders to attendees and chases to those who have not answered."""
    return actions.send_reminders()


@shared_task(name="events.send_feedback_requests", ignore_result=True)
def send_feedback_requests() -> int:
    """Beat: the feedback email to people who attended an event that has ended."""
    return actions.send_feedback_requests()
