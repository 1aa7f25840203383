"""The take-up report, coverage against headcount included, over 200,000 completions, 100,000
contacts and 2,000 organisations (700 of them with a headcount) renders in under 300 ms on an idle
machine, on PostgreSQL; the daily refresher-reminder run over the same data takes under 5 s, and a
certificate's PDF renders in under a second (docs/measurements.md).

The bench also prints its floor, `{"bench": "learning", "figure": "takeup_floor_ms"}`: in the same
run, one plain aggregate read of the completions with the contacts and organisations they name (a
count over the three tables joined, no grouping, best of 5), the least any figure of the report
could cost. Absolute times do not travel between machines (nor across a machine shared with other
work); the report's time over its floor does, and is asserted within 4×. The 300 ms is asserted
only when the machine is idle (load average under its number of cores).

Run with `make bench PYTEST_ARGS="-k takeup"` (or `-k expiry`, `-k certificate`). The rows are
made with `INSERT … SELECT generate_series(…)` and committed, then the loaded tables are vacuumed
and analysed, as autovacuum leaves production's (as the board's bench does): the planner has
statistics and the visibility map is set, so index-only scans read no heap pages. The test uses
`transactional_db`, which empties every table when it ends."""

import json
import os
import time
from datetime import timedelta

import pytest
from django.db import connection, transaction
from django.urls import reverse

from core.disclosure import Rule
from core.periods import Year
from learning.disclosed import disclose
from learning.framework import seed_framework
from learning.report import Period, takeup_report
from networks.models import District, Role
from networks.reference_data import ensure_roles
from tests.support.services import require

ORGANISATIONS = 2_000
CONTACTS = 100_000
COMPLETIONS = 200_000
TARGET_MS = 300
REMINDERS_TARGET_S = 5
OVER_FLOOR = 4
FLOOR_SQL = """
    SELECT count(*), count(contact.id), count(organisation.id)
    FROM learning_completion completion
    LEFT JOIN networks_contact contact ON contact.id = completion.contact_id
    LEFT JOIN networks_organisation organisation ON organisation.id = completion.organisation_id
"""


def load() -> str:
    with open("/proc/loadavg") as fh:
        return " ".join(fh.read().split()[:3])


def report(figure, value, target, n):
    line = {"bench": "learning", "figure": figure, "value": value, "target": target, "n": n}
    print(json.dumps({**line, "load": load()}))


LOADED = [
    "networks_organisation",
    "networks_organisation_districts",
    "networks_contact",
    "networks_contact_districts",
    "networks_contact_roles",
    "learning_completion",
    "learning_headcount",
]


@pytest.fixture
def takeup_data(transactional_db):
    require(connection.vendor == "postgresql", "the learning benchmark needs PostgreSQL")
    started = time.perf_counter()
    with transaction.atomic():
        load_takeup_data()
    with connection.cursor() as c:  # autocommit: VACUUM cannot run in a transaction
        for table in LOADED:
            c.execute(f"VACUUM (ANALYZE) {table}")
    print(f"# loaded the take-up data in {time.perf_counter() - started:.1f} s")


