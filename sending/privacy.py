"""The engine's part in subject access and erasure of a directory contact (networks' hooks).

Deliveries keep an address and, for one-off messages (a confirmation, a notification), the frozen
Send holds text written for that one person; link clicks say which links the person followed.
Erasure blanks the first two and deletes the link clicks, so nothing personal is left; the counts
of newsletters sent (and of the people who clicked) stay right because the Delivery rows remain,
without an address. Subject access lists each email with the links clicked in it.
"""

from django.db.models import CharField, Count, Value
from django.db.models.functions import Cast, Concat
from wagtail import hooks

from .models import Delivery, LinkClick, Send

ERASED = "erased"


@hooks.register("networks_subject_access")
def deliveries_for_subject_access(contact):
    rows = (
        Delivery.objects.filter(contact=contact)
        .select_related("send")
        .order_by("created_at")
        .values("id", "send__subject", "send__kind", "state", "sent_at", "opened_at", "clicked_at")
    )
    links: dict[int, list[dict]] = {}
    for click in LinkClick.objects.filter(delivery__contact=contact).order_by("first_at", "id"):
        links.setdefault(click.delivery_id, []).append(
            {"link": click.label, "first_clicked_at": click.first_at.isoformat()}
        )
    return "emails", [
        {
            "subject": row["send__subject"],
            "kind": row["send__kind"],
            "state": row["state"],
            "sent_at": row["sent_at"].isoformat() if row["sent_at"] else None,
            "opened_at": row["opened_at"].isoformat() if row["opened_at"] else None,
            "clicked_at": row["clicked_at"].isoformat() if row["clicked_at"] else None,
            "links_clicked": links.get(row["id"], []),
        }
        for row in rows
    ]


@hooks.register("networks_erase_contact")
def erase_deliveries(contact, email):
    deliveries = Delivery.objects.filter(contact=contact)
    LinkClick.objects.filter(delivery__contact=contact).delete()
    # A one-off send (one recipient) was written for this person alone: blank its content.
    personal_sends = (
        Send.objects.filter(deliveries__contact=contact)
        .annotate(n=Count("deliveries"))
        .filter(n=1)
        .values_list("pk", flat=True)
    )
    Send.objects.filter(pk__in=list(personal_sends)).update(
        subject=ERASED, html="", text="", headers={}
    )
    # (send, email) is unique, so each erased row gets its own placeholder.
    deliveries.update(email=Concat(Value("erased-"), Cast("pk", CharField())), last_error="")
