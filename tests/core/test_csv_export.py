"""`core.csv_export.escape_cell`: no cell starts a formula, however its first sign is written."""

import pytest

from core.csv_export import escape_cell


@pytest.mark.parametrize(
    "cell",
    [
        "=1+1",
        "＝1+1",
        "+1",
        "＋1",
        "﹢1",
        "-1",
        "－1",
        "﹣1",
        "@SUM(A1)",
        "＠SUM(A1)",
        "\tx",
        "\rx",
    ],
)
def test_a_cell_that_a_spreadsheet_would_run_is_kept_as_text(cell):
    assert escape_cell(cell) == "'" + cell


@pytest.mark.parametrize("cell", ["Mary", "Ｍary", "1+1", "a=b", "", None, 42, "’quoted"])
def test_any_other_cell_is_written_as_it_is(cell):
    assert escape_cell(cell) == ("" if cell is None else str(cell))
