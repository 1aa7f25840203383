import time
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from board.periods import Period
from board.sections import SECTIONS
from core.db import reading_aggregates
from core.disclosure import Rule
from core.periods import Year
from tests.benchmarks.test_board import big_partnership  # noqa: F401


@pytest.mark.bench
def test_prof(big_partnership, client, coordinator):  # noqa: F811
    year = Year.current().previous()
    period = Period.of_year(year)
    client.force_login(coordinator)
    client.get(f"/admin/board/?period={year}")
    for rule in (Rule.exact_figures(), Rule()):
        print("\nRULE", rule.exact)
        allq = []
        with reading_aggregates():
            for module in SECTIONS:
                with CaptureQueriesContext(connection) as ctx:
                    t = time.perf_counter()
                    module.figures(period, rule)
                    ms = (time.perf_counter() - t) * 1000
                sql = sum(float(q["time"]) for q in ctx.captured_queries) * 1000
                print(f"{module.__name__:35} {ms:7.1f} ms  sql {sql:6.1f}  n={len(ctx.captured_queries)}")
                allq += ctx.captured_queries
        for q in sorted(allq, key=lambda q: -float(q["time"]))[:10]:
            print(q["time"], q["sql"][:400])
    for v in ("", "&view=board"):
        for _ in range(2):
            t = time.perf_counter()
            client.get(f"/admin/board/?period={year}{v}")
            print("PAGE", v, round((time.perf_counter() - t) * 1000, 1))
