"""A database from before the move (Send, Delivery, TrackingEvent and LinkClick as newsletters
models) migrates to the sending app with every row and every history entry where the new models
find them, and the groups that could send still can.

The test takes its own database back to the old layout with Django's MigrationExecutor (sending
and everything after it unapplied; the content types relabelled back to `newsletters`, as an old
database has them), writes the old rows through the old models, then migrates forward to the
latest migrations and reads everything through `sending.models` and Wagtail's history API.
(sending_rewrite: leave this file: it names the old layout on purpose.)
"""

import pytest
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone
from wagtail.models import ModelLogEntry

from networks.models import Contact
from sending.models import Delivery, LinkClick, Send, TrackingEvent
from sending.permissions import SEND_PERMISSION
from tests.support.people import make_person

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE_THE_MOVE = [("sending", None)]  # unapplies sending.0001 and all that depends on it
LAST_OLD_MIGRATION = ("newsletters", "0006_link_clicks")
MOVED = ("send", "delivery", "trackingevent", "linkclick")


def migrate(targets):
    """Migrate to `targets` (None: the latest migrations); returns the executor."""
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets or executor.loader.graph.leaf_nodes())
    ContentType.objects.clear_cache()
    return executor


def content_type_labels():
    return set(
        ContentType.objects.filter(model__in=MOVED).values_list("app_label", "model").distinct()
    )


def write_old_layout(old):
    """Rows as the newsletters app wrote them, through its own (historical) models."""
    OldSend = old.get_model("newsletters", "Send")
    OldDelivery = old.get_model("newsletters", "Delivery")
    OldTrackingEvent = old.get_model("newsletters", "TrackingEvent")
    OldLinkClick = old.get_model("newsletters", "LinkClick")
    contact = Contact.objects.create(
        first_name="Lee", last_name="Lead", email="lee.lead@example.org"
    )
    now = timezone.now()
    issue = OldSend.objects.create(
        state="sent", kind="newsletter", topic="newsletter", subject="Spring issue", text="Hi"
    )
    alert = OldSend.objects.create(
        state="sending", kind="alert", topic="alerts", subject="Alert: Rugby", text="Take care"
    )
    deliveries = [
        OldDelivery.objects.create(
            send=issue, contact_id=contact.pk, email=contact.email, state="sent", sent_at=now
        ),
        OldDelivery.objects.create(send=issue, email="gone@example.org", state="bounced"),
        OldDelivery.objects.create(send=alert, contact_id=contact.pk, email=contact.email),
    ]
    OldTrackingEvent.objects.create(
        key="esp-1", esp_name="Postmark", event_type="bounced", delivery=deliveries[1]
    )
    OldLinkClick.objects.create(
        send=issue, delivery=deliveries[0], link="https://hub.example/a", first_at=now
    )
    # Their history, as Wagtail's log() wrote it: against the newsletters content type.
    send_type = ContentType.objects.get(app_label="newsletters", model="send")
    for send, action in [
        (issue, "newsletters.send.created"),
        (issue, "newsletters.send.started"),
        (issue, "newsletters.send.finished"),
        (alert, "newsletters.send.started"),
    ]:
        ModelLogEntry.objects.create(
            content_type=send_type,
            object_id=str(send.pk),
            label=send.subject,
            action=action,
            timestamp=now,
        )
    senders = Group.objects.create(name="Old senders")
    senders.permissions.add(
        Permission.objects.get(content_type=send_type, codename="can_send_newsletters")
    )
    return issue.pk, alert.pk, [d.pk for d in deliveries]


def test_an_old_database_finds_every_row_history_entry_and_permission_after_the_move():
    old = migrate(BEFORE_THE_MOVE).loader.project_state([LAST_OLD_MIGRATION]).apps
    assert content_type_labels() == {("newsletters", model) for model in MOVED}
    issue_pk, alert_pk, delivery_pks = write_old_layout(old)
    sender = make_person("sam.sender", "Old senders")
    permission_pk = Permission.objects.get(codename="can_send_newsletters").pk

    migrate(None)

    # Every row, read through the new models.
    issue, alert = Send.objects.get(pk=issue_pk), Send.objects.get(pk=alert_pk)
    assert (issue.subject, issue.state, alert.kind) == ("Spring issue", "sent", "alert")
    assert list(Delivery.objects.order_by("pk").values_list("pk", flat=True)) == delivery_pks
    assert [d.email for d in issue.deliveries.all()] == ["lee.lead@example.org", "gone@example.org"]
    assert issue.deliveries.get(state="sent").contact.first_name == "Lee"
    bounce = TrackingEvent.objects.get()
    assert (bounce.key, bounce.delivery_id) == ("esp-1", delivery_pks[1])
    click = LinkClick.objects.get()
    assert (click.send_id, click.delivery_id, click.link) == (
        issue_pk,
        delivery_pks[0],
        "https://hub.example/a",
    )
    # Every history entry, found as Wagtail's history screens find them (by the model's type).
    assert list(ModelLogEntry.objects.for_instance(issue).order_by("pk").values_list("action")) == [
        ("newsletters.send.created",),
        ("newsletters.send.started",),
        ("newsletters.send.finished",),
    ]
    assert ModelLogEntry.objects.for_instance(alert).get().action == "newsletters.send.started"
    # One content type per model, under its new app: relabelled, not duplicated.
    assert content_type_labels() == {("sending", model) for model in MOVED}
    # The group keeps the same permission row; its members may still send.
    sender = type(sender).objects.get(pk=sender.pk)
    assert Permission.objects.get(codename="can_send_newsletters").pk == permission_pk
    assert sender.has_perm(SEND_PERMISSION)
    # The tables are the ones the rows were written to: nothing was copied or renamed.
    tables = set(connection.introspection.table_names())
    assert {"newsletters_send", "newsletters_delivery", "newsletters_linkclick"} <= tables
    assert not {t for t in tables if t.startswith("sending_")}


def test_a_send_made_after_the_move_lands_in_the_same_tables_and_history():
    """A fresh database (the test database is migrated from nothing) and a moved one agree: a new
    send is a row of newsletters_send, logged against the sending content type."""
    from sending.engine import MessageContent, create_send

    send = create_send(content=MessageContent("After", "", "Text"), topic="newsletter", segments=())

    with connection.cursor() as cursor:
        cursor.execute("SELECT subject FROM newsletters_send WHERE id = %s", [send.pk])
        assert cursor.fetchone() == ("After",)
    entry = ModelLogEntry.objects.for_instance(send).get()
    assert (entry.action, entry.content_type.app_label) == ("newsletters.send.created", "sending")
