"""Returns' changes of state: create from a template, send, open, save a draft, submit,
reopen, add a colleague, chase. Each runs in one transaction and leaves a `returns.*` log
entry (on the return or the response; a lead's own steps name their contact id, never an
answer)."""

from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from wagtail.log_actions import log

from core.periods import Quarter, Year
from learning.actions import record_headcount
from learning.models import Headcount
from learning.reported import organisations_with_recorded_completions
from networks.models import Contact, Organisation
from networks.models.contacts import normalise_email
from networks.reference_data import PREVENT_LEAD, prevent_leads
from sending.engine import send_to_contacts
from sending.models import Delivery, SendKind

from .. import ready_made
from ..models import Answer, Chase, Question, Respondent, Response, Return, Template
from .plan import record_progress


class ReturnClosed(Exception):
    """The response was submitted: it changes only after the coordinator reopens it."""


class NothingToSend(Exception):
    """A return's recipients resolve to no organisation, or to no Prevent lead who can be
    mailed: confirming it would create empty responses and email nobody. The message says why
    and what to change."""


def nothing_to_send(organisations: int, leads: int) -> str | None:
    """Why a return with these counts cannot be sent, or None when it can (the confirm page
    and `send_return` give the same answer)."""
    if organisations == 0:
        return (
            "This return goes to no organisation: choose organisations, or sectors with "
            "specified authorities, before sending it."
        )
    if leads == 0:
        whom = (
            "The organisation this return goes to has no Prevent lead who can be emailed"
            if organisations == 1
            else f"None of the {organisations} organisations this return goes to has a "
            "Prevent lead who can be emailed"
        )
        return (
            f"{whom}: add a Prevent lead to the directory, "
            "or choose other organisations, before sending it."
        )
    return None


@transaction.atomic
def create_return_from_template(template: str, period_start, due_on, *, user=None) -> Return:
    """A draft return built from a ready-made template (returns.ready_made) for the period
    that contains `period_start`; the coordinator may change it in Wagtail before sending."""
    spec = ready_made.build(template, period_start)
    period = (
        Quarter.of(period_start).start
        if spec["period_kind"] == "quarter"
        else Year.of(period_start).start
    )
    ret = Return.objects.create(
        title=spec["title"],
        template=template,
        period_kind=spec["period_kind"],
        period_start=period,
        due_on=due_on,
        introduction=spec["introduction"],
        sectors=spec["sectors"],
        created_by=user,
    )
    for i, question in enumerate(spec["questions"]):
        question.ret = ret
        question.sort_order = i
    Question.objects.bulk_create(spec["questions"])
    ret.organisations.set(spec["organisations"])
    log(instance=ret, action="returns.return.created", user=user, data={"template": template})
    return ret


def recipient_organisations(ret: Return):
    """The organisations a return goes to: those named, and every specified authority of the
    sectors named."""
    named = Q(pk__in=ret.organisations.values("pk"))
    if ret.sectors:
        named |= Q(sector__in=ret.sectors, is_specified_authority=True)
    return Organisation.objects.filter(named)


def return_audience(ret: Return):
    """Who `send_return(ret)` would email now (`prevent_leads` of `recipient_organisations`),
    why each (the organisation they lead for, named or of a sector), and the Prevent leads of
    those organisations it leaves out and why (`sending.audience`): what the confirm page
    lists."""
    from sending.audience import contacts_audience

    organisations = recipient_organisations(ret)
    named_ids = set(ret.organisations.values_list("pk", flat=True))
    leads = Contact.objects.filter(id__in=prevent_leads(organisations).values("id"))
    all_leads = Contact.objects.filter(
        organisation__in=organisations,
        id__in=Contact.roles.through.objects.filter(role__slug=PREVENT_LEAD).values("contact_id"),
    )

    def why(contacts) -> dict[int, str]:
        out = {}
        for c in contacts:
            org = c.organisation
            if org is None:
                continue
            how = (
                "named in the return"
                if org.pk in named_ids
                else f"a specified authority of the {org.get_sector_display().lower()} sector"
            )
            out[c.pk] = f"Prevent lead of {org.name} ({how})"
        return out

    return contacts_audience(leads, named=all_leads, why=why)


