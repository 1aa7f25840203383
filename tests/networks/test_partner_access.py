"""Personal access to partner-only pages for contacts without an account: a signed, expiring,
single-purpose link, for contacts the partnership counts as partners only; a styled page to get a
fresh one; the same access opens partner-only materials and any view that uses
`partner_access_required`. (Who else reads them: tests/networks/test_partner_pages.py.)"""

import re
from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core import mail
from django.http import HttpResponse
from django.test import RequestFactory
from wagtail.models import Page

from cms.models import ContentPage
from networks import tokens
from networks.models import Contact, Network, NetworkMembership, Organisation, Subscription
from networks.partner_access import (
    partner_access_required,
    partner_link_url,
    read_partner_link,
)
from networks.partner_pages import restrict_to_partners

pytestmark = pytest.mark.django_db


@pytest.fixture
def ctlp_summary(demo_site):
    """A partner-only material: the yearly summary of the Counter Terrorism Local Profile."""
    home = Page.objects.get(depth=2).specific
    page = ContentPage(title="CTLP summary 2026", slug="ctlp-summary", summary="For partners.")
    home.add_child(instance=page)
    page.save_revision().publish()
    restrict_to_partners(page)
    return page


@pytest.fixture
def rosa(db):
    """A Prevent lead of an organisation the partnership counts as a partner."""
    college = Organisation.objects.create(name="Northvale College", is_partner=True)
    contact = Contact.objects.create(
        email="rosa@example.org", first_name="Rosa", organisation=college
    )
    Subscription.objects.create(contact=contact, topic="updates", status="subscribed")
    return contact


@pytest.fixture
def sid(db):
    """Subscribed on the public form: in the directory, but nobody said he is a partner."""
    contact = Contact.objects.create(email="sid@example.org", first_name="Sid")
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


def test_without_a_link_the_sign_in_page_offers_a_link_first_and_staff_sign_in_second(
    client, ctlp_summary
):
    response = client.get(ctlp_summary.url, follow=True)
    html = response.content.decode()

    assert response.redirect_chain[-1][0].startswith("/partners/sign-in/")
    assert 'class="site-header"' in html
    assert html.index("Partners: email me a link") < html.index("Staff: sign in")
    assert "Email me a link" in html and 'name="next" value="/ctlp-summary/"' in html
    # Staff go through the admin's sign-in and two-factor: no password form here.
    assert 'type="password"' not in html
    assert 'href="/partners/staff/?next=/ctlp-summary/"' in html


def test_the_sign_in_page_signs_nobody_in_with_a_password(client, ctlp_summary, coordinator):
    posted = client.post(
        "/partners/sign-in/",
        {"username": coordinator.username, "password": coordinator.raw_password},
    )

    assert posted.status_code == 405
    assert "_auth_user_id" not in client.session
    assert client.get(ctlp_summary.url).status_code == 302


def test_staff_sign_in_goes_through_the_admin_sign_in_and_two_factor_then_back(
    client, ctlp_summary, coordinator
):
    from tests.support.two_factor import known_device, password_only_login, totp_token

    staff = client.get("/partners/staff/", {"next": ctlp_summary.url})
    assert staff.status_code == 302
    assert staff["Location"].startswith("/admin/login/?next=%2Fpartners%2Fstaff%2F%3Fnext%3D")

    password_only_login(client, coordinator)
    device = known_device(coordinator)
    to_code = client.get("/partners/staff/", {"next": ctlp_summary.url})
    assert to_code["Location"] == "/admin/2fa/verify/?next=%2Fctlp-summary%2F"
    assert client.get(ctlp_summary.url).status_code == 302  # the password alone opens nothing

    checked = client.post(to_code["Location"], {"token": totp_token(device)})
    assert checked.status_code == 302 and checked["Location"] == ctlp_summary.url
    assert "CTLP summary 2026" in client.get(ctlp_summary.url).content.decode()


def test_staff_sign_in_never_leaves_the_site(client, coordinator):
    client.force_login(coordinator)
    assert client.get("/partners/staff/", {"next": "https://evil.example/x"})["Location"] == "/"


def test_an_expired_link_explains_and_offers_a_fresh_one(client, ctlp_summary, rosa, monkeypatch):
    url = path_of(partner_link_url(rosa, ctlp_summary.url))
    monkeypatch.setitem(tokens.MAX_AGE, "partner", timedelta(seconds=-1))

    response = client.get(url)
    html = response.content.decode()

    assert response.status_code == 410
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

    assert response.status_code == 404
    assert "This link does not work" in response.content.decode()
    assert client.get(ctlp_summary.url).status_code == 302


