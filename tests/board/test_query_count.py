"""The dashboard is a fixed set of grouped queries: its number of queries does not grow with
the data (no query per report, send, contact or district row — no N+1, no per-row Python)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from networks.models import ConsentEvent, Contact, Organisation
from sending.models import LinkClick
from tests.support.board import (
    london,
    make_board_member,
    make_deliveries,
    make_district,
    make_reports,
    make_send,
)

pytestmark = pytest.mark.django_db
URL = "/admin/board/"


def _add_data(n: int, tag: str):
    """n districts, each with reports, contacts, consent events and a send of deliveries, each
    of which clicked a link of its own and a personal one."""
    school = Organisation.objects.create(name=f"School {tag}", sector="education")
    for i in range(n):
        district = make_district(f"District {tag}{i}")
        make_reports(2, at=london(2026, 5, 1 + i, 12), district=district)
        contact = Contact.objects.create(email=f"{tag}{i}@example.org", organisation=school)
        contact.districts.add(district)
        ConsentEvent.objects.create(contact=contact, action="subscribed", source="web_form")
        send = make_send(f"Issue {tag}{i}", at=london(2026, 6, 1 + i, 10))
        deliveries = make_deliveries(send, 3, prefix=f"{tag}{i}")
        LinkClick.objects.bulk_create(
            LinkClick(send=send, delivery=d, link=link, first_at=d.sent_at)
            for d in deliveries
            for link in (f"https://hub.example.org/{tag}{i}/{d.pk}/", "")
        )
    Contact.objects.update(created_at=london(2026, 4, 2, 9))
    ConsentEvent.objects.update(at=london(2026, 5, 20, 9))


def _queries(client, params) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(URL, params)
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("view", ["", "board"])
def test_the_dashboard_runs_the_same_number_of_queries_for_ten_times_the_data(
    client, coordinator, django_user_model, view
):
    user = make_board_member(django_user_model) if view == "board" else coordinator
    client.force_login(user)
    params = {"period": "2026-Q1", "view": view} if view else {"period": "2026-Q1"}
    _add_data(1, "a")
    _queries(client, params)  # warm: sessions, permissions, site lookups cached after this
    few = _queries(client, params)
    _add_data(9, "b")
    many = _queries(client, params)
    assert many == few


def test_a_year_costs_no_more_queries_per_quarter_than_a_fixed_few(client, coordinator):
    # A year's dashboard adds the per-quarter tables, worked out from the same grouped rows.
    _add_data(2, "y")
    client.force_login(coordinator)
    _queries(client, {"period": "2026-Q1"})
    quarter = _queries(client, {"period": "2026-Q1"})
    year = _queries(client, {"period": "2026"})
    assert year <= quarter + 2
    assert quarter < 100  # about 85 with the progress, learning and returns sections
