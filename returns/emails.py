"""Every email about a return, each through the sending engine (a Delivery row each):
the request (one Send to every organisation's Prevent lead, each lead's own link filled in by
the engine from the `return_url` merge field), chases (with the respondent's own links to hand
the return to a colleague or stop its reminders), the link of a colleague who was added or
handed the return, and the note that a return was reopened. No email holds an answer or the
reopening note: only the link.
"""

from django.conf import settings
from django.template.loader import render_to_string

from core.partnership import partnership
from sending.engine import MessageContent, register_merge_field, sample_link, send_to_contact

from .links import handover_url, return_url, stop_chases_url
from .models import Respondent

RETURN_URL_FIELD = "{{ return_url }}"


def return_urls(send, contact_ids: list[int]) -> dict[int, str]:
    """The engine's resolver of `{{ return_url }}`: each recipient's own link to their
    organisation's response to the return sent by `send` (one query per batch)."""
    respondents = Respondent.objects.filter(
        response__ret__send_id=send.pk, contact_id__in=contact_ids
    ).select_related("response")
    return {r.contact_id: return_url(r) for r in respondents}


def register_return_merge_fields():
    register_merge_field(
        "return_url",
        sample_link("return_url"),
        "the Prevent lead's own link to their organisation's return",
        resolve=return_urls,
    )


def _context(ret, **extra) -> dict:
    return {
        "ret": ret,
        "partnership": partnership().name or settings.WAGTAIL_SITE_NAME,
        "days": settings.RETURNS_LINK_DAYS,
        "site_url": settings.SITE_URL,
        **extra,
    }


def _render(name: str, context: dict) -> tuple[str, str]:
    html = render_to_string(f"returns/email/{name}.html", context)
    text = render_to_string(f"returns/email/{name}.txt", context)
    return html, text


def render_request(ret) -> MessageContent:
    """The request, rendered once for every lead; the engine fills in each one's link."""
    html, text = _render("request", _context(ret, url=RETURN_URL_FIELD))
    return MessageContent(subject=f"Please complete: {ret.title}", html=html, text=text)


def _send_to_respondent(name: str, subject: str, respondent: Respondent, **extra):
    response = respondent.response
    context = _context(
        response.ret,
        contact=respondent.contact,
        organisation=response.organisation.name,
        url=return_url(respondent),
        **extra,
    )
    html, text = _render(name, context)
    delivery = send_to_contact(
        MessageContent(subject=subject, html=html, text=text),
        respondent.contact,
        "",
        kind="notification",
        source=response,
    )
    Respondent.objects.filter(pk=respondent.pk).update(delivery=delivery)
    return delivery


def send_chase(respondent: Respondent, *, overdue: bool):
    """A chase offers no bulk unsubscribe: its two personal links let this one respondent
    hand the return to a colleague, or stop the reminders for this return only."""
    ret = respondent.response.ret
    subject = f"Overdue: {ret.title}" if overdue else f"Reminder: {ret.title}"
    return _send_to_respondent(
        "chase",
        subject,
        respondent,
        overdue=overdue,
        handover_url=handover_url(respondent),
        stop_chases_url=stop_chases_url(respondent),
    )


def send_added(respondent: Respondent, *, handed_over_by=None):
    return _send_to_respondent(
        "added",
        f"You have been added to: {respondent.response.ret.title}",
        respondent,
        handed_over_by=handed_over_by,
    )


def send_reopened(respondent: Respondent):
    return _send_to_respondent(
        "reopened", f"Reopened for a change: {respondent.response.ret.title}", respondent
    )
