"""Provider tracking webhooks → deliveries, suppressions and unsubscribes.

anymail's tracking views (mounted at /anymail/, authenticated with ANYMAIL["WEBHOOK_SECRET"]
basic auth) normalise each ESP's events and send the `anymail.signals.tracking` signal; the
receiver here applies them. Events are applied idempotently (a `TrackingEvent` row per event key)
and in any order: states only move towards worse news (sent → failed → bounced → complained),
timestamps keep the earliest, and an open or click implies delivery. A click also records which
link it was (`LinkClick`, once per delivery and link): one of the send's shared content links, or
the one personal-link label, never a personal URL. A finished send's tally moves with its rows in
the same transaction (`engine.tally`). An event for an unknown message changes
nothing. The views are wrapped so that a malformed body is a 400, never a 500. A hard bounce or a
complaint suppresses the address; soft bounces add up per address until it is paused
(`_pause_after_soft_bounces`).

Only the tracking endpoint of the ESP that EMAIL_BACKEND names is live, and only while
ANYMAIL["WEBHOOK_SECRET"] is set: every other URL under /anymail/ (other ESPs, inbound mail, any
ESP when no secret is set) answers 404, so an unauthenticated POST can never change state.
"""

import hashlib
import logging
from datetime import timedelta
from functools import lru_cache

from anymail import urls as anymail_urls
from anymail.backends.base import AnymailBaseBackend
from anymail.exceptions import AnymailConfigurationError, AnymailWebhookValidationFailure
from anymail.signals import EventType, tracking
from anymail.webhooks.mandrill import MandrillCombinedWebhookView
from django.conf import settings
from django.db import connection, transaction
from django.dispatch import receiver
from django.http import Http404
from django.urls import URLPattern
from django.utils import timezone
from django.utils.module_loading import import_string
from django.views.decorators.csrf import csrf_exempt

from networks.actions import suppress_address, unsubscribe_contact, unsuppress_address
from networks.models import ConsentEvent, Suppression
from networks.models.contacts import normalise_email

from .engine import tally
from .engine.links import shared_link
from .models import Delivery, LinkClick, TrackingEvent

logger = logging.getLogger("partnerhub.tracking")

State = Delivery.State
# How bad each state's news is; an event may only move a row to worse news.
_SEVERITY = {
    State.QUEUED: 0,
    State.SENDING: 0,
    State.UNCERTAIN: 0,
    State.CANCELLED: 0,
    State.SENT: 1,
    State.FAILED: 2,
    State.BOUNCED: 3,
    State.COMPLAINED: 4,
}
_HANDLED = {
    EventType.DELIVERED,
    EventType.OPENED,
    EventType.CLICKED,
    EventType.BOUNCED,
    EventType.DEFERRED,
    EventType.COMPLAINED,
    EventType.REJECTED,
    EventType.FAILED,
    EventType.UNSUBSCRIBED,
}


def _event_key(event, esp_name: str) -> str:
    if event.event_id:
        raw = f"{esp_name}:id:{event.event_id}"
    else:
        stamp = event.timestamp.isoformat() if event.timestamp else ""
        raw = "|".join(
            [esp_name, event.event_type or "", event.message_id or "", event.recipient or ""]
            + [stamp, event.click_url or ""]
        )
    return hashlib.sha256(raw.encode()).hexdigest()


def _find_delivery(event) -> Delivery | None:
    message_id = str(event.message_id or "").strip()
    if not message_id:
        return None
    candidates = {message_id, f"<{message_id.strip('<>')}>", message_id.strip("<>")}
    rows = Delivery.objects.filter(provider_message_id__in=candidates)
    if event.recipient:
        # Some ESPs give a whole batch one message id: the recipient tells the rows apart.
        rows = rows.filter(email=normalise_email(str(event.recipient)))
    found = list(rows.select_related("send", "contact")[:2])
    return found[0] if len(found) == 1 else None


def _soft_bounce(event) -> bool:
    # Postmark reports soft bounces as "bounced" too; they must not suppress the address.
    esp = event.esp_event if isinstance(event.esp_event, dict) else {}
    return esp.get("Type") in {"SoftBounce", "Transient", "DnsError"}