def load_takeup_data():
    """The bench's partnership, made in SQL in the current transaction (also for profiling a
    kept database by hand); VACUUM (ANALYZE) the LOADED tables after it commits."""
    ensure_roles()
    seed_framework()
    districts = [District.objects.create(name=f"Bench district {i}") for i in range(6)]
    d0 = districts[0].pk
    roles = dict(Role.objects.values_list("slug", "pk"))
    sectors = ["local_authority", "education", "health", "voluntary", "police", "business"]
    with connection.cursor() as c:
        c.execute(
            """
            INSERT INTO networks_organisation
                (name, sector, is_specified_authority, is_partner, website)
            SELECT 'Bench organisation ' || i, (%s::text[])[1 + i %% 6], i %% 4 = 0, false, ''
            FROM generate_series(1, %s) AS i
            """,
            [sectors, ORGANISATIONS],
        )
        c.execute("SELECT min(id) FROM networks_organisation WHERE name LIKE 'Bench org%%'")
        org0 = c.fetchone()[0]
        c.execute(
            """
            INSERT INTO networks_organisation_districts (organisation_id, district_id)
            SELECT id, %s + id %% 6 FROM networks_organisation WHERE name LIKE 'Bench org%%'
            """,
            [d0],
        )
        c.execute(
            """
            INSERT INTO networks_contact (first_name, last_name, email, phone, organisation_id,
                organisation_name, notes, is_active, created_at, updated_at)
            SELECT 'First' || i, 'Last' || i, 'bench' || i || '@example.org', '',
                %s + i %% %s, '', '', true, now(), now()
            FROM generate_series(1, %s) AS i
            """,
            [org0, ORGANISATIONS, CONTACTS],
        )
        c.execute("SELECT min(id) FROM networks_contact WHERE email LIKE 'bench%%'")
        contact0 = c.fetchone()[0]
        c.execute(
            """
            INSERT INTO networks_contact_districts (contact_id, district_id)
            SELECT id, %s + id %% 6 FROM networks_contact WHERE email LIKE 'bench%%'
            """,
            [d0],
        )
        # One in twenty a Prevent lead, DSL, frontline worker or governor; the rest no role.
        c.execute(
            """
            INSERT INTO networks_contact_roles (contact_id, role_id)
            SELECT id, (ARRAY[%s, %s, %s, %s])[1 + (id / 20) %% 4]
            FROM networks_contact WHERE email LIKE 'bench%%' AND id %% 5 = 0
            """,
            [
                roles["prevent-lead"],
                roles["designated-safeguarding-lead"],
                roles["frontline-worker"],
                roles["school-governor"],
            ],
        )
        # 70% by known contacts (their organisation, sector and district), 30% unknown people
        # with an address; levels 1/2/3 at 70/25/5%; days over the last two financial years.
        c.execute(
            """
            INSERT INTO learning_completion (contact_id, person_name, email, organisation_id,
                organisation_name, sector, district_id, level, completed_on, course, source,
                person_key, created_at)
            SELECT CASE WHEN i %% 10 < 7 THEN %(c0)s + i %% %(nc)s END,
                'Person ' || i, 'p' || i || '@example.org',
                o.id, '', o.sector, %(d0)s + o.id %% 6,
                CASE WHEN i %% 20 = 0 THEN 3 WHEN i %% 4 = 1 THEN 2 ELSE 1 END,
                current_date - (i %% 730), 'Prevent', 'import',
                CASE WHEN i %% 10 < 7 THEN 'c:' || (%(c0)s + i %% %(nc)s)
                     ELSE 'e:p' || i || '@example.org' END,
                now()
            FROM generate_series(1, %(n)s) AS i
            JOIN networks_organisation o ON o.id = %(o0)s + (i %% %(nc)s) %% %(no)s
            """,
            {
                "c0": contact0,
                "nc": CONTACTS,
                "d0": d0,
                "n": COMPLETIONS,
                "o0": org0,
                "no": ORGANISATIONS,
            },
        )
        # Headcounts: every specified authority and one organisation in ten besides states
        # each level, twice (last year's statement, then this year's, which counts).
        c.execute(
            """
            INSERT INTO learning_headcount (organisation_id, level, staff_needing, as_of,
                source, source_detail, created_at)
            SELECT o.id, l.level, (ARRAY[120, 40, 6])[l.level] + o.id %% 50 - y.back * 5,
                current_date - 365 * y.back, 'return', '', now()
            FROM networks_organisation o
            CROSS JOIN (VALUES (1), (2), (3)) AS l(level)
            CROSS JOIN (VALUES (0), (1)) AS y(back)
            WHERE o.name LIKE 'Bench org%%' AND (o.is_specified_authority OR o.id %% 10 = 1)
            """,
            [],
        )


def _best_ms(fn, runs=5):
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        timings.append(time.perf_counter() - started)
    return min(timings) * 1000


def floor_ms() -> float:
    """One plain aggregate read of the completions, contacts and organisations (FLOOR_SQL)."""

    def read():
        with connection.cursor() as cursor:
            cursor.execute(FLOOR_SQL)
            assert cursor.fetchone()[0] == COMPLETIONS

    return _best_ms(read)


@pytest.mark.bench
def test_the_takeup_report_renders_in_under_300_ms_and_within_4x_its_floor(
    takeup_data, client, django_user_model
):
    coordinator = django_user_model.objects.create_superuser("bench", "b@example.org", "x")
    client.force_login(coordinator)
    url = reverse("learning_admin:takeup")
    period = Period.of_year(Year.current())
    figures = takeup_report(period)
    assert sum(figures.by_level.values()) > 20_000  # this year's share (two years of days)
    assert len(figures.coverage.organisations) == 700  # 500 authorities and 200 others

    def render():
        response = client.get(url)
        assert response.status_code == 200

    render()  # sessions, settings and menus warmed, as for every page after the first
    # Floor and page in turns, so both meet the same moments of a shared machine; the best of
    # each (a long page has fewer quiet moments than a short read: more tries for it).
    floors, pages = [], []
    for _ in range(5):
        floors.append(floor_ms())
        pages.append(_best_ms(render, runs=4))
    floor, page_ms = min(floors), min(pages)
    report_ms = _best_ms(lambda: takeup_report(period))
    disclose_ms = _best_ms(lambda: disclose(figures, Rule.exact_figures()))
    board_ms = _best_ms(lambda: disclose(figures, Rule()), runs=2)
    report("takeup_report_ms", round(page_ms, 1), TARGET_MS, COMPLETIONS)
    report("takeup_floor_ms", round(floor, 1), None, COMPLETIONS)
    report("takeup_report_over_floor", round(page_ms / floor, 2), OVER_FLOOR, COMPLETIONS)
    # Where the time goes: the SQL aggregates, then formatting them (coordinator; board).
    report("takeup_figures_sql_ms", round(report_ms, 1), None, COMPLETIONS)
    report("takeup_disclose_exact_ms", round(disclose_ms, 1), None, COMPLETIONS)
    report("takeup_disclose_board_ms", round(board_ms, 1), None, COMPLETIONS)
    assert page_ms <= OVER_FLOOR * floor, (
        f"the take-up report takes {page_ms:.0f} ms, over {OVER_FLOOR}× its floor ({floor:.0f} ms)"
    )
    if os.getloadavg()[0] < (os.cpu_count() or 1):  # an idle machine
        assert page_ms < TARGET_MS


