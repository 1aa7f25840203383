"""The one disclosure-control function: small counts become a range, others round, no total
works a hidden figure back, and no percentage or average rests on a handful of people."""

import pytest

from core.disclosure import (
    Figure,
    Rule,
    average,
    by_groups,
    count,
    method_note,
    rate,
    rate_of,
    table,
)
from core.partnership import partnership

RULE = Rule()  # the defaults: 1–7 hidden, round to 5


def texts(row):
    return [str(f) for f in row]


@pytest.mark.parametrize(
    ("n", "shown"),
    [(0, "0"), (1, "1–7"), (7, "1–7"), (8, "10"), (12, "10"), (13, "15"), (1234, "1,235")],
)
def test_a_count_of_one_to_seven_shows_as_the_range_and_others_round_to_five(n, shown):
    assert str(count(n, RULE)) == shown


def test_a_hidden_count_does_not_carry_its_value():
    figure = count(3, RULE)
    assert figure.hidden and figure.number is None
    assert "3" not in repr(figure)


def test_the_coordinators_exact_rule_shows_every_figure_as_it_is():
    exact = Rule.exact_figures()
    assert [str(count(n, exact)) for n in (0, 3, 12)] == ["0", "3", "12"]
    assert texts(table([[3, 20]], exact).cells[0]) == ["3", "20"]


def test_a_row_with_one_hidden_count_withholds_a_second_so_the_total_reveals_nothing():
    disclosed = table([[0, 3, 12]], RULE)
    assert texts(disclosed.cells[0]) == ["0", "1–7", "withheld"]
    assert str(disclosed.row_totals[0]) == "15"
    # The column totals are a line too: the hidden 3 is not left alone there either.
    assert texts(disclosed.column_totals) == ["0", "1–7", "withheld"]
    assert str(disclosed.total) == "15"


def test_secondary_suppression_runs_across_rows_and_columns_until_no_line_has_one_hidden():
    disclosed = table([[3, 20], [10, 10]], RULE)
    assert texts(disclosed.cells[0]) == ["1–7", "withheld"]
    assert texts(disclosed.cells[1]) == ["withheld", "withheld"]
    assert texts(disclosed.row_totals) == ["25", "20"]
    assert texts(disclosed.column_totals) == ["15", "30"]
    assert str(disclosed.total) == "45"
    lines = [disclosed.cells[0] + [disclosed.row_totals[0]]]
    lines += [disclosed.cells[1] + [disclosed.row_totals[1]]]
    lines += [
        [disclosed.cells[0][j], disclosed.cells[1][j], disclosed.column_totals[j]] for j in (0, 1)
    ]
    assert all(sum(f.hidden for f in line) != 1 for line in lines)


def test_a_table_with_no_small_count_only_rounds():
    disclosed = table([[10, 21], [30, 44]], RULE)
    assert texts(disclosed.cells[0]) == ["10", "20"]
    assert texts(disclosed.cells[1]) == ["30", "45"]
    assert texts(disclosed.row_totals) == ["30", "75"]  # 31 and 74, rounded from exact
    assert not disclosed.any_hidden


def test_a_percentage_needs_a_base_of_eight_and_a_shown_numerator():
    assert str(rate(13, 100, RULE)) == "15%"  # from the shown 15 and 100
    assert str(rate(3, 100, RULE)) == "—"
    assert str(rate(5, 6, RULE)) == "—"
    assert str(rate(0, 0, RULE)) == "—"
    assert str(rate(3, 6, Rule.exact_figures())) == "50%"


def test_an_average_needs_a_base_of_eight():
    assert str(average(4.26, 7, RULE)) == "—"
    assert str(average(4.26, 8, RULE)) == "4.3"
    assert str(average(None, 20, RULE)) == "—"


def test_the_threshold_and_rounding_are_the_partnerships_settings(db):
    from wagtail.models import Site

    site = Site.objects.get(is_default_site=True)
    settings = partnership(site)
    settings.disclosure_threshold = 10
    settings.disclosure_rounding = 10
    settings.save()
    rule = Rule.for_partnership(site)
    assert (rule.threshold, rule.rounding) == (10, 10)
    assert str(count(9, rule)) == "1–9"
    assert str(count(14, rule)) == "10"
    assert "1–9" in method_note(rule) and "nearest 10" in method_note(rule)


