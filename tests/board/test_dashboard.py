"""The board dashboard: who sees it, with which figures, for which period."""

import pytest

from tests.support.board import london, make_board_member, make_district, make_reports

pytestmark = pytest.mark.django_db

URL = "/admin/board/"


@pytest.fixture
def board_member(django_user_model):
    return make_board_member(django_user_model)


def test_the_coordinator_sees_every_theme_with_exact_figures(client, coordinator):
    rugby = make_district("Rugby")
    make_reports(3, at=london(2026, 5, 1, 12), district=rugby)
    client.force_login(coordinator)
    response = client.get(URL, {"period": "2026-Q1"})
    assert response.status_code == 200
    body = response.content.decode()
    for theme in (
        "Community and voluntary sector engagement",
        "Safe education",
        "Support",
        "Intelligence and communications",
    ):
        assert theme in body
    assert "Figures are exact" in body
    assert "2026–27 Q1" in body


def test_a_board_member_sees_small_counts_as_a_range_and_no_record_links(client, board_member):
    rugby = make_district("Rugby")
    make_reports(3, at=london(2026, 5, 1, 12), district=rugby)
    client.force_login(board_member)
    response = client.get(URL, {"period": "2026-Q1"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "1–7" in body
    assert "/admin/alerts/" not in body
    assert "/admin/snippets/networks/contact/" not in body
    assert "Something a board member must never see" not in body
    assert "To protect individuals" in body


def test_an_outsider_is_turned_away(client, outsider):
    client.force_login(outsider)
    response = client.get(URL)
    assert response.status_code in (302, 404)
    assert b"Reports received" not in response.content