def send_return(ret: Return, *, user=None, idempotency_key: str | None = None):
    """Send a draft return: one Response per recipient organisation, its Prevent leads as
    respondents, and one Send through the engine with a Delivery per lead, each carrying the
    lead's own link. Returns (return, sent_now). A repeated or concurrent confirm with the same
    key (unique on Return), or a second confirm of a return already sent, sends nothing and
    answers with the return as it is: the return's row lock and the unique key decide, never a
    check that races. Raises NothingToSend, and creates nothing, when the recipients resolve to
    no organisation or to no Prevent lead who can be mailed."""
    if idempotency_key:
        existing = Return.objects.filter(idempotency_key=idempotency_key).first()
        if existing is not None:
            return existing, False
    try:
        with transaction.atomic():
            locked = Return.objects.select_for_update().get(pk=ret.pk)
            if locked.state != Return.State.DRAFT:
                return locked, False
            organisations = list(recipient_organisations(locked))
            leads = list(prevent_leads(organisations).only("pk", "email", "organisation_id"))
            refusal = nothing_to_send(len(organisations), len(leads))
            if refusal:
                raise NothingToSend(f"{refusal} Nothing was sent.")
            now = timezone.now()
            locked.state = Return.State.SENT
            locked.sent_at = now
            locked.idempotency_key = idempotency_key
            locked.save(update_fields=["state", "sent_at", "idempotency_key"])
            Response.objects.bulk_create(
                [Response(ret=locked, organisation=o) for o in organisations],
                batch_size=1000,
            )
            responses = dict(locked.responses.values_list("organisation_id", "pk"))
            Respondent.objects.bulk_create(
                [
                    Respondent(
                        response_id=responses[c.organisation_id],
                        contact=c,
                        is_lead=True,
                        added_by_user=user,
                    )
                    for c in leads
                ],
                batch_size=1000,
            )
            from ..emails import render_request

            send = send_to_contacts(
                render_request(locked), leads, "", kind=SendKind.RETURN, created_by=user
            )
            locked.send = send
            locked.save(update_fields=["send"])
            _link_deliveries(locked, send)
            log(
                instance=locked,
                action="returns.return.sent",
                user=user,
                data={
                    "organisations": len(organisations),
                    "leads": len(leads),
                    "send": send.pk,
                },
            )
            return locked, True
    except IntegrityError:
        existing = Return.objects.filter(idempotency_key=idempotency_key).first()
        if existing is None:
            raise
        return existing, False


def _link_deliveries(ret: Return, send) -> None:
    by_contact = dict(Delivery.objects.filter(send=send).values_list("contact_id", "pk"))
    rows = list(Respondent.objects.filter(response__ret=ret).only("pk", "contact_id"))
    for row in rows:
        row.delivery_id = by_contact.get(row.contact_id)
    Respondent.objects.bulk_update(rows, ["delivery"], batch_size=1000)


def open_response(respondent: Respondent) -> Response:
    """Record the first time anyone of the organisation opened the link."""
    response = respondent.response
    if response.opened_at is None:
        Response.objects.filter(pk=response.pk, opened_at__isnull=True).update(
            opened_at=timezone.now()
        )
        response.refresh_from_db(fields=["opened_at"])
        log(
            instance=response,
            action="returns.response.opened",
            user=None,
            data={"contact": respondent.contact_id},
        )
    return response


def questions_for(response: Response):
    """The return's questions this organisation is asked: every general question, and the
    action questions of the actions it is responsible for. In the L&D return, the "staff
    trained this quarter" questions only while the partnership records none of the
    organisation's training in the quarter (its completions are counted already)."""
    org = response.organisation_id
    questions = response.ret.questions.filter(
        Q(action__isnull=True) | Q(action__responsible_organisations=org)
    )
    if response.ret.template == Template.LD_QUARTERLY:
        quarter = Quarter.of(response.ret.period_start)
        if organisations_with_recorded_completions(quarter.start, quarter.end, None, [org]):
            questions = questions.filter(level__isnull=True)
    return questions.distinct().order_by("sort_order", "id")


