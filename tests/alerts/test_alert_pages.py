"""Emerging-issue alerts: pages for partners only, sent through the sending engine to
the subscribed contacts of the chosen segments."""

import pytest
from django.core import mail

from alerts import actions
from alerts.models import AuditEntry
from networks.models import Contact, Organisation, Segment, Subscription
from sending.models import Delivery, Send


def test_an_alert_is_hidden_from_the_public_and_other_staff_and_shown_to_partners(
    client, alert, outsider, police_officer
):
    anonymous = client.get(alert.url)
    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith("/partners/sign-in/?next=/alerts/")
    assert client.get("/alerts/").status_code == 302

    client.force_login(outsider)  # an account with no role: a stranger here
    refused = client.get(alert.url)
    assert refused.status_code == 302 and refused["Location"] == anonymous["Location"]
    assert "Stickers near schools" not in client.get("/alerts/", follow=True).content.decode()

    client.force_login(police_officer)  # password and code
    html = client.get(alert.url).content.decode()
    assert "Stickers with a hateful slogan" in html
    assert "What to look out for" in html and "Rugby" in html
    assert "Stickers near schools in Rugby" in client.get("/alerts/").content.decode()


def test_sending_an_alert_emails_each_subscribed_contact_in_the_segment_once(
    alert, police_officer, districts, django_capture_on_commit_callbacks
):
    school = Organisation.objects.create(name="Rugby School", is_partner=True)  # a partner
    subscribed = Contact.objects.create(
        email="lead@example.org", first_name="Lena", organisation=school
    )
    subscribed.districts.add(districts["Rugby"])
    Subscription.objects.create(contact=subscribed, topic="updates", status="subscribed")
    not_subscribed = Contact.objects.create(email="other@example.org")
    not_subscribed.districts.add(districts["Rugby"])
    segment = Segment.objects.create(
        name="Rugby leads", rules={"districts": [districts["Rugby"].pk]}
    )
    segment.manual_members.all().delete()
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        send = actions.send_alert(alert, [segment], police_officer)

    assert send.kind == "alert" and send.source_page_id == alert.pk
    recipients = [m.to[0] for m in mail.outbox]
    assert recipients.count("Lena <lead@example.org>") == 1
    assert not any("other@example.org" in r for r in recipients)
    message = next(m for m in mail.outbox if "lead@example.org" in m.to[0])
    html = message.alternatives[0][0]
    assert message.subject == "Prevent alert: Stickers near schools in Rugby"
    for part in (message.body, html):
        assert "Hello Lena" in part
        assert "Photograph and remove them" in part
        assert "call 999" in part
        assert "/subscribe/unsubscribe/" in part
    assert "WHAT TO LOOK OUT FOR" in message.body and "<h2" in html
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert Delivery.objects.get(send=send, contact=subscribed).state == "sent"
    assert AuditEntry.objects.filter(action="alerts.alert.sent").exists()


def test_an_unpublished_alert_or_no_segment_cannot_be_sent(alert, police_officer):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="segment"):
        actions.send_alert(alert, [], police_officer)
    alert.unpublish()
    with pytest.raises(ValidationError, match="Publish"):
        actions.send_alert(alert, [Segment.objects.create(name="x", rules={})], police_officer)


def test_an_outsider_cannot_send_an_alert(client, alert, outsider):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from tests.support.two_factor import KNOWN_KEY, verified_client

    TOTPDevice.objects.create(user=outsider, name="p", key=KNOWN_KEY, confirmed=True)
    outsider.is_staff = True
    outsider.save()
    verified_client(client, outsider)

    response = client.post(f"/admin/alerts/send-alert/{alert.pk}/", {"segments": []})

    assert response.status_code in (302, 403, 404)
    assert not Send.objects.filter(kind="alert").exists()


def test_the_alert_editor_offers_a_send_alert_button_to_responders(officer_client, alert):
    html = officer_client.get(f"/admin/pages/{alert.pk}/edit/").content.decode()

    assert "Send alert" in html
    assert f"/admin/alerts/send-alert/{alert.pk}/" in html