CERTIFICATE_TARGET_MS = 1000
FLOOR_HTML = (
    '<!DOCTYPE html><html lang="en-GB"><head><meta charset="utf-8"><title>Floor</title></head>'
    "<body><p>One line.</p></body></html>"
)


@pytest.mark.bench
def test_a_certificate_pdf_renders_in_under_a_second(db):
    """A certificate's tagged PDF, as its holder's link serves it (the certificate's own
    queries included), beside the floor: WeasyPrint making the tagged PDF of one line in the
    same run (`core.pdf.render_pdf`, the helper both use)."""
    import datetime as dt

    from core.pdf import render_pdf
    from learning.certificates import certificate_pdf
    from learning.links import CERTIFICATE, read_certificate_token
    from learning.models import Certificate
    from tests.support.learning import completion, person, training_session

    session = training_session(title="WRAP, Rugby Town Hall", days_ahead=-1)
    gita = person("Gita", "Governor")
    held = completion(2, dt.date.today(), contact=gita, session=session)
    certificate = Certificate.objects.create(
        completion=held, issued_for=f"completion:{held.pk}", code="7KQ4M2XH9P"
    )
    token = CERTIFICATE.make({"k": certificate.pk, "c": gita.pk})

    started = time.perf_counter()
    render_pdf(FLOOR_HTML)  # the first PDF of the process loads WeasyPrint and its fonts
    first_ms = (time.perf_counter() - started) * 1000
    floor_ms = _best_ms(lambda: render_pdf(FLOOR_HTML))
    pdf_ms = _best_ms(lambda: certificate_pdf(read_certificate_token(token)))
    report("certificate_pdf_floor_ms", round(floor_ms, 1), None, 1)
    report("certificate_pdf_first_process_pdf_ms", round(first_ms, 1), None, 1)
    report("certificate_pdf_ms", round(pdf_ms, 1), CERTIFICATE_TARGET_MS, 1)
    assert pdf_ms < CERTIFICATE_TARGET_MS


@pytest.mark.bench
def test_the_daily_expiry_reminder_run_takes_under_5_s(takeup_data, settings):
    """The completions spread over the last four years (so some have expired and about 1 in
    24 expires within the 60 days ahead; a person's second completion has often renewed it),
    a WRAP session to list in each district, and the run measured twice: the first ever
    (everyone already within 60 days of expiry told at once, the worst day), then the next
    day's (the daily steady state: only those reaching a threshold that day). Each includes
    claiming the reminder rows and creating the sends and their deliveries; the SMTP work is
    the engine's (`-k send`). The floor is the plain read of the completions due within the
    window, in the same run."""
    from learning.actions import send_refresher_reminders
    from learning.currency import expires_between_q, today
    from learning.models import Completion, RefresherReminder
    from sending.models import Delivery
    from tests.support.learning import events_index, hub_home, training_session

    settings.LEARNING_REMINDER_DAYS = [60, 14]
    with connection.cursor() as c:
        # A hash of the id, so a person's two completions fall on unrelated days.
        c.execute(
            "UPDATE learning_completion "
            "SET completed_on = current_date - (abs(hashtext(id::text)) %% %s)",
            [1460],
        )
        c.execute("ANALYZE learning_completion")
    events_index(hub_home())
    for district in District.objects.filter(name__startswith="Bench district"):
        training_session(title=f"WRAP {district.name}", level=2, district=district)
    on = today()
    window = expires_between_q(on, on + timedelta(days=60))

    def floor():
        return list(
            Completion.objects.filter(window, contact__isnull=False).values_list(
                "pk", "contact_id", "level", "completed_on"
            )
        )

    floor_s = min(_timed(floor) for _ in range(3))
    due = len(floor())
    first_s = _timed(lambda: send_refresher_reminders(on=on))
    told_first = RefresherReminder.objects.count()
    next_s = _timed(lambda: send_refresher_reminders(on=on + timedelta(days=1)))
    told_next = RefresherReminder.objects.count() - told_first
    assert told_first > 1_000 and told_next > 0
    assert Delivery.objects.count() == told_first + told_next
    report("expiry_reminders_s", round(next_s, 2), REMINDERS_TARGET_S, COMPLETIONS)
    report("expiry_reminders_first_run_s", round(first_s, 2), REMINDERS_TARGET_S, COMPLETIONS)
    report("expiry_reminders_floor_s", round(floor_s, 3), None, COMPLETIONS)
    print(
        f"# {due} completions of contacts due within 60 days; told {told_first} on the first "
        f"run, {told_next} the next day"
    )
    assert first_s < REMINDERS_TARGET_S and next_s < REMINDERS_TARGET_S


def _timed(fn) -> float:
    started = time.perf_counter()
    fn()
    return time.perf_counter() - started