def test_the_method_note_says_what_was_done():
    note = method_note(RULE)
    assert "1–7" in note and "nearest 5" in note and "withheld" in note and "fewer than 8" in note


def test_a_table_of_thousands_of_rows_leaves_no_line_with_one_hidden_figure():
    import random

    rng = random.Random(1)
    rows = [[rng.choice([0, 1, 3, 5, 9, 12, 20, 40]) for _ in range(4)] for _ in range(3000)]
    disclosed = table(rows, RULE)
    lines = [
        [*cells, total] for cells, total in zip(disclosed.cells, disclosed.row_totals, strict=True)
    ]
    lines += [[row[j] for row in disclosed.cells] + [disclosed.column_totals[j]] for j in range(4)]
    lines.append([*disclosed.column_totals, disclosed.total])
    assert all(sum(f.hidden for f in line) != 1 for line in lines)
    assert all(str(f) in {"1–7", "withheld"} for row in disclosed.cells for f in row if f.hidden)


def test_a_percentage_of_disclosed_figures_hides_with_either_and_uses_them_as_shown():
    withheld = Figure("withheld", None, hidden=True)
    assert str(rate_of(count(13, RULE), count(40, RULE), RULE)) == "38%"  # 15 of 40
    assert str(rate_of(withheld, count(40, RULE), RULE)) == "—"  # a count shown alone…
    assert str(rate_of(count(20, RULE), withheld, RULE)) == "—"  # …but withheld in its table
    assert str(rate_of(count(0, RULE), count(6, RULE), RULE)) == "—"  # a base of 1–7
    assert str(rate_of(count(0, RULE), count(0, RULE), RULE)) == "—"
    exact = Rule.exact_figures()
    assert str(rate_of(count(1, exact), count(3, exact), exact)) == "33%"


def test_things_in_two_groupings_are_disclosed_so_no_group_less_its_parts_gives_one_back():
    """Organisations, each in one sector and one district: every group's sum, every grouping's
    total, and the total of all the organisations are lines a reader can subtract along."""
    import random

    rng = random.Random(25)
    leaves = {f"org{i}": rng.choice([0, 2, 5, 9, 14, 30, 60]) for i in range(300)}
    sectors = {k: rng.choice("ABCDE") for k in leaves}
    districts = {k: rng.choice(["north", "south", None]) for k in leaves}

    shown = by_groups(leaves, [sectors, districts], RULE)

    lines = []
    for i, grouping in enumerate((sectors, districts)):
        groups = sorted(set(grouping.values()), key=str)
        for g in groups:
            parts = [shown.leaf(k) for k, v in grouping.items() if v == g]
            lines.append([shown.group(i, g), *parts])
        lines.append([shown.total, *(shown.group(i, g) for g in groups)])
    lines.append([shown.total, *(shown.leaf(k) for k in leaves)])
    assert all(sum(f.hidden for f in line) != 1 for line in lines)
    assert all(shown.leaf(k).text == "1–7" for k, n in leaves.items() if 0 < n < 8)
    assert sum(not shown.leaf(k).hidden for k in leaves) > 100  # not everything hidden
    exact = by_groups(leaves, [sectors, districts], Rule.exact_figures())
    assert exact.total.number == sum(leaves.values())
    assert exact.group(0, "A").number == sum(n for k, n in leaves.items() if sectors[k] == "A")


def test_a_small_organisation_in_a_sector_withholds_a_second_one_there_and_in_its_district():
    leaves = {"a": 3, "b": 20, "c": 30, "d": 40}
    sectors = {"a": "s1", "b": "s1", "c": "s2", "d": "s2"}
    districts = {"a": "d1", "b": "d2", "c": "d1", "d": "d2"}

    shown = by_groups(leaves, [sectors, districts], RULE)

    assert shown.leaf("a").text == "1–7"
    # s1 (23) less b (20) and d1 (33) less c (30) would each give a back.
    assert shown.leaf("b").hidden and shown.leaf("c").hidden
    assert [shown.group(0, "s1").text, shown.group(1, "d1").text] == ["25", "35"]
