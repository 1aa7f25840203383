import time
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from core.periods import Year
from learning.report import Period, takeup_report
from tests.benchmarks.test_learning import takeup_data  # noqa: F401


@pytest.mark.bench
def test_prof(takeup_data, client, django_user_model):  # noqa: F811
    coordinator = django_user_model.objects.create_superuser("bench", "b@example.org", "x")
    client.force_login(coordinator)
    period = Period.of_year(Year.current())
    takeup_report(period)
    for _ in range(2):
        with CaptureQueriesContext(connection) as ctx:
            t = time.perf_counter()
            takeup_report(period)
            total = time.perf_counter() - t
    print("\nREPORT", round(total * 1000, 1))
    for q in sorted(ctx.captured_queries, key=lambda q: -float(q["time"]))[:8]:
        print(q["time"], q["sql"][:300])
    url = reverse("learning_admin:takeup")
    for _ in range(3):
        t = time.perf_counter()
        client.get(url)
        print("PAGE", round((time.perf_counter() - t) * 1000, 1))
