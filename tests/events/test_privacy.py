"""Erasing a contact removes their RSVP answers and voids their links; subject access lists them."""

import pytest

from core.links import BadLink
from events.links import make_rsvp_token, read_rsvp_token
from events.models import EventFeedback, Invitation
from networks.actions import erase_contact, export_subject_access
from tests.support.events import invite, person


def test_erasing_a_contact_removes_their_rsvp_answers_and_voids_their_links(event):
    priya = person("Priya")
    invitation = invite(event, priya)
    invitation.dietary = "Halal"
    invitation.access_needs = "Step-free access"
    invitation.free_text = "I will bring a colleague from the mosque committee"
    invitation.save()
    EventFeedback.objects.create(invitation=invitation, usefulness=4, comments="Loved the WRAP")
    token = make_rsvp_token(invitation)
    old_nonce = invitation.nonce

    erase_contact(priya)

    invitation = Invitation.objects.get(pk=invitation.pk)
    assert (invitation.dietary, invitation.access_needs, invitation.free_text) == ("", "", "")
    assert EventFeedback.objects.get(invitation=invitation).comments == ""
    # The link is dead twice over: the contact is erased and the nonce it carried is replaced, so
    # it stays dead even if the invitation were ever handed to someone else.
    assert invitation.nonce != old_nonce
    with pytest.raises(BadLink):
        read_rsvp_token(token)


def test_subject_access_export_includes_event_answers(event):
    priya = person("Priya")
    invitation = invite(event, priya)
    invitation.access_needs = "Hearing loop"
    invitation.save()

    data = export_subject_access(priya)

    assert data["event_invitations"][0]["access_needs"] == "Hearing loop"
    assert data["event_invitations"][0]["event"] == event.title