def _value_fields(question: Question, value) -> dict:
    fields = {"number": None, "yes_no": None, "rag": "", "text": ""}
    if value in (None, ""):
        return fields
    kind = question.kind
    if kind == Question.Kind.WHOLE_NUMBER:
        fields["number"] = int(value)
    elif kind == Question.Kind.YES_NO:
        fields["yes_no"] = value in (True, "yes")
    elif kind == Question.Kind.RAG:
        fields["rag"] = value
    else:
        fields["text"] = str(value)[:1000]
    return fields


@transaction.atomic
def save_response(respondent: Respondent, values: dict, *, submit: bool) -> Response:
    """Store the answers (`values`: question id → cleaned value) as a draft, or submit them.
    Raises ReturnClosed once submitted (until reopened). Submitting an action update records
    each action's status and narrative as the action's progress for the quarter."""
    response = Response.objects.select_for_update().get(pk=respondent.response_id)
    if response.state == Response.State.SUBMITTED:
        raise ReturnClosed()
    questions = {q.pk: q for q in questions_for(response)}
    for qid, value in values.items():
        question = questions.get(qid)
        if question is None:
            continue
        Answer.objects.update_or_create(
            response=response, question=question, defaults=_value_fields(question, value)
        )
    now = timezone.now()
    response.saved_at = now
    if submit:
        response.state = Response.State.SUBMITTED
        response.submitted_at = now
        response.submitted_by = respondent.contact
    elif response.state != Response.State.REOPENED:
        response.state = Response.State.DRAFTED
    response.save(update_fields=["state", "saved_at", "submitted_at", "submitted_by"])
    if submit and response.ret.template == Template.ACTION_UPDATE:
        _record_action_progress(response, respondent.contact, questions)
    if submit:
        _record_headcounts(response, questions)
    log(
        instance=response,
        action="returns.response.submitted" if submit else "returns.response.saved",
        user=None,
        data={"contact": respondent.contact_id},
    )
    return response


def _record_headcounts(response, questions):
    """A submitted return's staff-needing answers become the organisation's headcount in
    learning (raises learning's HeadcountRefused, undoing the submission, when they contradict
    each other: the form checks the same rule first)."""
    numbers = dict(
        response.answers.filter(number__isnull=False).values_list("question_id", "number")
    )
    figures = {
        q.headcount_level: numbers[q.pk]
        for q in questions.values()
        if q.headcount_level and q.pk in numbers
    }
    if figures:
        record_headcount(
            response.organisation,
            figures,
            source=Headcount.Source.RETURN,
            source_detail=response.ret.title,
        )


def _record_action_progress(response, contact, questions):
    answers = {a.question_id: a for a in response.answers.all()}
    narratives = {
        q.action_id: answers[q.pk].text
        for q in questions.values()
        if q.kind == Question.Kind.SHORT_TEXT and q.action_id and q.pk in answers
    }
    quarter = Quarter.of(response.ret.period_start)
    for q in questions.values():
        answer = answers.get(q.pk)
        if q.kind == Question.Kind.RAG and q.action_id and answer and answer.rag:
            record_progress(
                q.action,
                quarter,
                answer.rag,
                reported_by=f"Prevent lead, {response.organisation.name}",
                narrative=narratives.get(q.action_id, ""),
                organisation=response.organisation,
                contact=contact,
                response=response,
            )


@transaction.atomic
def reopen_response(response: Response, note: str, *, user=None) -> Response:
    """Reopen a submitted response with the coordinator's note (shown on the form, never in
    the email), and tell its respondents by email."""
    from ..emails import send_reopened

    response = Response.objects.select_for_update().get(pk=response.pk)
    if response.state != Response.State.SUBMITTED:
        return response
    response.state = Response.State.REOPENED
    response.reopen_note = note[:500]
    response.reopened_at = timezone.now()
    response.save(update_fields=["state", "reopen_note", "reopened_at"])
    for respondent in response.respondents.select_related("contact", "response__organisation"):
        send_reopened(respondent)
    log(instance=response, action="returns.response.reopened", user=user, data={})
    return response


class NotAdded(Exception):
    """The coordinator's add-a-person step was refused: the message says why."""


