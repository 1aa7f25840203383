"""The one sending engine: every outgoing message of Partnerhub goes through here.

Contract (newsletters, invitations, alerts and one-off notifications all use exactly this):

Content — render a message ONCE into `MessageContent(subject, html, text, headers, attachments)`
(make variants with `dataclasses.replace`, which keeps the headers and attachments).
Subject, HTML and text may contain merge fields written `{{ first_name }}`, `{{ full_name }}`,
`{{ organisation }}`, `{{ districts }}`, `{{ recipient_details }}` (name, organisation and districts
from the parts that are known), `{{ email }}`, `{{ preferences_url }}`, `{{ unsubscribe_url }}`,
`{{ view_in_browser_url }}`, `{{ partner_url }}` (the recipient's personal link to the message's
partner-only page, networks.partner_access), and the fields apps register with
`register_merge_field(name, sample, help, resolve=None)` (`merge.py`; e.g. events'
`{{ rsvp_url }}`, resolved per batch). The engine fills them per recipient by string substitution
(values HTML-escaped in the HTML part; unknown fields left exactly as written; an empty value before
punctuation takes the space before it) and adds `List-Unsubscribe: <unsubscribe_url>` and
`List-Unsubscribe-Post: List-Unsubscribe=One-Click` to every copy. Links are signed
(`networks.tokens`). `attachments` is a tuple of
`Attachment(filename, content, mimetype)`, the same bytes in every copy (2 MB at most in all),
e.g. an event's .ics; they are kept on the Send row so a retry sends them too.

Actions (each in one transaction, logged on the Send with a `newsletters.send.*` code; an illegal
state change raises `SendStateError`):
- `create_send(*, content, topic, segments, exclude_segments=(), source_page=None,
  kind="newsletter", scheduled_at=None, created_by=None, view_in_browser_url="") -> Send`
  — `draft`, or `scheduled` when `scheduled_at` is given (beat starts it when due). Also takes
  `districts=()` (only contacts in one of them) and `idempotency_key=None` (unique on Send).
- `send_once(key, create) -> (send, created)` — runs `create()` at most once per key: a repeated
  or concurrent confirm with the same key gets the first Send (the database's unique key
  decides, never a check that races).
- `start_send(send, *, user=None)` — draft/scheduled → sending: the audience is frozen into one
  queued `Delivery` per address (unsubscribed, suppressed, erased left out) and batches are
  enqueued on commit. The send becomes `sent` when no row is queued or sending.
- `pause_send`, `resume_send`, `cancel_send` (queued rows become `cancelled`),
  `resend_uncertain` and `retry_failed` (return the number of rows queued again); all take
  `(send, *, user=None)`.
- `send_to_contacts(content, contacts, topic, *, kind="invitation", source_page=None,
  segments=(), created_by=None) -> Send` — one Send to contacts the caller chose (an event's new
  invitees), started now; each gets their own values of the registered fields (RSVP link).
- `send_to_addresses(content, addresses, topic, *, view_in_browser_url="") -> {address: "sent" |
  error}` — test send, now, in process, same personalisation and backend, the sample reader's
  values (`sample_values()`, the same the preview shows; links open a "this is a sample" page),
  no Delivery rows.
- `send_to_contact(content, contact, topic, kind="notification", source=None) -> Delivery` — one
  message to one contact with a Delivery row and tracking (no subscription needed; a suppressed
  or erased address is never mailed: the row is `failed` with the reason).
- `send_to_address(content, email, kind="notification", source=None) -> Delivery` — the same for
  an address that is not a directory contact (staff notifications, a reporter's own link): no
  unsubscribe link, suppression still honoured. Never put report text in such a message.
- `resend_to_reached(*, content, kind, page, topic, reason, generation, user, idempotency_key,
  emails=None, districts=(), view_in_browser_url="") -> (send, created)` — the deliberate
  re-send of an issue, an alert or an invitation to people it already reached (all, or those of
  `emails`), with a reason (required; on the Send and in its log), as re-send `generation`
  (its own content key, so each re-send reaches a person once); `resend_recipients` says who
  that is, `next_generation(page)` which generation a new re-send is (`resend.py`).
- `send_report(send) -> dict` — counts by state, open/click rates, failures with reasons, and
  clicks per link (`links.py` says which links of a send are shared content links: a click on
  any other is counted as "a personal link", its URL never stored).

Delivery states: queued → sending → sent | failed, later bounced/complained from webhooks;
`uncertain` when a worker died mid-batch (shown, re-sendable only by `resend_uncertain`);
`cancelled` when the send was cancelled before the row was claimed.

Permission: `sending.can_send_newsletters` ("Can send newsletters").
Settings: SEND_RATE_LIMIT_PER_SECOND, SEND_BATCH_SIZE, SEND_CLAIM_LEASE_SECONDS,
SEND_MAX_RETRIES, SEND_RETRY_BACKOFF_SECONDS, SEND_RETRY_BACKOFF_MAX_SECONDS
(docs/configuration.md).
"""

from .actions import (
    already_reached,
    cancel_send,
    create_send,
    pause_send,
    resend_uncertain,
    resume_send,
    retry_failed,
    send_once,
    send_to_address,
    send_to_addresses,
    send_to_contact,
    send_to_contacts,
    start_send,
)
from .batches import contact_merge_values
from .content import MERGE_FIELDS, Attachment, MessageContent, personalise_content
from .errors import SendStateError
from .merge import merge_fields, register_merge_field, sample_link, sample_values
from .report import send_report
from .resend import (
    next_generation,
    reached_deliveries,
    resend_recipients,
    resend_to_reached,
    resends_of,
)

__all__ = [
    "already_reached",
    "MERGE_FIELDS",
    "Attachment",
    "MessageContent",
    "SendStateError",
    "cancel_send",
    "contact_merge_values",
    "merge_fields",
    "next_generation",
    "reached_deliveries",
    "resend_recipients",
    "resend_to_reached",
    "resends_of",
    "personalise_content",
    "register_merge_field",
    "sample_link",
    "sample_values",
    "create_send",
    "pause_send",
    "resend_uncertain",
    "resume_send",
    "retry_failed",
    "send_report",
    "send_to_addresses",
    "send_to_address",
    "send_once",
    "send_to_contact",
    "send_to_contacts",
    "start_send",
]
