"""Postmark's tracking webhook as the tests post to it (through anymail): the secret it is
authenticated with, the message id of the tracked copy, and the events' bodies."""

import base64
import json

import pytest

URL = "/anymail/postmark/tracking/"
MESSAGE_ID = "883953f4-6105-42a2-a16a-77a8eac79483"
GOOD_AUTH = "Basic " + base64.b64encode(b"postmark:hook-s3cret").decode()
FORGED_AUTH = "Basic " + base64.b64encode(b"postmark:guessed").decode()


@pytest.fixture
def webhook_secret(settings):
    """The webhook's basic-auth secret is set (a module asks for it with
    `pytest.mark.usefixtures("webhook_secret")`)."""
    settings.ANYMAIL = {**settings.ANYMAIL, "WEBHOOK_SECRET": "postmark:hook-s3cret"}


def post(client, payload, auth=GOOD_AUTH):
    body = payload if isinstance(payload, bytes) else json.dumps(payload)
    return client.post(URL, body, content_type="application/json", HTTP_AUTHORIZATION=auth)


def bounce(**extra):
    return {
        "RecordType": "Bounce",
        "ID": 4323372036854775807,
        "Type": "HardBounce",
        "TypeCode": 1,
        "Name": "Hard bounce",
        "Tag": "",
        "MessageID": MESSAGE_ID,
        "Metadata": {},
        "ServerID": 23,
        "Description": "The server was unable to deliver your message (ex: unknown user).",
        "Details": "smtp;550 5.1.1 The email account that you tried to reach does not exist.",
        "Email": "lead1@example.org",
        "From": "prevent@localhost",
        "BouncedAt": "2026-11-20T10:00:00Z",
        "Inactive": True,
        "MessageStream": "outbound",
        **extra,
    }


def delivered(at="2026-11-20T09:59:00Z"):
    return {
        "RecordType": "Delivery",
        "ServerID": 23,
        "MessageStream": "outbound",
        "MessageID": MESSAGE_ID,
        "Recipient": "lead1@example.org",
        "Tag": "",
        "DeliveredAt": at,
        "Details": "Test delivery webhook details",
        "Metadata": {},
    }


def opened(at="2026-11-20T10:05:00Z"):
    return {
        "RecordType": "Open",
        "MessageStream": "outbound",
        "FirstOpen": True,
        "Platform": "WebMail",
        "UserAgent": "Mozilla/5.0",
        "MessageID": MESSAGE_ID,
        "Metadata": {},
        "ReceivedAt": at,
        "Tag": "",
        "Recipient": "lead1@example.org",
    }
