"""The take-up report costs the same number of queries for 3 organisations as for 30: every
breakdown is an aggregate in SQL, never a query per organisation or person; on the
coordinator's page and in the CSV too."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.periods import Year
from learning.framework import seed_framework
from learning.report import Period, takeup_report
from networks.models import Role
from networks.reference_data import ensure_roles
from tests.support.learning import completion, district, organisation, person

pytestmark = pytest.mark.django_db

FY2026 = Period.of_year(Year(2026))


def _authorities(start, stop):
    """Specified authorities `start`..`stop - 1`, each with a Prevent lead (every other one
    holding level 3), a governor without level 2, and completions at each level."""
    lead = Role.objects.get(slug="prevent-lead")
    governor = Role.objects.get(slug="school-governor")
    rugby = district("Rugby")
    for i in range(start, stop):
        org = organisation(f"Authority {i}", "education", [rugby], is_specified_authority=True)
        lena = person(f"Lead{i}", organisation=org, districts=[rugby], roles=[lead])
        person(f"Gov{i}", organisation=org, districts=[rugby], roles=[governor])
        if i % 2 == 0:
            completion(3, dt.date(2026, 5, 10), contact=lena, organisation=org, district=rugby)
        completion(1, dt.date(2026, 8, 1), contact=lena, organisation=org, district=rugby)
        completion(2, dt.date(2026, 11, 1), email=f"p{i}@x.example", organisation=org)
        completion(1, dt.date(2026, 10, 2), organisation_name=f"Charity as given {i}")


@pytest.fixture
def partnership():
    ensure_roles()
    seed_framework()
    _authorities(0, 3)


def _queries(fn) -> int:
    with CaptureQueriesContext(connection) as ctx:
        fn()
    return len(ctx.captured_queries)


def test_the_report_takes_as_many_queries_for_30_organisations_as_for_3(partnership):
    takeup_report(FY2026)  # the partnership's settings row is made on the first read
    three = _queries(lambda: takeup_report(FY2026))
    _authorities(3, 30)
    thirty = _queries(lambda: takeup_report(FY2026))
    report = takeup_report(FY2026)
    assert len(report.authorities) == 30
    assert sum(a.lead_holds_level_3 for a in report.authorities) == 15
    assert all(a.has_lead for a in report.authorities)
    assert report.by_level == {1: 60, 2: 30, 3: 15}
    assert thirty == three


@pytest.mark.parametrize("name", ["learning_admin:takeup", "learning_admin:takeup_csv"])
def test_the_page_and_the_csv_take_as_many_queries_for_30_organisations_as_for_3(
    name, partnership, coordinator, client
):
    client.force_login(coordinator)
    url = reverse(name) + "?year=2026"
    assert client.get(url).status_code == 200  # sessions, permissions and menus warmed
    three = _queries(lambda: b"".join(client.get(url)))
    _authorities(3, 30)
    body = []

    def get():
        response = client.get(url)
        assert response.status_code == 200
        body.append(b"".join(response) if response.streaming else response.content)

    thirty = _queries(get)
    assert "Authority 29" in body[0].decode()
    assert thirty == three