def _pause_after_soft_bounces(email: str, reason: str) -> None:
    """Soft bounces add up per address: SEND_SOFT_BOUNCE_LIMIT of its messages soft-bounced (or
    deferred; never a hard bounce) within SEND_SOFT_BOUNCE_DAYS pause it, as a suppression with
    its own reason that the suppression list shows. The pause ends after
    SEND_SOFT_BOUNCE_PAUSE_DAYS (`lift_soft_bounce_pauses`), or sooner when a coordinator removes
    it from the list; either way the count starts again from then, so one more soft bounce does
    not pause it again at once. A message counts once however many deferrals the provider
    reports for it. Called in the event's transaction (its TrackingEvent row counts); the
    address's lock makes two soft bounces arriving at once count each other."""
    limit, days = settings.SEND_SOFT_BOUNCE_LIMIT, settings.SEND_SOFT_BOUNCE_DAYS
    if limit <= 0:
        return
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [f"soft-bounce:{email}"])
    since = timezone.now() - timedelta(days=days)
    lifted = (
        ConsentEvent.objects.filter(contact__email=email, action="unsuppressed")
        .order_by("-at")
        .values_list("at", flat=True)
        .first()
    )
    if lifted is not None and lifted > since:
        since = lifted
    messages = (
        TrackingEvent.objects.filter(
            is_soft_bounce=True, received_at__gte=since, delivery__email=email
        )
        .values("delivery_id")
        .distinct()
        .count()
    )
    if messages >= limit:
        detail = f"{messages} soft bounces in {days} days"
        pause = settings.SEND_SOFT_BOUNCE_PAUSE_DAYS
        if pause > 0:
            until = timezone.localtime() + timedelta(days=pause)
            detail += f", paused until {until:%-d %b %Y %H:%M}"
        detail += f"; the last: {reason or 'no reason given'}"
        suppress_address(email, Suppression.Reason.SOFT_BOUNCES, detail[:255])


def lift_soft_bounce_pauses(now=None) -> int:
    """Beat: end every soft-bounce pause older than SEND_SOFT_BOUNCE_PAUSE_DAYS (0: pauses last
    until a coordinator removes them), through `networks.actions.unsuppress_address` (logged,
    and in the contact's history), so the address gets mail again. Returns how many ended. A
    hard bounce, a complaint or a suppression added by hand never ends by itself."""
    days = settings.SEND_SOFT_BOUNCE_PAUSE_DAYS
    if days <= 0:
        return 0
    due = (now or timezone.now()) - timedelta(days=days)
    lifted = 0
    for suppression in Suppression.objects.filter(
        reason=Suppression.Reason.SOFT_BOUNCES, created_at__lte=due
    ):
        lifted += unsuppress_address(suppression)
    return lifted


def _worsen(delivery: Delivery, state: str, reason: str, at) -> list[str]:
    if _SEVERITY[state] <= _SEVERITY.get(delivery.state, 0):
        return []
    delivery.state = state
    delivery.last_error = reason[:500]
    fields = ["state", "last_error"]
    if state == State.FAILED and not delivery.failed_at:
        delivery.failed_at = at
        fields.append("failed_at")
    return fields


def _earliest(delivery: Delivery, field: str, at) -> list[str]:
    current = getattr(delivery, field)
    if current is None or at < current:
        setattr(delivery, field, at)
        return [field]
    return []


def _record_link_click(delivery: Delivery, send, click_url, at) -> None:
    """The delivery's first click on this link (its earliest, whatever the order events come
    in). Runs under the delivery's row lock, so concurrent clicks of one person serialise."""
    click, created = LinkClick.objects.get_or_create(
        delivery=delivery,
        link=shared_link(send, click_url),
        defaults={"send": send, "first_at": at},
    )
    if not created and at < click.first_at:
        click.first_at = at
        click.save(update_fields=["first_at"])


def apply_tracking_event(event, esp_name: str) -> bool:
    """Apply one normalised anymail tracking event. Returns True if it changed anything."""
    if event.event_type not in _HANDLED:
        return False
    delivery = _find_delivery(event)
    if delivery is None:
        logger.info("%s %s event for an unknown message ignored", esp_name, event.event_type)
        return False
    at = event.timestamp or timezone.now()
    reason = str(event.description or event.mta_response or event.reject_reason or "")
    with transaction.atomic():
        _, created = TrackingEvent.objects.get_or_create(
            key=_event_key(event, esp_name),
            defaults={
                "esp_name": esp_name[:40],
                "event_type": event.event_type,
                "delivery": delivery,
                "occurred_at": event.timestamp,
                "detail": reason[:500],
                "is_soft_bounce": event.event_type == EventType.DEFERRED
                or (event.event_type == EventType.BOUNCED and _soft_bounce(event)),
            },
        )
        if not created:
            return False
        send = delivery.send  # loaded with it by _find_delivery
        tally.hold(send.pk)  # the send's tally is not counted while this row changes
        delivery = Delivery.objects.select_for_update().get(pk=delivery.pk)
        counted = tally.measures_of(delivery)
        fields: list[str] = []
        kind = event.event_type
        if kind in (EventType.DELIVERED, EventType.OPENED, EventType.CLICKED):
            # The provider has it, so a row left uncertain by a dead worker was in fact sent.
            if delivery.state in (State.UNCERTAIN, State.SENDING, State.QUEUED):
                delivery.state = State.SENT
                fields.append("state")
            fields += _earliest(delivery, "delivered_at", at)
            if kind in (EventType.OPENED, EventType.CLICKED):
                fields += _earliest(delivery, "opened_at", at)
            if kind == EventType.CLICKED:
                fields += _earliest(delivery, "clicked_at", at)
                _record_link_click(delivery, send, event.click_url, at)
        elif kind == EventType.BOUNCED and not _soft_bounce(event):
            fields += _worsen(delivery, State.BOUNCED, reason or "hard bounce", at)
            suppress_address(delivery.email, Suppression.Reason.HARD_BOUNCE, reason[:255])
        elif kind in (EventType.BOUNCED, EventType.DEFERRED):  # a soft bounce
            _pause_after_soft_bounces(delivery.email, reason)
        elif kind == EventType.COMPLAINED:
            fields += _worsen(delivery, State.COMPLAINED, reason or "marked as spam", at)
            suppress_address(delivery.email, Suppression.Reason.COMPLAINT, reason[:255])
        elif kind in (EventType.REJECTED, EventType.FAILED):
            fields += _worsen(delivery, State.FAILED, reason or f"provider: {kind}", at)
        elif kind == EventType.UNSUBSCRIBED and delivery.contact is not None:
            unsubscribe_contact(
                delivery.contact, delivery.send.topic, ConsentEvent.Source.UNSUBSCRIBE_LINK
            )
        if fields:
            delivery.save(update_fields=sorted(set(fields)))
            tally.adjust(send.pk, counted, tally.measures_of(delivery))
    return True


