"""Events' part in subject access and erasure of a directory contact (networks' hooks).

RSVP answers (dietary and access needs, free text, feedback comments) are personal, so erasure
blanks them and cancels the person's RSVP links; the invitation and booking rows stay, without
anything personal, so an event's figures stay right.
"""

from wagtail import hooks

from .models import EventFeedback, Invitation
from .models.rsvp import new_nonce


@hooks.register("networks_subject_access")
def invitations_for_subject_access(contact):
    rows = Invitation.objects.filter(contact=contact).select_related("event")
    return "event_invitations", [
        {
            "event": invitation.event.title,
            "state": invitation.state,
            "dietary_needs": invitation.dietary,
            "access_needs": invitation.access_needs,
            "other": invitation.free_text,
            "sessions": [
                {"session": b.session.name, "state": b.state}
                for b in invitation.bookings.select_related("session")
            ],
        }
        for invitation in rows
    ]


@hooks.register("networks_erase_contact")
def erase_rsvp_answers(contact, email):
    invitations = Invitation.objects.filter(contact=contact)
    EventFeedback.objects.filter(invitation__in=invitations).update(comments="")
    for invitation in invitations:
        # A fresh nonce voids every RSVP link already emailed to the address.
        invitation.nonce = new_nonce()
        invitation.dietary = invitation.access_needs = invitation.free_text = ""
        invitation.save(update_fields=["nonce", "dietary", "access_needs", "free_text"])
