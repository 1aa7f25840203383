"""Directory performance targets (docs/measurements.md), on PostgreSQL with 100,000 contacts.

Run with `make bench`. Data is loaded with COPY inside the test's transaction, so it disappears
when the test ends (nothing to clean up by hand)."""

import json
import random
import time
import tracemalloc

import pytest
from django.db import connection
from django.utils import timezone

from networks.actions import import_contacts, start_contact_import
from networks.models import Contact, District, Role, Segment, SegmentMember
from networks.segments import resolve_segments
from tests.support.services import require

N = 100_000
TOPICS = ["newsletter", "updates", "events"]


def report(figure, value, target, n, bench="directory"):
    print(json.dumps({"bench": bench, "figure": figure, "value": value, "target": target, "n": n}))


@pytest.fixture
def hundred_thousand_contacts(db):
    require(connection.vendor == "postgresql", "the directory benchmarks need PostgreSQL")
    rng = random.Random(3)
    districts = [District.objects.create(name=f"Bench district {i}") for i in range(6)]
    roles = list(Role.objects.values_list("pk", flat=True))
    now = timezone.now()
    started = time.perf_counter()
    with connection.cursor() as cursor:
        raw = cursor.cursor
        with raw.copy(
            "COPY networks_contact (first_name, last_name, email, phone, organisation_name, "
            "notes, is_active, created_at, updated_at) FROM STDIN"
        ) as copy:
            for i in range(N):
                copy.write_row(
                    (f"First{i}", f"Last{i}", f"bench{i}@example.org", "", "", "", True, now, now)
                )
        cursor.execute("SELECT id FROM networks_contact WHERE email LIKE 'bench%%' ORDER BY id")
        ids = [row[0] for row in cursor.fetchall()]
        with raw.copy("COPY networks_contact_districts (contact_id, district_id) FROM STDIN") as c:
            for pk in ids:
                for district in rng.sample(districts, rng.choice((1, 1, 2))):
                    c.write_row((pk, district.pk))
        with raw.copy("COPY networks_contact_roles (contact_id, role_id) FROM STDIN") as c:
            for pk in ids:
                c.write_row((pk, rng.choice(roles)))
        with raw.copy(
            "COPY networks_subscription (contact_id, topic, status, updated_at) FROM STDIN"
        ) as c:
            for pk in ids:
                for topic in TOPICS:
                    if rng.random() < 0.6:
                        c.write_row((pk, topic, "subscribed", now))
        cursor.execute("ANALYZE")
    print(f"# loaded {N} contacts in {time.perf_counter() - started:.1f} s")
    return {"districts": districts, "ids": ids}


@pytest.mark.bench
def test_a_segment_count_takes_under_200_ms(hundred_thousand_contacts):
    d = hundred_thousand_contacts["districts"]
    lead = Role.objects.get(slug="prevent-lead")
    segment = Segment.objects.create(
        name="Bench",
        rules={
            "districts": [d[0].pk, d[1].pk],
            "roles": [lead.pk, Role.objects.get(slug="designated-safeguarding-lead").pk],
            "exclude": {"tags": ["never"], "districts": [d[5].pk]},
        },
    )
    for pk in hundred_thousand_contacts["ids"][:50]:
        SegmentMember.objects.create(segment=segment, contact_id=pk)

    timings = []
    for _ in range(5):
        started = time.perf_counter()
        count = resolve_segments([segment], "newsletter").count()
        timings.append(time.perf_counter() - started)
    best_ms = min(timings) * 1000

    report("segment_count_ms", round(best_ms, 1), 200, N)
    assert count > 1000
    assert best_ms < 200


def _peak_while_streaming(segment) -> tuple[int, int]:
    tracemalloc.start()
    seen = 0
    for _contact in resolve_segments([segment], "newsletter").iterator(chunk_size=2000):
        seen += 1
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return seen, peak


@pytest.mark.bench
def test_resolving_a_segment_streams_with_memory_that_does_not_grow(hundred_thousand_contacts):
    d = hundred_thousand_contacts["districts"]
    small = Segment.objects.create(name="Small", rules={"districts": [d[0].pk]}, description="")
    large = Segment.objects.create(name="Large", rules={"districts": [x.pk for x in d]})

    small_n, small_peak = _peak_while_streaming(small)
    large_n, large_peak = _peak_while_streaming(large)

    report("stream_peak_kib_small", round(small_peak / 1024), None, small_n)
    report("stream_peak_kib_large", round(large_peak / 1024), None, large_n)
    report("stream_peak_ratio", round(large_peak / small_peak, 2), 1.5, large_n)
    assert large_n > 4 * small_n
    assert large_peak < 1.5 * small_peak


@pytest.mark.bench
def test_importing_10000_rows_takes_under_30_s(db, django_user_model):
    require(connection.vendor == "postgresql", "the directory benchmarks need PostgreSQL")
    District.objects.get_or_create(name="Rugby", defaults={"slug": "rugby"})
    rows = ["email,first name,last name,district,role,topics,tags"]
    for i in range(10_000):
        rows.append(
            f"import{i}@example.org,First{i},Last{i},Rugby,Prevent lead,newsletter;events,bench"
        )
    raw = ("\n".join(rows) + "\n").encode()

    started = time.perf_counter()
    job = start_contact_import("bench.csv", raw)
    import_contacts(job, mapping=job.mapping, mode="update", dry_run=False)
    elapsed = time.perf_counter() - started

    report("import_10000_rows_s", round(elapsed, 2), 30, 10_000)
    assert job.counts["created"] == 10_000
    assert Contact.objects.filter(email__startswith="import").count() == 10_000
    assert elapsed < 30
