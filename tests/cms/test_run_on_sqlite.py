"""`make run`'s default holds under load: SQLite, web + worker + beat, no Redis.

The real `make run` starts under a temporary VAR_DIR. While beat's heartbeats and sweeps run, 50
people submit a report through the public form at the same moment, the coordinator publishes hub
pages and sends the newsletter to 1,000 readers in the admin (signed in with password and code),
and readers load the published pages. Then: no lock error in any process's log, no 500, and every
email written once (the .eml files under the run's var/mail against the deliveries recorded).
"""

import json
import re
import sqlite3
import threading
import time
import uuid
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from email import message_from_binary_file
from email.policy import default as default_policy

import pytest
import requests
from django_otp.oath import TOTP
from wagtail.test.utils.form_data import querydict_from_html

from tests.support.dev_stack import MakeRun
from tests.support.run_load import AUDIENCE
from tests.support.services import free_port
from tests.support.two_factor import KNOWN_KEY

REPORTS = 50
PASSWORD = "load-test-password-0123"  # noqa: S105  (the run's own throwaway database)
ENGINE_MESSAGE_ID = re.compile(r"<ph\.(\d+)\.(\d+)\.[0-9a-f]+@")

pytestmark = [pytest.mark.worker, pytest.mark.timeout(1500)]


def signed_in_coordinator(run: MakeRun) -> requests.Session:
    """The coordinator's session after the password and the authenticator code."""
    session = requests.Session()
    session.get(f"{run.url}/admin/login/", timeout=60)
    response = session.post(
        f"{run.url}/admin/login/",
        data={
            "username": "coordinator",
            "password": PASSWORD,
            "csrfmiddlewaretoken": session.cookies["csrftoken"],
        },
        timeout=60,
    )
    assert "/admin/2fa/verify/" in response.url, response.url
    code = f"{TOTP(bytes.fromhex(KNOWN_KEY)).token():06d}"
    response = session.post(
        response.url,
        data={"token": code, "csrfmiddlewaretoken": session.cookies["csrftoken"]},
        timeout=60,
    )
    assert response.status_code == 200 and "/admin/2fa/" not in response.url, response.url
    return session


def form_pairs(html: str, form_id: str) -> list[tuple[str, str]]:
    data = querydict_from_html(html, form_id=form_id)
    return [(key, value) for key, values in data.lists() for value in values]


def submit_report(run: MakeRun, n: int, start: threading.Barrier) -> int:
    """One person's report through the public form, posted when everyone is ready."""
    session = requests.Session()
    assert session.get(f"{run.url}/report/new/", timeout=120).status_code == 200
    start.wait(timeout=300)
    response = session.post(
        f"{run.url}/report/new/",
        data={
            "kind": "tension",
            "district": "unknown",
            "location": f"Market square, stall {n}",
            "occurred": "Saturday evening",
            "description": "Leaflets blaming one group for local crime were handed out.",
            "website_url": "",
            "submission_key": str(uuid.uuid4()),
            "csrfmiddlewaretoken": session.cookies["csrftoken"],
        },
        timeout=300,
    )
    if response.status_code == 200:
        assert "receipt" in response.text.lower()
    return response.status_code


def publish(session: requests.Session, run: MakeRun, page_id: int) -> int:
    """The coordinator publishes a hub page from its edit screen."""
    edit = f"{run.url}/admin/pages/{page_id}/edit/"
    html = session.get(edit, timeout=120).text
    pairs = [
        pair for pair in form_pairs(html, "page-edit-form") if pair[0] != "csrfmiddlewaretoken"
    ]
    pairs += [
        ("action-publish", "action-publish"),
        ("csrfmiddlewaretoken", session.cookies["csrftoken"]),
    ]
    return session.post(edit, data=pairs, timeout=300).status_code


def published_at(run: MakeRun, page_ids: list[int]) -> list[str | None]:
    """Each page's last publication, and whether its newest revision is the live one."""
    return [
        query(
            run,
            "SELECT last_published_at, live_revision_id = latest_revision_id "
            "FROM wagtailcore_page WHERE id = ?",
            page_id,
        )[0]
        for page_id in page_ids
    ]


def send_newsletter(session: requests.Session, run: MakeRun, issue: int, segment: int) -> int:
    response = session.post(
        f"{run.url}/admin/newsletters/{issue}/send/",
        data={
            "segments": [segment],
            "when": "now",
            "confirm": "1",
            "idempotency_key": uuid.uuid4().hex,
            "csrfmiddlewaretoken": session.cookies["csrftoken"],
        },
        timeout=300,
    )
    return response.status_code


def read_pages(run: MakeRun, urls: list[str], until: threading.Event) -> list[int]:
    statuses = []
    session = requests.Session()
    while not until.is_set():
        for url in urls:
            statuses.append(session.get(run.url + url, timeout=120).status_code)
    return statuses


def query(run: MakeRun, sql: str, *params):
    """Read the run's database (read-only; WAL lets it while the three processes write)."""
    with sqlite3.connect(f"file:{run.database}?mode=ro", uri=True, timeout=30) as db:
        return db.execute(sql, params).fetchall()


def wait_until(condition, timeout: float, what: str, run: MakeRun):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(2)
    raise AssertionError(f"{what} did not happen in {timeout} s:\n{run.log()[-20000:]}")


