"""The demo year: sessions past and upcoming, attendance, an imported e-learning file, and a
take-up report with something true to show (seed_demo, run twice: it changes nothing)."""

from django.core.management import call_command
from django.urls import reverse

from core.periods import Year
from events.models import Booking
from learning.currency import today
from learning.due import due_for_reminders
from learning.models import (
    Completion,
    CompletionImport,
    Expectation,
    Headcount,
    TrainingSessionPage,
)
from learning.report import Period, takeup_report
from learning.sessions import upcoming_sessions


def test_the_demo_seeds_a_realistic_year_once(demo_site, coordinator, client):
    counts = (
        TrainingSessionPage.objects.count(),
        Completion.objects.count(),
        Expectation.objects.count(),
        Headcount.objects.count(),
    )
    call_command("seed_demo", verbosity=0)
    assert (
        TrainingSessionPage.objects.count(),
        Completion.objects.count(),
        Expectation.objects.count(),
        Headcount.objects.count(),
    ) == counts

    upcoming = upcoming_sessions()
    assert any(s.full for s in upcoming)
    assert any(not s.full and s.places_left for s in upcoming)
    assert any(s.page.start_at.astimezone().hour >= 17 for s in upcoming)  # an evening one
    assert Booking.objects.filter(state="waiting").exists()
    assert Completion.objects.filter(source="attendance").count() > 50
    job = CompletionImport.objects.get()
    assert job.counts["created"] > 200 and job.unmatched_organisations
    assert Completion.objects.filter(contact__isnull=True, organisation__isnull=True).exists()

    this_year = takeup_report(Period.of_year(Year.current()))
    last_year = takeup_report(Period.of_year(Year.current().previous()))
    assert sum(this_year.by_level.values()) + sum(last_year.by_level.values()) > 250
    assert any(gap.organisations for gap in this_year.gaps)
    assert this_year.feedback or last_year.feedback
    # Some contacts' e-learning expires within 60 days: the refresher reminders have work.
    assert due_for_reminders(today(), 60)
    assert TrainingSessionPage.objects.filter(district__isnull=False).exists()
    coverage = this_year.coverage
    assert coverage.organisations and len(coverage.unstated) == 1  # one left to chase
    assert coverage.total.in_date[1] > 0 and coverage.total.needing[1] > 0

    client.force_login(coordinator)
    response = client.get(reverse("learning_admin:takeup"))
    assert response.status_code == 200
    level_2 = client.get("/learning-and-development/").content.decode()
    assert "Learning and development" in level_2
