"""Small things a visitor trips on: the icon, the menu, the footer pages, dates of the demo,
the admin avatar."""

import datetime

from django.contrib.staticfiles import finders
from django.utils import timezone


def test_favicon_ico_answers_with_a_real_icon(client, db):
    response = client.get("/favicon.ico")

    assert response.status_code == 301
    assert response["Location"].endswith("favicon.ico")
    with open(finders.find("favicon.ico"), "rb") as icon:
        assert icon.read(4) == b"\x00\x00\x01\x00"  # the ICO signature


def test_every_page_names_the_icon_and_keeps_the_999_banner_in_a_landmark(client, demo_site):
    html = client.get("/").content.decode()

    assert '<link rel="icon" href="/static/favicon.ico"' in html
    assert '<aside class="emergency" aria-label="In an emergency">' in html


def test_the_site_menu_has_the_newsletter_archive_and_events(client, demo_site):
    html = client.get("/").content.decode()
    menu = html.split('aria-label="Main"')[1].split("</nav>")[0]

    assert 'href="/newsletters/"' in menu and ">Newsletters<" in menu
    assert 'href="/events/"' in menu and ">Events<" in menu


def test_the_footer_links_a_privacy_notice_and_an_accessibility_statement(client, demo_site):
    html = client.get("/").content.decode()
    footer = html.split('aria-label="Footer"')[1].split("</nav>")[0]

    assert 'href="/privacy/"' in footer and "Privacy notice" in footer
    assert 'href="/accessibility/"' in footer and "Accessibility statement" in footer
    assert "WCAG" in client.get("/accessibility/").content.decode()
    assert "Your rights" in client.get("/privacy/").content.decode()
    menu = html.split('aria-label="Main"')[1].split("</nav>")[0]
    assert "Privacy notice" not in menu


def test_demo_dates_are_relative_to_today(demo_site):
    from events.models import EventPage
    from newsletters.models import NewsletterPage

    today = timezone.localdate()
    issue = NewsletterPage.objects.get(slug="our-first-issue")
    event = EventPage.objects.get(slug="annual-prevent-event")  # training sessions are events too

    assert today - datetime.timedelta(days=31) <= issue.issue_date <= today
    assert today < timezone.localtime(event.start_at).date() <= today + datetime.timedelta(days=366)
    upcoming = next(b for b in issue.body if b.block_type == "upcoming_event")
    assert upcoming.value["date"] == timezone.localtime(event.start_at).date()
    sessions = next(b for b in issue.body if b.block_type == "learning_sessions")
    assert all(s["date"] is None or s["date"] > today for s in sessions.value["sessions"])


def test_the_admin_avatar_is_not_fetched_from_gravatar(client, demo_site, coordinator):
    client.force_login(coordinator)

    html = client.get("/admin/").content.decode()

    assert "gravatar.com" not in html
