"""The "Send again to people already sent it" screen every resendable thing shares (an issue, an
alert, an invitation): choose everyone already sent it or some of their addresses, say why,
check who it will go to (`sending.audience.resend_audience`, the list the re-send freezes),
confirm. The app's view checks access exactly as for sending the thing, renders its own page
around `sending/admin/_resend.html` and acts on what `resend_step` returns.

Nothing typed is lost: a form with a mistake comes back with every field as typed and a message
per mistake; a form opened before somebody else re-sent the same thing comes back with a
message saying so, ready for a new re-send (`next_generation`). The confirm form carries a key,
so posting it twice (or twice at once) sends once.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect

from core.forms import split_addresses
from core.idempotency import FIELD as KEY_FIELD
from core.idempotency import key_from, new_key

from ..audience import AUDIENCE_FIELDS, audience_csv, confirm_context, resend_audience
from ..engine.resend import MAX_REASON, next_generation, reached_deliveries, resends_of
from ..models import Send
from .sends import may_send

EVERYONE, CHOSEN = "all", "chosen"


class ResendForm(forms.Form):
    who = forms.ChoiceField(
        label="Send it again to",
        choices=[(EVERYONE, "Everyone already sent it"), (CHOSEN, "Only the addresses below")],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose who to send it to again."},
    )
    addresses = forms.CharField(
        label="Addresses",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Only with “Only the addresses below”: the addresses of people already sent "
        "it, separated by commas or new lines.",
    )
    reason = forms.CharField(
        label="Why is it sent again?",
        max_length=MAX_REASON,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Required. Kept in the history of the send and of the page, and shown on the "
        "send's report, with your name.",
        error_messages={
            "required": "Say why it is sent again: the reason is kept with the send.",
            "max_length": "Keep the reason to %(limit_value)d characters (it has %(show_value)d).",
        },
    )
    generation = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args, reached, **kwargs):
        super().__init__(*args, **kwargs)
        self.reached = reached  # the deliveries that reached people (`reached_deliveries`)

    def clean_reason(self) -> str:
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise ValidationError("Say why it is sent again: the reason is kept with the send.")
        return reason

    def clean(self):
        data = super().clean()
        if data.get("who") != CHOSEN:
            data["emails"] = None
            return data
        found, bad = split_addresses(data.get("addresses") or "")
        if bad:
            self.add_error("addresses", f"These are not email addresses: {', '.join(bad)}.")
        elif not found:
            self.add_error(
                "addresses", "Give at least one address, or choose everyone already sent it."
            )
        else:
            held = set(
                self.reached.filter(email__in=found).values_list("email", flat=True).distinct()
            )
            never = [a for a in found if a not in held]
            if never:
                self.add_error(
                    "addresses",
                    f"{', '.join(never)} {'was' if len(never) == 1 else 'were'} never sent it: "
                    "a re-send goes only to people already sent it (send it to others the "
                    "usual way).",
                )
        data["emails"] = found
        return data


@dataclass
class Resend:
    """What a re-send screen needs from its app: the thing (`kind`, `page`, its `topic` and
    `districts`), `act(*, emails, reason, generation, user, idempotency_key) -> (send, created)`
    (the app's action for this page, which checks permission again), a `what` for the words
    ("issue") and the CSV's filename."""

    kind: str
    page: object
    topic: str
    act: Callable
    what: str
    filename: str
    districts: list = field(default_factory=list)


@dataclass
class Step:
    """What `resend_step` decided: `response` to return as is (the CSV), `send` to go to (sent,
    or sent before with the same key), else `context` to render."""

    context: dict = field(default_factory=dict)
    send: Send | None = None
    created: bool = False
    response: object = None


def _stale(page, generation) -> Send | None:
    """The latest re-send when one was made since a form for `generation` was opened."""
    if generation >= next_generation(page):
        return None
    return resends_of(page).last()


def resend_step(request, resend: Resend) -> Step:
    """One step of the re-send screen for `request` (GET: the form; POST: check, or confirm)."""
    reached = reached_deliveries(resend.kind, resend.page)
    base = {
        "what": resend.what,
        "reached": reached.values("email").distinct().count(),
        "resends": list(resends_of(resend.page).select_related("created_by")),
    }
    if request.method != "POST":
        form = ResendForm(reached=reached, initial={"generation": next_generation(resend.page)})
        return Step({**base, "form": form})
    form = ResendForm(request.POST, reached=reached)
    if "edit" in request.POST or not form.is_valid():
        return Step({**base, "form": form})
    data = form.cleaned_data
    key = key_from(request.POST)
    confirming = "confirm" in request.POST and key is not None
    if confirming:
        earlier = Send.objects.filter(idempotency_key=key).first()
        if earlier is not None:  # the same confirm again: its send, nothing more
            return Step(send=earlier)
    stale = _stale(resend.page, data["generation"])
    if stale is not None:
        fresh = request.POST.copy()
        fresh["generation"] = next_generation(resend.page)
        for name in (KEY_FIELD, "confirm", *AUDIENCE_FIELDS):
            fresh.pop(name, None)
        return Step({**base, "form": ResendForm(fresh, reached=reached), "stale": stale})
    if not confirming:
        audience = resend_audience(
            kind=resend.kind,
            page=resend.page,
            topic=resend.topic,
            districts=resend.districts,
            emails=data["emails"],
        )
        if "audience_csv" in request.POST:
            return Step(response=audience_csv(audience, resend.filename, request.user))
        carried = [
            (name, request.POST.get(name, ""))
            for name in ("who", "addresses", "reason", "generation")
        ]
        context = {
            **base,
            "form": form,
            "confirming": True,
            "audience": audience.contacts.count(),
            "carried": [*carried, (KEY_FIELD, new_key())],
            "reason": data["reason"],
            **confirm_context(audience, request.POST.get("audience_q", ""), request.user),
        }
        return Step(context)
    send, created = resend.act(
        emails=data["emails"],
        reason=data["reason"],
        generation=data["generation"],
        user=request.user,
        idempotency_key=key,
    )
    return Step(send=send, created=created)


def resend_done(request, step: Step, *, label: str, elsewhere: str):
    """What to answer once `resend_step` has decided, or None when its page is to be shown:
    the CSV; or, after the re-send (or the same confirm again), its report for who may open the
    Sends screens and `elsewhere` (a URL) for anyone else, with a message the first time."""
    if step.response is not None:
        return step.response
    if step.send is None:
        return None
    if step.created:
        count = step.send.recipient_count
        messages.success(
            request, f"Sending {label} again to {count} {'person' if count == 1 else 'people'}."
        )
    if may_send(request.user):
        return redirect("sending_admin:send_report", step.send.pk)
    return redirect(elsewhere)
