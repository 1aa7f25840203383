"""A district lead asks the coordinator to add a person already in the directory to their
districts. The lead never learns whether the address was there (the add form answers the same
way either way); the coordinator sees the request in the contact's history and on the
Duplicates page."""

from django.db import transaction
from wagtail.log_actions import log

from ..models import Contact, District
from ..models.contacts import normalise_email

REQUEST_ACTION = "networks.contact.district_requested"


def request_district_addition(lead, email: str, district_ids, first_name="", last_name=""):
    """Record the lead's request against the existing contact with `email` (nothing when there
    is none, e.g. erased in the meantime). Returns nothing the lead's screen may show."""
    with transaction.atomic():
        contact = Contact.objects.filter(email=normalise_email(email)).first()
        if contact is None:
            return
        districts = list(
            District.objects.filter(pk__in=list(district_ids)).values_list("name", flat=True)
        )
        log(
            instance=contact,
            action=REQUEST_ACTION,
            user=lead,
            data={
                "districts": districts,
                "requested_by": lead.get_username(),
                "name_given": f"{first_name} {last_name}".strip(),
            },
        )
