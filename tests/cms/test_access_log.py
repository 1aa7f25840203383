"""The web servers' access logs keep no admin query string: list searches put names there.

gunicorn is started as the Procfile starts it (its `-c python:cms.gunicorn_conf`), the dev
server's `django.server` logger as Django's runserver writes to it; both are then asked for admin
URLs that carry a name and an address, directly and as the Referer.
"""

import contextlib
import logging
import os
import re
import urllib.request
from pathlib import Path

import pytest

from core.access_log import scrub_request_line, scrub_url
from tests.support.gunicorn import Gunicorn
from tests.support.services import postgres_in_use, require

ROOT = Path(__file__).resolve().parents[2]
SEARCH = "/admin/snippets/networks/contact/?q=Priya+Shah&address=12+Elm+Road"


def _procfile_web_args() -> list[str]:
    line = next(
        line for line in (ROOT / "Procfile").read_text().splitlines() if line.startswith("web:")
    )
    args = line.split()
    config = args.index("-c")
    return args[config : config + 2]


def _get(base, path, **headers):
    request = urllib.request.Request(base + path, headers=headers)
    with contextlib.suppress(urllib.error.HTTPError):
        urllib.request.urlopen(request, timeout=30).close()


@pytest.mark.django_db(transaction=True)
def test_gunicorn_logs_admin_urls_without_their_query_string(tmp_path):
    from django.db import connection

    require(postgres_in_use(), "needs DATABASE_URL pointing at PostgreSQL")
    db = connection.settings_dict
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("PYTEST")},
        "DJANGO_SETTINGS_MODULE": "cms.settings.test",
        "DATABASE_URL": f"postgres://{db['USER'] or 'postgres'}@{db['HOST'] or '127.0.0.1'}:"
        f"{db['PORT'] or 5432}/{db['NAME']}",
    }
    log = tmp_path / "gunicorn.log"
    assert _procfile_web_args() == ["-c", "python:cms.gunicorn_conf"]
    server = Gunicorn(env, log, args=_procfile_web_args(), ready_path="/healthz").start()
    try:
        _get(server.base, SEARCH)
        _get(server.base, "/admin/login/?next=/admin/snippets/networks/contact/%3Fq%3DPriya")
        _get(server.base, "/healthz?probe=public", Referer="http://127.0.0.1" + SEARCH)
    finally:
        server.stop()

    text = log.read_text()
    access = [line for line in text.splitlines() if '"GET ' in line]
    assert any('"GET /admin/snippets/networks/contact/ HTTP/1.1" 302' in line for line in access)
    assert any('"GET /admin/login/ HTTP/1.1"' in line for line in access)
    # A public URL keeps its query; the admin Referer it came from does not.
    public = next(line for line in access if "/healthz?probe=public" in line)
    assert '"http://127.0.0.1/admin/snippets/networks/contact/"' in public
    assert not re.search(r"Priya|Elm|next=", text), text


def test_the_dev_server_logs_admin_urls_without_their_query_string():
    from django.core.servers.basehttp import WSGIRequestHandler

    lines = []
    server_log = logging.getLogger("django.server")
    seen = logging.Handler()
    seen.emit = lambda record: lines.append(record.getMessage())
    server_log.addHandler(seen)
    handler = WSGIRequestHandler.__new__(WSGIRequestHandler)
    handler.requestline = f"GET {SEARCH} HTTP/1.1"
    handler.request = None
    handler.client_address = ("127.0.0.1", 50000)
    handler.log_message('"%s" %s %s', handler.requestline, "302", "0")
    handler.requestline = "GET /search/?q=leaflets HTTP/1.1"
    handler.log_message('"%s" %s %s', handler.requestline, "200", "10")
    server_log.removeHandler(seen)

    assert lines == [
        '"GET /admin/snippets/networks/contact/ HTTP/1.1" 302 0',
        '"GET /search/?q=leaflets HTTP/1.1" 200 10',
    ]
    assert server_log.handlers[0].formatter.__class__.__name__ == "ServerFormatter"


@pytest.mark.parametrize(
    ("url", "logged"),
    [
        ("/admin/contacts/?q=Priya", "/admin/contacts/"),
        ("/admin?q=Priya", "/admin"),
        (
            "https://hub.example/admin/pages/search/?q=Priya#top",
            "https://hub.example/admin/pages/search/",
        ),
        ("/search/?q=leaflets", "/search/?q=leaflets"),
        ("/administrator/?q=x", "/administrator/?q=x"),
        ("/admin/contacts/", "/admin/contacts/"),
        ("-", "-"),
    ],
)
def test_only_an_admin_url_loses_its_query(url, logged):
    assert scrub_url(url) == logged


def test_a_request_line_keeps_its_method_and_protocol():
    assert scrub_request_line("POST /admin/x/?q=1 HTTP/1.0") == "POST /admin/x/ HTTP/1.0"
    assert scrub_request_line("garbage") == "garbage"
