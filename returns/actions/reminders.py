"""A respondent's own answers to a chase, from its two personal links: "stop reminders for
this return" and "I am not the right person" (hand it to a colleague). Each locks the
respondent's row, so a double or concurrent POST changes it once, and leaves a `returns.*` log
entry on the response naming contact ids only."""

from django.db import transaction
from django.utils import timezone
from wagtail.log_actions import log

from networks.models.contacts import normalise_email

from ..models import Respondent, Response
from .responses import NotAdded, ReturnClosed, add_respondent


@transaction.atomic
def stop_chases(respondent: Respondent) -> bool:
    """This respondent gets no more chases for this response (other emails, and the other
    respondents' chases, are untouched; their link still opens the return). Returns whether
    this call stopped them (False: already stopped)."""
    locked = Respondent.objects.select_for_update().get(pk=respondent.pk)
    if locked.chases_stopped_at is not None:
        return False
    locked.chases_stopped_at = timezone.now()
    locked.save(update_fields=["chases_stopped_at"])
    log(
        instance=locked.response,
        action="returns.respondent.chases_stopped",
        user=None,
        data={"contact": locked.contact_id},
    )
    return True


@transaction.atomic
def hand_over(respondent: Respondent, *, email: str, first_name: str, last_name: str = "") -> bool:
    """ "I am not the right person": the colleague at `email` becomes a respondent of the
    response and gets their own link through the engine (as `add_respondent` adds a colleague),
    and this respondent gets no more chases for it. An address held by another organisation,
    or one that may not be mailed, adds nobody (the lead's page answers the same either way;
    the history shows the refusal and the status screen that nobody was added), but the lead
    still said it is not theirs, so their chases stop too. Returns whether this call handed it
    over (False: it was already handed over). Raises ReturnClosed once the response is
    submitted, NotAdded for the respondent's own address."""
    locked = (
        Respondent.objects.select_for_update()
        .select_related("contact", "response__organisation", "response__ret")
        .get(pk=respondent.pk)
    )
    if locked.handed_over_at is not None:
        return False
    response = Response.objects.select_related("organisation", "ret").get(pk=locked.response_id)
    if response.state == Response.State.SUBMITTED:
        raise ReturnClosed()
    if normalise_email(email) == normalise_email(locked.contact.email):
        raise NotAdded("Give your colleague's email address, not your own.")
    colleague = add_respondent(
        response,
        email=email,
        first_name=first_name,
        last_name=last_name,
        by_contact=locked.contact,
        handed_over=True,
    )
    now = timezone.now()
    locked.handed_over_at = now
    locked.handed_to = colleague.contact if colleague else None
    locked.chases_stopped_at = locked.chases_stopped_at or now
    locked.save(update_fields=["handed_over_at", "handed_to", "chases_stopped_at"])
    log(
        instance=response,
        action="returns.respondent.handed_over",
        user=None,
        data={"contact": locked.contact_id, "to": colleague.contact_id if colleague else None},
    )
    return True
