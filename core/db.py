"""Database helpers shared by the apps' reports.

`reading_aggregates()`: a transaction for a page of short aggregate queries, with PostgreSQL's
JIT compiler switched off for it and room for a hash of some 100,000 groups in memory
(`SET LOCAL work_mem`; both `SET LOCAL`, so only this transaction). The planner switches
JIT on from row estimates alone; on a report of a few dozen aggregates over a few hundred
thousand rows it spends longer compiling each query than running it (measured: the board spent
2.2 s compiling a 0.2 s query; the take-up report 38 ms compiling a 150 ms one)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection, transaction


@contextmanager
def reading_aggregates() -> Iterator[None]:
    """Run the block in one transaction (its figures consistent with each other), without JIT
    on PostgreSQL. Nested inside another transaction it is a savepoint, and `SET LOCAL` lasts
    to the end of the outer transaction."""
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL jit = off")
                # A report's hash of people (the take-up report's organisation × person
                # pairs, some 10 MB for 45,000 people) spilled to a sort on disk at the
                # default 4 MB, which took it from 200 to 370 ms.
                cursor.execute("SET LOCAL work_mem = '32MB'")
        yield
