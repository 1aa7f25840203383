"""The disclosure rule holds wherever a figure leaves the coordinator's screen: the board view,
the CSV, the PDF and the command — including a total that would give a hidden cell away."""

import io

import pytest
from django.core.management import call_command
from pypdf import PdfReader

from tests.support.board import london, make_board_member, make_district, make_reports

pytestmark = pytest.mark.django_db
PERIOD = "2026-Q1"


@pytest.fixture
def inbox_rows():
    """Rugby: 3 tension + 20 online; Warwick: 12 tension + 10 online. Rugby's tension (3) is
    small; the district total 23 and the tension column total 15 would give it back (23 - 20),
    so a second figure in its row and column must be withheld."""
    rugby, warwick = make_district("Rugby"), make_district("Warwick")
    at = london(2026, 5, 12, 10)
    make_reports(3, at=at, district=rugby, kind="tension")
    make_reports(20, at=at, district=rugby, kind="online")
    make_reports(12, at=at, district=warwick, kind="tension")
    make_reports(10, at=at, district=warwick, kind="online")


def test_the_board_view_hides_the_small_cell_and_withholds_its_partner(
    client, django_user_model, inbox_rows
):
    client.force_login(make_board_member(django_user_model))
    body = client.get("/admin/board/", {"period": PERIOD}).content.decode()
    table = body[body.index("<caption>Reports received by district and kind") :]
    table = table[: table.index("</table>")]
    rugby = table[table.index('<th scope="row">Rugby</th>') :]
    rugby = rugby[: rugby.index("</tr>")]
    assert "<td>1–7</td>" in rugby  # the 3 tension reports
    assert "<td>withheld</td>" in rugby  # the 20 that would give the 3 back from the total
    assert "<td>20</td>" not in rugby and "<td>3</td>" not in rugby


def test_the_coordinator_sees_the_exact_figures_with_links(client, coordinator, inbox_rows):
    client.force_login(coordinator)
    body = client.get("/admin/board/", {"period": PERIOD}).content.decode()
    table = body[body.index("<caption>Reports received by district and kind") :]
    table = table[: table.index("</table>")]
    assert ">3</a>" in table and ">20</a>" in table
    assert "withheld" not in table


def test_the_csv_applies_the_rule_even_for_the_coordinator(client, coordinator, inbox_rows):
    client.force_login(coordinator)
    response = client.get("/admin/board/tables/inbox-district-kind.csv", {"period": PERIOD})
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode()
    assert "1–7" in text and "withheld" in text
    rugby = next(line for line in text.splitlines() if line.startswith("Rugby"))
    assert ",3," not in rugby and ",20," not in rugby
    assert "To protect individuals" in text


def _run(fmt, path):
    call_command("board_report", period=PERIOD, format=fmt, output=str(path), stdout=io.StringIO())


def test_the_command_writes_a_disclosed_csv_and_a_pdf_holding_the_six_themes(tmp_path, inbox_rows):
    csv_file = tmp_path / "q1.csv"
    call_command(
        "board_report", period=PERIOD, format="csv", output=str(csv_file), stdout=io.StringIO()
    )
    text = csv_file.read_text()
    assert "withheld" in text and "1–7" in text
    assert "Something a board member must never see" not in text

    pdf_file = tmp_path / "q1.pdf"
    call_command(
        "board_report", period=PERIOD, format="pdf", output=str(pdf_file), stdout=io.StringIO()
    )
    reader = PdfReader(str(pdf_file))
    pdf_text = " ".join(page.extract_text() for page in reader.pages)
    for theme in (
        "Community and voluntary sector engagement",
        "Leadership, governance and accountability",
        "Awareness, learning and development",
        "Safe education",
        "Support",
        "Intelligence and communications",
    ):
        assert theme in " ".join(pdf_text.split())
    assert "withheld" in pdf_text
    assert "To protect individuals" in " ".join(pdf_text.split())
    assert "/StructTreeRoot" in str(reader.trailer["/Root"].keys())  # a tagged PDF


def test_an_unreadable_period_is_refused_by_the_command(tmp_path):
    from django.core.management import CommandError

    with pytest.raises(CommandError):
        call_command("board_report", period="next week", format="csv", output=str(tmp_path / "x"))
