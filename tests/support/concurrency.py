"""Two requests at the same moment, each in its own thread with its own database connection
(for `transaction=True` tests on PostgreSQL: the database, not the test, decides who wins)."""

import threading

from django.db import connections
from django.test import Client


def post_at_once(cookies, url: str, data: dict | list[dict], n: int = 2) -> list:
    """POST `data` to `url` from `n` clients sharing `cookies` (one signed-in session), released
    together by a barrier; `data` may be a list, one form per client (two tabs, each with its
    own form). Returns the responses (or the exceptions raised)."""
    forms = data if isinstance(data, list) else [data] * n
    n = len(forms)
    barrier = threading.Barrier(n)
    results: list = [None] * n

    def run(i):
        client = Client()
        client.cookies = cookies
        try:
            barrier.wait(timeout=10)
            results[i] = client.post(url, forms[i])
        except Exception as exc:  # noqa: BLE001 - reported to the test, which asserts on it
            results[i] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results
