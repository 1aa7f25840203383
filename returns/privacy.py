"""Returns' part in subject access and erasure of a directory contact (networks' hooks).

A return's answers belong to the organisation, not the person: they hold numbers and statuses
(free text carries a warning not to name anyone), and the partnership's figures rest on them,
so erasure keeps them. What is the person's goes: their place as a respondent (and with it every
link already emailed to them), their name as the
submitter, and their name on the action plan's progress rows. Subject access lists every return
they were asked for, what they did, and the progress they reported.
"""

from wagtail import hooks

from .models import ProgressUpdate, Respondent, Response


def _iso(value):
    return value.isoformat() if value else None


@hooks.register("networks_subject_access")
def returns_for_subject_access(contact):
    rows = Respondent.objects.filter(contact=contact).select_related(
        "response__ret", "response__organisation"
    )
    answers = []
    for row in rows:
        response = row.response
        answers.append(
            {
                "return": response.ret.title,
                "organisation": response.organisation.name,
                "as": "Prevent lead" if row.is_lead else "colleague added to the return",
                "added_at": _iso(row.created_at),
                "state": response.get_state_display(),
                "submitted_by_you": response.submitted_by_id == contact.pk,
                "submitted_at": _iso(response.submitted_at),
                "reminders_stopped_at": _iso(row.chases_stopped_at),
                "handed_to_a_colleague_at": _iso(row.handed_over_at),
                "answers": [
                    {"question": a.question.text, "answer": a.display}
                    for a in response.answers.select_related("question").order_by(
                        "question__sort_order", "question_id"
                    )
                ],
            }
        )
    progress = [
        {
            "action": p.action.number,
            "quarter_start": _iso(p.quarter_start),
            "status": p.get_status_display(),
            "narrative": p.narrative,
            "reported_at": _iso(p.created_at),
        }
        for p in ProgressUpdate.objects.filter(reported_by_contact=contact).select_related("action")
    ]
    return "returns", {"returns": answers, "action_plan_progress_reported": progress}


@hooks.register("networks_erase_contact")
def erase_return_respondent(contact, email):
    # Deleting the respondent row voids every link already emailed to the person (a link
    # names its respondent); the organisation's other respondents keep theirs.
    Response.objects.filter(submitted_by=contact).update(submitted_by=None)
    Respondent.objects.filter(contact=contact).delete()
    Respondent.objects.filter(added_by_contact=contact).update(added_by_contact=None)
    Respondent.objects.filter(handed_to=contact).update(handed_to=None)
    ProgressUpdate.objects.filter(reported_by_contact=contact).update(
        reported_by_contact=None, reported_by="Prevent lead (erased)"
    )