@transaction.atomic
def add_respondent(
    response: Response,
    *,
    email: str = "",
    first_name: str = "",
    last_name: str = "",
    contact: Contact | None = None,
    by_user=None,
    by_contact: Contact | None = None,
    handed_over: bool = False,
) -> Respondent | None:
    """Add a second person of the response's organisation and email them their own link
    (`handed_over`: the email says `by_contact` named them as the right person for it).

    A lead (`by_contact`) gives an address: a new address becomes a directory contact of the
    organisation; an address of the organisation is added; an address held elsewhere in the
    directory, or one that may not be mailed, adds nobody and returns None (the lead's page
    answers the same either way, so it tells nothing about the directory; the coordinator sees
    the request in the response's history). The coordinator (`by_user`) picks a contact of the
    organisation; anything else raises NotAdded.
    """
    from ..emails import send_added

    org = response.organisation
    if contact is None:
        address = normalise_email(email)
        contact = Contact.objects.filter(email=address).first()
        if contact is None:
            contact = Contact.objects.create(
                first_name=first_name[:100],
                last_name=last_name[:100],
                email=address,
                organisation=org,
            )
            contact.districts.set(org.districts.all())
            log(
                instance=contact,
                action="returns.contact.added",
                user=by_user,
                data={"response": response.pk},
            )
    mailable = Contact.objects.mailable().filter(pk=contact.pk).exists()
    if contact.organisation_id != org.pk or not mailable:
        log(
            instance=response,
            action="returns.respondent.refused",
            user=by_user,
            data={"by_contact": by_contact.pk if by_contact else None, "contact": contact.pk},
        )
        if by_user is not None:
            raise NotAdded(f"{contact} is not a contact of {org} who can be emailed.")
        return None
    respondent, created = Respondent.objects.get_or_create(
        response=response,
        contact=contact,
        defaults={"added_by_user": by_user, "added_by_contact": by_contact},
    )
    if created:
        respondent.response = response
        send_added(respondent, handed_over_by=by_contact if handed_over else None)
        log(
            instance=response,
            action="returns.respondent.added",
            user=by_user,
            data={"contact": contact.pk, "by_contact": by_contact.pk if by_contact else None},
        )
    return respondent


def _due_offset(offsets, due_on, day):
    """The latest chase offset (days from the due date; negative before it) that has come."""
    due = [d for d in offsets if day >= due_on + timedelta(days=d)]
    return max(due) if due else None


def send_chases(*, day=None) -> int:
    """Beat: chase every respondent of each response not yet submitted, at the offsets of
    RETURNS_CHASE_DAYS around the due date. Only the latest offset that has come is sent (a
    missed earlier one is not sent late); a Chase row per response and offset makes each
    send once; a submitted response is never chased, nor is a respondent who stopped the
    reminders for it or handed it to a colleague (`chases_stopped_at`), nor one who may not be
    mailed (archived, erased, suppressed). A response with nobody left to chase gets no Chase
    row and no log entry: every chase recorded emails somebody."""
    from ..emails import send_chase

    day = day or timezone.localdate()
    offsets = settings.RETURNS_CHASE_DAYS
    if not offsets:
        return 0
    window = (day - timedelta(days=max(offsets)), day - timedelta(days=min(offsets)))
    sent = 0
    returns = Return.objects.filter(
        state=Return.State.SENT, due_on__gte=window[0], due_on__lte=window[1]
    )
    for ret in returns:
        offset = _due_offset(offsets, ret.due_on, day)
        if offset is None:
            continue
        waiting = ret.responses.exclude(state=Response.State.SUBMITTED).exclude(
            chases__offset_days=offset
        )
        for response in waiting.select_related("organisation", "ret"):
            with transaction.atomic():
                chased = list(
                    response.respondents.filter(
                        chases_stopped_at__isnull=True,
                        contact__in=Contact.objects.mailable().values("pk"),
                    ).select_related("contact")
                )
                if not chased:
                    continue  # nobody left to chase: no chase is recorded, none is sent
                _, created = Chase.objects.get_or_create(response=response, offset_days=offset)
                if not created:
                    continue
                for respondent in chased:
                    respondent.response = response
                    send_chase(respondent, overdue=day > ret.due_on)
                    sent += 1
                log(
                    instance=response,
                    action="returns.response.chased",
                    user=None,
                    data={"offset_days": offset},
                )
    return sent
