"""The communications section's clicks per link: counted by hand, through the board rule for the
board and exact for the coordinator; personal links on one line, never shown."""

import pytest

from board.periods import Period
from board.sections import communications
from core.disclosure import Rule
from sending.models import PERSONAL_LINK_LABEL, LinkClick
from tests.support.board import london, make_board_member, make_deliveries, make_send

pytestmark = pytest.mark.django_db
PERIOD = "2026-Q1"
WRAP = "https://hub.example.org/learning/wrap/"
SEARCH = "https://hub.example.org/search/?q=wrap"


def clicked(deliveries, link):
    LinkClick.objects.bulk_create(
        LinkClick(send_id=d.send_id, delivery=d, link=link, first_at=d.sent_at) for d in deliveries
    )


@pytest.fixture
def clicks():
    """Summer newsletter, 30 readers: WRAP clicked by 20, a personal link by 9, SEARCH by 3.
    Autumn update, 15 readers: WRAP by 12. Winter update: 12 links clicked by one person each.
    Under the board rule the 3 is small (1–7) and, as the summer send's 32 people who clicked
    would give it back, its smallest partner (the 9) is withheld; 20 stays 20, 12 rounds to 10."""
    summer = make_deliveries(make_send("Summer newsletter", at=london(2026, 6, 2, 10)), 30)
    clicked(summer[:20], WRAP)
    clicked(summer[:9], "")
    clicked(summer[20:23], SEARCH)
    autumn = make_send("Autumn update", at=london(2026, 6, 10, 10), kind="update")
    clicked(make_deliveries(autumn, 15)[:12], WRAP)
    winter = make_send("Winter update", at=london(2026, 6, 20, 10), kind="update")
    reader = make_deliveries(winter, 1)
    for i in range(12):
        clicked(reader, f"https://hub.example.org/page-{i:02}/")


def _links(rule):
    section = communications.figures(Period.parse(PERIOD), rule)
    table = next(t for t in section.tables if t.key == "communications-links")
    return section, table


def test_clicks_per_link_are_exact_for_the_coordinator_and_suppressed_for_the_board(
    clicks, monkeypatch
):
    section, exact = _links(Rule.exact_figures())
    _, board = _links(Rule())

    summer, autumn = "Summer newsletter (2 Jun 2026) · ", "Autumn update (10 Jun 2026) · "
    assert exact.rows[:4] == [
        summer + WRAP,
        summer + PERSONAL_LINK_LABEL,
        summer + SEARCH,
        autumn + WRAP,
    ]
    assert [row[0].text for row in exact.cells[:4]] == ["20", "9", "3", "12"]
    assert [row[0].text for row in board.cells[:4]] == ["20", "withheld", "1–7", "10"]
    assert board.links is None and exact.links[0][0].startswith("/admin/newsletters/sends/")
    # The winter update's twelve links: its ten most clicked (ties by link) are shown.
    winter = [r for r in exact.rows if r.startswith("Winter update")]
    assert winter == [
        f"Winter update (20 Jun 2026) · https://hub.example.org/page-{i:02}/" for i in range(10)
    ]
    assert not any("does not yet record" in note for note in section.notes)
    assert any("never shown" in note for note in section.notes)
    # The period's most clicked links in all, still in the order of the sends.
    monkeypatch.setattr(communications, "LINKS_IN_ALL", 5)
    _, five = _links(Rule.exact_figures())
    assert five.rows == [
        *exact.rows[:4],
        "Winter update (20 Jun 2026) · https://hub.example.org/page-00/",
    ]


def test_the_board_view_shows_the_small_counts_suppressed_and_no_personal_url(
    client, coordinator, django_user_model, clicks
):
    def links_table(user):
        client.force_login(user)
        body = client.get("/admin/board/", {"period": PERIOD}).content.decode()
        start = body.index("<caption>Clicks per link")
        return body[start : body.index("</table>", start)]

    board = links_table(make_board_member(django_user_model))
    assert "<td>1–7</td>" in board and "<td>withheld</td>" in board
    assert "<td>3</td>" not in board and "<td>9</td>" not in board
    assert PERSONAL_LINK_LABEL in board and "/admin/newsletters/sends/" not in board

    coordinator_view = links_table(coordinator)
    assert ">3</a></td>" in coordinator_view and ">9</a></td>" in coordinator_view
    assert "withheld" not in coordinator_view