@receiver(tracking, dispatch_uid="newsletters.apply_tracking_event")
def on_tracking_event(sender, event, esp_name, **kwargs):
    try:
        apply_tracking_event(event, esp_name)
    except (ValueError, TypeError) as exc:
        # Odd values in an authenticated event (a non-date timestamp, say): nothing to apply.
        logger.warning("%s tracking event not applied: %s", esp_name, exc)


def _esp_key(esp_name: str) -> str:
    key = esp_name.lower().replace(" ", "").replace("_", "")
    # anymail keeps SendinBlue's old name as an alias of Brevo, for backends and webhooks alike.
    return "brevo" if key == "sendinblue" else key


@lru_cache(maxsize=8)
def _backend_esp(backend_path: str) -> str:
    try:
        backend = import_string(backend_path)
    except ImportError:
        return ""
    if not (isinstance(backend, type) and issubclass(backend, AnymailBaseBackend)):
        return ""
    return _esp_key(getattr(backend, "esp_name", ""))


def configured_esp() -> str:
    """The ESP that EMAIL_BACKEND sends through ("postmark", "amazonses"…), or "" for SMTP,
    files, console and other non-ESP backends."""
    return _backend_esp(settings.EMAIL_BACKEND)


def webhook_secret_configured() -> bool:
    secret = settings.ANYMAIL.get("WEBHOOK_SECRET")
    return bool(secret)


def accepts_webhooks_from(esp_name: str) -> bool:
    """True only for the configured ESP, and only when its webhooks are authenticated."""
    esp = configured_esp()
    return bool(esp) and _esp_key(esp_name) == esp and webhook_secret_configured()


class SafeParsingMixin:
    """A body the ESP view cannot parse is answered 400 (SuspiciousOperation), not 500."""

    def parse_events(self, request):
        try:
            return super().parse_events(request)
        except AnymailWebhookValidationFailure:
            raise
        except (
            ValueError,
            KeyError,
            TypeError,
            AttributeError,
            IndexError,
            AssertionError,  # Mandrill's combined view asserts a batch is not mixed
            AnymailConfigurationError,
        ) as exc:
            raise AnymailWebhookValidationFailure(
                f"Malformed {self.esp_name} webhook body"
            ) from exc


def _guarded(pattern: URLPattern) -> URLPattern:
    """The pattern's view, parse-safe, answering 404 unless `accepts_webhooks_from` its ESP.

    A configured ESP whose own settings are incomplete (Mandrill without WEBHOOK_KEY, say) makes
    anymail raise while building the view: that is logged for the operator and answered 404."""
    view_class = pattern.callback.view_class
    safe_class = type(f"Safe{view_class.__name__}", (SafeParsingMixin, view_class), {})
    view = safe_class.as_view()

    @csrf_exempt
    def guarded(request, *args, **kwargs):
        if not accepts_webhooks_from(view_class.esp_name):
            raise Http404
        try:
            return view(request, *args, **kwargs)
        except AnymailConfigurationError as exc:
            logger.error("%s webhook is not configured: %s", view_class.esp_name, exc)
            raise Http404 from exc

    guarded.view_class = safe_class
    return URLPattern(pattern.pattern, guarded, pattern.default_args, pattern.name)


def _is_tracking(pattern: URLPattern) -> bool:
    view_class = getattr(pattern.callback, "view_class", None)
    # Mandrill's combined view sets its signal per batch; the hub reads no inbound mail, so
    # every other inbound endpoint is left unmounted (404).
    return view_class is not None and (
        getattr(view_class, "signal", None) is tracking
        or issubclass(view_class, MandrillCombinedWebhookView)
    )


# anymail's tracking URLs (same paths and names), each parse-safe and guarded.
webhook_urlpatterns = [_guarded(p) for p in anymail_urls.urlpatterns if _is_tracking(p)]
