"""The coordinator's live status of a sent return, computed in the database at request time
from the responses and the engine's Delivery rows (so a bounce the ESP reported a minute ago
shows now). One annotated query for the rows, one for the counts, whatever the number of
organisations."""

from django.db.models import Case, Count, Exists, OuterRef, Value, When
from django.utils import timezone
from django.utils.formats import date_format

from sending.models import Delivery

from .models import Respondent, Response

UNDELIVERED = [Delivery.State.BOUNCED, Delivery.State.FAILED, Delivery.State.COMPLAINED]

# (code, words): the words are what the screen shows; never colour alone.
STATUSES = [
    ("submitted", "Submitted"),
    ("reopened", "Reopened"),
    ("drafted", "Drafted"),
    ("opened", "Opened, nothing saved"),
    ("bounced", "Bounced"),
    ("no_lead", "No Prevent lead in the directory"),
    ("not_opened", "Not opened"),
]
STATUS_WORDS = dict(STATUSES)


def with_status(responses):
    """`responses` annotated with `status` (a STATUSES code)."""
    bounced = Respondent.objects.filter(response=OuterRef("pk"), delivery__state__in=UNDELIVERED)
    anyone = Respondent.objects.filter(response=OuterRef("pk"))
    return responses.annotate(
        status=Case(
            When(state=Response.State.SUBMITTED, then=Value("submitted")),
            When(state=Response.State.REOPENED, then=Value("reopened")),
            When(state=Response.State.DRAFTED, then=Value("drafted")),
            When(opened_at__isnull=False, then=Value("opened")),
            When(Exists(bounced), then=Value("bounced")),
            When(~Exists(anyone), then=Value("no_lead")),
            default=Value("not_opened"),
        )
    )


def status_counts(ret) -> list[tuple[str, str, int]]:
    found = dict(
        with_status(Response.objects.filter(ret=ret))
        .values("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )
    return [(code, words, found.get(code, 0)) for code, words in STATUSES]


def reminder_note(respondent: Respondent) -> str:
    """What the coordinator reads about a respondent who stopped their chases."""
    who = respondent.contact.full_name or respondent.contact.email
    when = date_format(timezone.localtime(respondent.chases_stopped_at), "j M")
    if respondent.handed_over_at is None:
        return f"{who} stopped the reminders ({when})"
    if respondent.handed_to is None:
        return (
            f"{who} is not the right person; the colleague they named is not on the return ({when})"
        )
    to = respondent.handed_to.full_name or respondent.handed_to.email
    return f"{who} is not the right person: handed to {to} ({when})"


def reminders_stopped(response_ids) -> dict[int, list[str]]:
    """For each of these responses, a note per respondent who gets no more chases (one query)."""
    rows = (
        Respondent.objects.filter(response_id__in=response_ids, chases_stopped_at__isnull=False)
        .select_related("contact", "handed_to")
        .order_by("chases_stopped_at", "pk")
    )
    notes: dict[int, list[str]] = {}
    for respondent in rows:
        notes.setdefault(respondent.response_id, []).append(reminder_note(respondent))
    return notes
