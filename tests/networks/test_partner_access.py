"""Personal access to partner-only pages for contacts without an account: a signed, expiring,
single-purpose link; a styled page to get a fresh one; staff keep their login; the same access
opens partner-only materials and any view that uses `partner_access_required`."""

import re
from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core import mail
from django.http import HttpResponse
from django.test import RequestFactory
from wagtail.models import Page, PageViewRestriction

from cms.models import ContentPage
from networks import tokens
from networks.models import Contact, Subscription
from networks.partner_access import (
    partner_access_required,
    partner_link_url,
    read_partner_link,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def ctlp_summary(demo_site):
    """A partner-only material: the yearly summary of the Counter Terrorism Local Profile."""
    home = Page.objects.get(depth=2).specific
    page = ContentPage(title="CTLP summary 2026", slug="ctlp-summary", summary="For partners.")
    home.add_child(instance=page)
    page.save_revision().publish()
    PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.LOGIN)
    return page


@pytest.fixture
def rosa(db):
    contact = Contact.objects.create(email="rosa@example.org", first_name="Rosa")
    Subscription.objects.create(contact=contact, topic="updates", status="subscribed")
    return contact


def path_of(url):
    return url.replace("http://localhost", "").replace("http://testserver", "")


def test_a_personal_link_opens_the_partner_only_page_without_an_account(client, ctlp_summary, rosa):
    assert client.get(ctlp_summary.url).status_code == 302

    opened = client.get(path_of(partner_link_url(rosa, ctlp_summary.url)))
    page = client.get(opened["Location"])

    assert opened.status_code == 302 and opened["Location"] == ctlp_summary.url
    assert page.status_code == 200 and "CTLP summary 2026" in page.content.decode()
    assert "no-store" in page["Cache-Control"] and "private" in page["Cache-Control"]
    # Other private pages open in the same session too (the alerts index); the public is still
    # sent to sign in.
    assert client.get("/alerts/").status_code == 200
    client.cookies.clear()
    assert client.get(ctlp_summary.url).status_code == 302


def test_without_a_link_the_sign_in_page_has_the_site_layout_and_says_who_signs_in(
    client, ctlp_summary
):
    response = client.get(ctlp_summary.url, follow=True)
    html = response.content.decode()

    assert response.redirect_chain[-1][0].startswith("/partners/sign-in/")
    assert 'class="site-header"' in html
    assert "Staff: sign in" in html and "Partners: use your personal link" in html
    assert "Email me a link" in html and 'name="next" value="/ctlp-summary/"' in html


def test_staff_keep_their_login(client, ctlp_summary, outsider):
    client.force_login(outsider)
    assert "CTLP summary 2026" in client.get(ctlp_summary.url).content.decode()


def test_an_expired_link_explains_and_offers_a_fresh_one(client, ctlp_summary, rosa, monkeypatch):
    url = path_of(partner_link_url(rosa, ctlp_summary.url))
    monkeypatch.setitem(tokens.MAX_AGE, "partner", timedelta(seconds=-1))

    response = client.get(url)
    html = response.content.decode()

    assert response.status_code == 400
    assert "This link has expired" in html and 'class="site-header"' in html
    assert "Get a fresh link by email" in html
    assert client.get(ctlp_summary.url).status_code == 302


@pytest.mark.parametrize("forge", ["tamper", "other_purpose", "address_changed"])
def test_a_forged_or_other_purpose_link_opens_nothing(client, ctlp_summary, rosa, forge):
    url = path_of(partner_link_url(rosa, ctlp_summary.url))
    if forge == "tamper":
        url = url.replace("/open/", "/open/x")
    elif forge == "other_purpose":
        token = tokens.make_contact_token(rosa, "preferences", n=ctlp_summary.url)
        url = f"/partners/open/{token}/"
    else:
        rosa.email = "rosa.new@example.org"
        rosa.save()

    response = client.get(url)

    assert response.status_code == 400
    assert "This link does not work" in response.content.decode()
    assert client.get(ctlp_summary.url).status_code == 302


def test_a_partner_link_is_not_a_preferences_link(client, rosa):
    token = partner_link_url(rosa, "/").rsplit("/open/", 1)[1].rstrip("/")
    assert client.get(f"/subscribe/preferences/{token}/").status_code == 400