def test_a_partner_link_is_not_a_preferences_link(client, rosa):
    token = partner_link_url(rosa, "/").rsplit("/open/", 1)[1].rstrip("/")
    assert client.get(f"/subscribe/preferences/{token}/").status_code == 404


def test_a_fresh_link_is_emailed_to_a_partner_and_the_answer_is_the_same_for_anyone(
    client, ctlp_summary, rosa, sid, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        known = client.post(
            "/partners/new-link/", {"email": "Rosa@Example.org", "next": ctlp_summary.url}
        )
        unknown = client.post(
            "/partners/new-link/", {"email": "nobody@example.org", "next": ctlp_summary.url}
        )
        not_partner = client.post(
            "/partners/new-link/", {"email": "sid@example.org", "next": ctlp_summary.url}
        )

    assert known.status_code == unknown.status_code == not_partner.status_code == 200
    assert known.content == unknown.content == not_partner.content
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


def test_a_partner_only_view_gets_the_contact_or_partner_staff_with_two_factor(
    client, rosa, outsider, coordinator
):
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

    for user, verified, expected in (
        (coordinator, True, b"hello coordinator"),
        (coordinator, False, None),
        (outsider, True, None),
    ):
        request = factory.get("/returns/")
        request.user, request.session = user, {}
        user.is_verified = lambda verified=verified: verified
        answer = returns_page(request)
        if expected is None:
            assert answer.status_code == 403 and b"Email me a link" in answer.content
        else:
            assert answer.content == expected


def test_a_contact_who_is_not_a_partner_gets_no_working_link(client, ctlp_summary, sid):
    response = client.get(path_of(partner_link_url(sid, ctlp_summary.url)))

    assert response.status_code == 404
    assert "This link does not work" in response.content.decode()
    assert client.get(ctlp_summary.url).status_code == 302


def test_a_current_member_of_a_partner_network_is_a_partner_and_a_past_one_is_not(
    client, ctlp_summary, sid
):
    from datetime import date

    network = Network.objects.create(name="Northvale Faith Forum", is_partner=True)
    membership = NetworkMembership.objects.create(network=network, contact=sid)
    link = path_of(partner_link_url(sid, ctlp_summary.url))
    assert client.get(link)["Location"] == ctlp_summary.url
    assert "CTLP summary 2026" in client.get(ctlp_summary.url).content.decode()

    membership.end_date = date(2020, 1, 1)
    membership.save()
    # The session stops reading as a partner at once; the link no longer works either.
    assert client.get(ctlp_summary.url).status_code == 302
    assert client.get(link).status_code == 404


def test_a_partner_whose_organisation_is_no_longer_a_partner_loses_access_at_once(
    client, ctlp_summary, rosa
):
    client.get(path_of(partner_link_url(rosa, ctlp_summary.url)))
    assert client.get(ctlp_summary.url).status_code == 200

    Organisation.objects.filter(pk=rosa.organisation_id).update(is_partner=False)

    assert client.get(ctlp_summary.url).status_code == 302


def test_the_demo_ctlp_summary_is_for_partners_only_and_opens_from_a_personal_link(
    client, demo_site
):
    from cms.demo_data import CTLP_SUMMARY_PAGE

    page = Page.objects.get(slug=CTLP_SUMMARY_PAGE["slug"])
    assert client.get(page.url).status_code == 302  # to the partners' sign-in page
    # Carys Clarke leads Prevent at Rugby Borough Council, a partner in the demo.
    carys = Contact.objects.get(email="carys.clarke@example.org")

    opened = client.get(path_of(partner_link_url(carys, page.url)))
    body = client.get(opened["Location"]).content.decode()
    assert "Counter Terrorism Local Profile: summary for partners" in body


def test_staff_sign_in_of_an_account_without_a_partner_role_ends_at_the_strangers_answer(
    client, ctlp_summary, outsider
):
    stranger = client.get(ctlp_summary.url)
    client.force_login(outsider)

    back = client.get("/partners/staff/", {"next": ctlp_summary.url})

    assert back["Location"] == ctlp_summary.url  # no two-factor set-up asked of them
    refused = client.get(ctlp_summary.url)
    assert (refused.status_code, refused["Location"]) == (302, stranger["Location"])
