"""The list of sends as Wagtail's ReportView: filters, ordering, the export (counts, never an
address, formula-safe) for those who may send only, and a page whose queries do not grow."""

import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from sending.engine import create_send, start_send
from sending.models import Delivery, Send
from tests.support.sending import CONTENT, make_audience

SENDS = "/admin/newsletters/sends/"


def a_send(subject, kind="newsletter", state=None, n=0, prefix=None):
    segments = [make_audience(n, prefix=prefix or subject.lower().replace(" ", ""))] if n else []
    send = create_send(content=CONTENT, topic="newsletter", segments=segments, kind=kind)
    if n:
        send = start_send(send)
    Send.objects.filter(pk=send.pk).update(subject=subject, **({"state": state} if state else {}))
    send.refresh_from_db()
    return send


def shown(client, query, *sends):
    html = client.get(f"{SENDS}?{query}").content.decode()
    return {s.subject for s in sends if f'/admin/newsletters/sends/{s.pk}/"' in html}


def test_each_filter_narrows_the_sends_list(client, coordinator):
    news = a_send("Spring newsletter")
    alert = a_send("Tension alert", kind="alert", state="sent")
    receipt = a_send("A one-off receipt", kind="notification")
    everything = (news, alert, receipt)
    client.force_login(coordinator)

    assert shown(client, "", *everything) == {"Spring newsletter", "Tension alert"}
    assert shown(client, "show=all", *everything) == {s.subject for s in everything}
    assert shown(client, "kind=alert", *everything) == {"Tension alert"}
    assert shown(client, "kind=notification", *everything) == {"A one-off receipt"}
    assert shown(client, "state=sent", *everything) == {"Tension alert"}
    # A value that is not a choice narrows nothing, and notifications stay out.
    assert shown(client, "kind=nonsense", *everything) == {"Spring newsletter", "Tension alert"}


def test_a_partner_return_is_listed_and_told_apart_from_staff_notifications(client, coordinator):
    ret = a_send("Please complete: L&D return", kind="return", state="sent")
    receipt = a_send("A one-off receipt", kind="notification")
    client.force_login(coordinator)

    assert shown(client, "", ret, receipt) == {"Please complete: L&D return"}
    assert shown(client, "kind=return", ret, receipt) == {"Please complete: L&D return"}
    assert "Partner return" in client.get(f"{SENDS}?kind=return").content.decode()


def test_the_sends_list_is_newest_first_and_reorders_by_a_column(client, coordinator):
    b = a_send("B issue")
    a = a_send("A issue")
    c = a_send("C issue")
    client.force_login(coordinator)

    def order(query=""):
        html = client.get(f"{SENDS}?{query}").content.decode()
        return [s.subject for s in sorted((a, b, c), key=lambda s: html.index(s.subject))]

    assert order() == ["C issue", "A issue", "B issue"]
    assert order("ordering=subject") == ["A issue", "B issue", "C issue"]
    assert order("ordering=-subject") == ["C issue", "B issue", "A issue"]
    assert order("ordering=created_at") == ["B issue", "A issue", "C issue"]


@pytest.mark.parametrize("export", ["csv", "xlsx"])
def test_the_export_has_counts_never_an_address_and_cannot_run_a_formula(
    client, coordinator, export
):
    send = a_send('=HYPERLINK("http://evil.example","news")', n=3, prefix="reader")
    Delivery.objects.filter(send=send).update(state=Delivery.State.SENT)
    Delivery.objects.filter(pk=Delivery.objects.filter(send=send).first().pk).update(
        state=Delivery.State.BOUNCED
    )
    client.force_login(coordinator)

    response = client.get(f"{SENDS}?export={export}")

    assert f'filename="sends.{export}"' in response["Content-Disposition"]
    body = b"".join(response.streaming_content)
    if export == "csv":
        rows = list(csv.reader(io.StringIO(body.decode())))
    else:
        book = load_workbook(io.BytesIO(body))
        rows = [[cell.value for cell in row] for row in book.active.iter_rows()]
    assert rows[0] == [
        "Subject",
        "Kind",
        "State",
        "Created",
        "Scheduled for",
        "Recipients",
        "Sent",
        "Problems",
    ]
    row = rows[1]
    assert row[0] == '\'=HYPERLINK("http://evil.example","news")'
    assert [str(v) for v in row[5:]] == ["3", "2", "1"]
    assert "reader0@example.org" not in body.decode(errors="replace")


@pytest.mark.parametrize("who", ["editor", "outsider"])
def test_nobody_without_the_send_permission_gets_the_list_or_its_export(db, client, request, who):
    a_send("Spring newsletter")
    client.force_login(request.getfixturevalue(who))

    for url in (SENDS, f"{SENDS}?export=csv", f"{SENDS}?export=xlsx", f"{SENDS}results/"):
        response = client.get(url)
        assert response.status_code in (302, 404), url
        assert not response.streaming and b"Spring newsletter" not in response.content


def test_the_sends_list_costs_the_same_queries_for_3_or_30_sends(client, coordinator):
    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(SENDS).status_code == 200
        return len(captured)

    for i in range(3):
        a_send(f"Issue {i}", n=2, prefix=f"few{i}-")
    client.force_login(coordinator)
    client.get(SENDS)
    few = queries()
    for i in range(3, 30):
        a_send(f"Issue {i}", n=2, prefix=f"many{i}-")

    assert Send.objects.count() == 30
    assert queries() == few