def all_sent(run: MakeRun, newsletter_after: int) -> bool:
    unfinished = query(
        run,
        "SELECT count(*) FROM newsletters_delivery WHERE state IN ('queued', 'sending')",
    )[0][0]
    newsletter = query(
        run,
        "SELECT count(*) FROM newsletters_delivery d JOIN newsletters_send s ON s.id = d.send_id "
        "WHERE s.id > ? AND s.kind = 'newsletter' AND d.state = 'sent'",
        newsletter_after,
    )[0][0]
    pending = query(run, "SELECT count(*) FROM alerts_outbox WHERE status != 'delivered'")[0][0]
    return unfinished == 0 and pending == 0 and newsletter == AUDIENCE


def ran(run: MakeRun, task: str) -> bool:
    return re.search(rf"Task {re.escape(task)}\[[0-9a-f-]+\] succeeded", run.log()) is not None


def test_make_run_on_sqlite_takes_reports_publishing_and_a_send_at_once_without_a_lock_error(
    tmp_path,
):
    run = MakeRun(
        tmp_path / "var",
        free_port(),
        DEMO_PASSWORD=PASSWORD,
        # 50 people behind one address (the test's) may all report within the hour.
        ALERTS_SUBMISSIONS_PER_HOUR="1000",
    )
    try:
        run.start()
        run.wait_until_answering(timeout=900)
        setup = json.loads(
            run.manage(
                "shell", "-c", "from tests.support.run_load import prepare; prepare()"
            ).splitlines()[-1]
        )
        last_send = query(run, "SELECT coalesce(max(id), 0) FROM newsletters_send")[0][0]
        last_report = query(run, "SELECT coalesce(max(id), 0) FROM alerts_report")[0][0]
        mail_before = set(run.mail_dir.glob("*.eml"))
        coordinator = signed_in_coordinator(run)
        page_ids = [page_id for page_id, _ in setup["pages"]]
        assert len(page_ids) >= 2
        before = published_at(run, page_ids)

        reporters = threading.Barrier(REPORTS)
        reading_done = threading.Event()
        page_urls = [url for _, url in setup["pages"]]
        with ThreadPoolExecutor(max_workers=REPORTS + 3) as pool:
            readers = pool.submit(read_pages, run, page_urls, reading_done)
            reports = [pool.submit(submit_report, run, n, reporters) for n in range(REPORTS)]
            sent = pool.submit(send_newsletter, coordinator, run, setup["issue"], setup["segment"])
            published = [publish(coordinator, run, page_id) for page_id in page_ids]
            report_statuses = [future.result() for future in reports]
            send_status = sent.result()
            reading_done.set()
            read_statuses = readers.result()

        # Every write was taken: a receipt for each report, the send confirmed, pages published.
        assert report_statuses == [200] * REPORTS
        assert send_status == 200
        assert published == [200] * len(page_ids)
        after = published_at(run, page_ids)
        assert all(
            new_at > old_at and live
            for (new_at, live), (old_at, _) in zip(after, before, strict=True)
        ), (before, after)
        assert query(run, "SELECT count(*) FROM alerts_report WHERE id > ?", last_report) == [
            (REPORTS,)
        ]
        assert read_statuses and set(read_statuses) == {200}

        # The worker sends everything, while beat's heartbeat and sweeps keep running.
        wait_until(lambda: all_sent(run, last_send), 900, "every email sent", run)
        wait_until(
            lambda: all(
                ran(run, task)
                for task in ("core.heartbeat", "core.sweep", "newsletters.recover_sends")
            ),
            300,
            "a heartbeat and the sweeps",
            run,
        )
    finally:
        run.stop()

    log = run.log()
    assert "database is locked" not in log.lower(), "a process met the SQLite lock"
    assert not re.search(r'HTTP/1\.1" 500 ', log), "the web process answered 500"
    assert "Traceback" not in log

    # Every email once: each engine Message-ID (send, delivery) in one file, and the files are
    # exactly the deliveries recorded as sent during the load.
    new_mail = sorted(set(run.mail_dir.glob("*.eml")) - mail_before)
    ids = []
    for path in new_mail:
        with path.open("rb") as fh:
            match = ENGINE_MESSAGE_ID.search(
                message_from_binary_file(fh, policy=default_policy)["Message-ID"] or ""
            )
        assert match, f"{path.name} did not go through the sending engine"
        ids.append((int(match.group(1)), int(match.group(2))))
    assert [pair for pair, n in Counter(ids).items() if n > 1] == []
    recorded = set(
        query(
            run,
            "SELECT send_id, id FROM newsletters_delivery WHERE state = 'sent' AND send_id > ?",
            last_send,
        )
    )
    # The demo's own emails (certificates, reminders) are queued by seeding and may be sent by
    # the worker during the load: once each (above), and not part of the load's own sends.
    assert {pair for pair in ids if pair[0] > last_send} == recorded
    newsletter_readers = query(
        run,
        "SELECT count(DISTINCT d.email) FROM newsletters_delivery d JOIN newsletters_send s "
        "ON s.id = d.send_id WHERE s.kind = 'newsletter' AND s.id > ? AND d.state = 'sent'",
        last_send,
    )[0][0]
    assert newsletter_readers == AUDIENCE
    # Each report's notifications to the responders it was routed to: all delivered.
    notified = "SELECT count(DISTINCT report_id) FROM alerts_outbox WHERE report_id > ?"
    assert query(run, notified, last_report) == [(REPORTS,)]
    assert query(run, "SELECT count(*) FROM alerts_outbox WHERE status != 'delivered'") == [(0,)]
