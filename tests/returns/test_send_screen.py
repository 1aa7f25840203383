"""The return's confirm page lists the Prevent leads it will email (name, organisation, district,
the organisation they answer for) and the leads it leaves out and why, searchable and as a CSV;
after confirming, the coordinator lands on the send's report, and the list is exactly its
deliveries."""

import csv
import io

import pytest
from django.core import mail

from core.idempotency import new_key
from networks.models import Contact, Suppression
from returns.models import Question, Return
from tests.support.audience import left_out, listed
from tests.support.returns import custom_return, district, lead, organisation

pytestmark = pytest.mark.django_db

QUESTIONS = [(Question.Kind.WHOLE_NUMBER, "Staff trained", {"help_text": "0 if none"})]


def url(ret):
    return f"/admin/returns/{ret.pk}/send/"


@pytest.fixture
def ret(db):
    """A return to Northvale College (named) and the health sector's specified authorities:
    Priya (college) and Hana (trust) will be asked; Ada's address bounced, Archie is archived."""
    northvale = district("Northvale")
    college = organisation("Northvale College", districts=[northvale])
    trust = organisation("Northvale Health Trust", sector="health")
    organisation("Southvale Clinic", sector="health", specified=False)  # not asked
    lead(college, "Priya", "Lead").districts.add(northvale)
    lead(trust, "Hana", "Health")
    Suppression.objects.create(email=lead(college, "Ada", "Bounced").email, reason="hard_bounce")
    archived = lead(trust, "Archie", "Archived")
    Contact.objects.filter(pk=archived.pk).update(is_active=False)
    return custom_return(questions=QUESTIONS, organisations=[college], sectors=["health"])


def test_the_confirm_page_lists_exactly_who_is_then_emailed_and_lands_on_the_report(
    client, coordinator, ret, django_capture_on_commit_callbacks
):
    client.force_login(coordinator)

    page = client.get(url(ret))
    html = page.content.decode()
    hana, priya = (Contact.objects.get(first_name=n).email for n in ("Hana", "Priya"))
    assert "It goes to <strong>2</strong> organisations" in html
    assert listed(html) == [hana, priya]  # by name
    assert left_out(html) == [
        "1 person: archived or erased",
        "1 person: suppressed (an address that bounced, complained or was blocked)",
    ]
    row = html.split(f"<td>{priya}</td>", 1)[1].split("</tr>", 1)[0]
    assert "<td>Northvale College</td><td>Northvale</td>" in row
    assert "Prevent lead of Northvale College (named in the return)" in row
    row = html.split(f"<td>{hana}</td>", 1)[1].split("</tr>", 1)[0]
    assert "Prevent lead of Northvale Health Trust (a specified authority of the health" in row

    with django_capture_on_commit_callbacks(execute=True):
        answer = client.post(url(ret), {"idempotency_key": new_key(), "confirm": "1"})

    sent = Return.objects.get()
    assert answer.url == f"/admin/newsletters/sends/{sent.send_id}/"
    assert sorted(sent.send.deliveries.values_list("email", flat=True)) == sorted([hana, priya])
    assert len(mail.outbox) == 2


def test_the_list_is_searchable_and_downloadable_and_sends_nothing(client, coordinator, ret):
    client.force_login(coordinator)

    found = client.post(url(ret), {"audience_q": "health trust", "audience_search": "1"})
    download = client.post(url(ret), {"audience_csv": "1"})

    assert listed(found.content.decode()) == [Contact.objects.get(first_name="Hana").email]
    rows = list(csv.reader(io.StringIO(b"".join(download.streaming_content).decode())))
    assert rows[0] == ["Name", "Email", "Organisation", "Districts", "Why"]
    assert sorted(r[0] for r in rows[1:]) == ["Hana Health", "Priya Lead"]
    assert "no-store" in download["Cache-Control"]
    assert Return.objects.get().state == "draft" and not mail.outbox


def test_an_outsider_sees_no_list(client, outsider, ret):
    outsider.is_staff = True
    outsider.save()
    client.force_login(outsider)

    answers = [client.get(url(ret)), client.post(url(ret), {"audience_csv": "1"})]

    assert {a.status_code for a in answers} <= {302, 404}
    assert not any(b"priya" in getattr(a, "content", b"") for a in answers)