def test_a_fresh_link_is_emailed_to_a_contact_and_the_answer_is_the_same_for_anyone(
    client, ctlp_summary, rosa, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        known = client.post(
            "/partners/new-link/", {"email": "Rosa@Example.org", "next": ctlp_summary.url}
        )
        unknown = client.post(
            "/partners/new-link/", {"email": "nobody@example.org", "next": ctlp_summary.url}
        )

    assert known.status_code == unknown.status_code == 200
    assert known.content == unknown.content
    assert "If that address is in our partners' directory" in known.content.decode()
    assert [m.to[0] for m in mail.outbox] == ["Rosa <rosa@example.org>"]
    message = mail.outbox[0]
    for part in (message.body, message.alternatives[0][0]):
        assert "/partners/open/" in part and "Hello Rosa" in part
    link = re.search(r"http\S+/partners/open/\S+?/", message.body).group(0)
    client.cookies.clear()
    assert client.get(path_of(link))["Location"] == ctlp_summary.url
    assert "CTLP summary 2026" in client.get(ctlp_summary.url).content.decode()


def test_asking_for_links_costs_the_same_for_any_address_and_is_limited(
    client, ctlp_summary, rosa, settings, django_capture_on_commit_callbacks
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    settings.NETWORKS_PARTNER_LINKS_PER_HOUR = 2
    settings.NETWORKS_PARTNER_LINK_REQUESTS_PER_HOUR = 6
    client.post("/partners/new-link/", {"email": "warm@example.org", "next": "/"})  # caches settle
    work = []
    for email in ("rosa@example.org", "nobody@example.org"):
        with (
            CaptureQueriesContext(connection) as queries,
            django_capture_on_commit_callbacks() as callbacks,
        ):
            client.post("/partners/new-link/", {"email": email, "next": ctlp_summary.url})
        work.append((len(queries), len(callbacks)))
    # One stored promise and one enqueue whoever asks: the timing tells no address apart.
    assert work[0] == work[1] and work[0][1] == 1

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(3):
            client.post("/partners/new-link/", {"email": "rosa@example.org", "next": "/"})
    # Three links asked for and run for Rosa this hour: the limit of two sends two, the page
    # reading the same for the third.
    assert [m.to[0] for m in mail.outbox] == ["Rosa <rosa@example.org>"] * 2

    refused = client.post("/partners/new-link/", {"email": "rosa@example.org", "next": "/"})
    assert refused.status_code == 429
    assert "Too many requests" in refused.content.decode()


def test_a_bad_address_is_told_and_an_outside_next_is_ignored(client, rosa):
    bad = client.post("/partners/new-link/", {"email": "not an address"})
    assert bad.status_code == 400 and "Enter an email address" in bad.content.decode()
    assert "/partners/open/" in partner_link_url(rosa, "https://evil.example/x")
    token = partner_link_url(rosa, "https://evil.example/x").rsplit("/open/", 1)[1]
    _contact, path = read_partner_link(token.rstrip("/"))
    assert path == "/"


def test_a_partner_only_view_gets_the_contact_or_the_staff_user(client, rosa, outsider):
    @partner_access_required
    def returns_page(request):
        return HttpResponse(f"hello {request.partner}")

    factory = RequestFactory()
    anonymous = factory.get("/returns/")
    anonymous.user = AnonymousUser()
    anonymous.session = client.session
    refused = returns_page(anonymous)
    assert refused.status_code == 403 and b"Email me a link" in refused.content

    client.get(path_of(partner_link_url(rosa, "/returns/")))
    as_rosa = factory.get("/returns/")
    as_rosa.user, as_rosa.session = anonymous.user, client.session
    assert returns_page(as_rosa).content == f"hello {rosa}".encode()

    as_staff = factory.get("/returns/")
    as_staff.user, as_staff.session = outsider, client.session
    assert returns_page(as_staff).content == b"hello outsider"


def test_the_demo_ctlp_summary_is_for_partners_only_and_opens_from_a_personal_link(
    client, demo_site, rosa
):
    from cms.demo_data import CTLP_SUMMARY_PAGE

    page = Page.objects.get(slug=CTLP_SUMMARY_PAGE["slug"])
    assert client.get(page.url).status_code == 302  # to the partners' sign-in page

    opened = client.get(path_of(partner_link_url(rosa, page.url)))
    body = client.get(opened["Location"]).content.decode()
    assert "Counter Terrorism Local Profile: summary for partners" in body
