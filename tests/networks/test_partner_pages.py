"""Partner-only pages × everyone who might ask for them.

The pages: the demo's CTLP summary, the Alerts index and an alert under it (a "partners only"
view restriction, networks.partner_pages) and the action plan (/returns/plan/, a Django view with
`partner_access_required`). Only two kinds of reader open them: a partner contact with a valid
personal link, and staff whose role sees partner data (coordinators, the police officer,
responders, district leads) signed in WITH two-factor. A password alone, two-factor without such a
role, an expired or forged link, a link of a contact who is not a partner and the anonymous
public all get the stranger's answer, word for word.
"""

import re
from datetime import date, timedelta

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.utils import timezone
from wagtail.models import Page, PageViewRestriction

from cms.demo_data import CTLP_SUMMARY_PAGE
from core.periods import Quarter
from networks import tokens
from networks.models import Contact, District
from networks.partner_access import partner_link_url
from returns.actions import record_progress
from returns.models import RAG, Action, Plan, Theme
from tests.alerts.alert_support import make_alert
from tests.support import people
from tests.support.board import make_board_member
from tests.support.two_factor import mark_verified, password_only_login

pytestmark = pytest.mark.django_db

CTLP_TITLE = CTLP_SUMMARY_PAGE["title"]
ALERT_TITLE = "Hostile stickers near Rugby station"
PARTNER_WORKFLOW = "Partner page approval"
PLAN_ACTION = "Quarterly newsletter to every partner"

PARTNER_ROLES = {
    "coordinator",
    "coordinator_not_superuser",
    "police_officer",
    "rugby_responder",
    "district_lead",
}
OTHER_ROLES = {
    "editor",
    "approver",
    "newsletter_approver",
    "board_member",
    "bare_admin",
    "no_role",
}


def make_role(role, django_user_model):
    rugby = District.objects.get(name="Rugby")
    return {
        "coordinator": lambda: people.make_coordinator(),
        "coordinator_not_superuser": lambda: people.make_person(
            "coord.group", "Coordinators", is_staff=True
        ),
        "police_officer": lambda: people.demo_responder("police.officer"),
        "rugby_responder": lambda: people.demo_responder("rugby.responder"),
        "district_lead": lambda: people.make_district_lead([rugby]),
        "editor": lambda: people.make_editor("content.editor", group="Content editors"),
        "approver": lambda: people.make_person("approver", "Content approvers"),
        "newsletter_approver": lambda: people.make_person("news.approver", "Newsletter approvers"),
        "board_member": lambda: make_board_member(django_user_model),
        "bare_admin": lambda: people.make_person("bare", perms=["access_admin"]),
        "no_role": lambda: people.make_outsider(),
    }[role]()


@pytest.fixture
def partner_pages(demo_site):
    """(url, what only a partner may read there) for every partner-only page."""
    rugby = District.objects.get(name="Rugby")
    alert = make_alert([rugby], title=ALERT_TITLE)
    # Starts today: the plan in force (returns.ready_made.current_plan), whatever the demo seeds.
    today = timezone.localdate()
    plan = Plan.objects.create(name="Plan", starts_on=today, ends_on=date(2100, 3, 31))
    theme = Theme.objects.create(plan=plan, number=6, name="Communications")
    action = Action.objects.create(theme=theme, number="6.5", text=PLAN_ACTION)
    record_progress(action, Quarter.current(), RAG.ON_TRACK, reported_by="Coordinator")
    ctlp = Page.objects.get(slug=CTLP_SUMMARY_PAGE["slug"])
    return [
        (ctlp.url, CTLP_TITLE),
        ("/alerts/", ALERT_TITLE),
        (alert.url, "Photograph and remove them"),
        ("/returns/plan/", PLAN_ACTION),
    ]


def _main(response) -> str:
    """What the page says, without the per-session CSRF token or the staff user bar."""
    html = response.content.decode()
    match = re.search(r"<main.*?</main>", html, re.S)
    main = match.group(0) if match else html
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", main)


def answer(client, url):
    response = client.get(url)
    return response.status_code, response.get("Location"), _main(response), response


def strangers_answers(urls):
    return {url: answer(Client(), url)[:3] for url in urls}


def assert_refused_like_a_stranger(client, pages, strangers, who):
    for url, secret in pages:
        status, location, main, response = answer(client, url)
        assert (status, location, main) == strangers[url], f"{who} at {url}"
        assert secret not in response.content.decode(), f"{who} reads {url}"
        assert status in (302, 403), f"{who} at {url}"


def assert_reads(client, pages, who):
    for url, secret in pages:
        response = client.get(url)
        assert response.status_code == 200, f"{who} at {url}: {response.status_code}"
        assert secret in response.content.decode(), f"{who} at {url}"
        assert "no-store" in response["Cache-Control"]


def test_the_public_is_sent_to_the_partners_sign_in_page(partner_pages):
    for url, secret in partner_pages:
        status, location, main, response = answer(Client(), url)
        assert secret not in response.content.decode()
        if status == 302:
            assert location.startswith("/partners/sign-in/?next=")
        else:
            assert status == 403 and "Email me a link" in main


@pytest.mark.parametrize("role", sorted(PARTNER_ROLES | OTHER_ROLES))
def test_only_partner_roles_signed_in_with_two_factor_read_partner_pages(
    partner_pages, django_user_model, role
):
    user = make_role(role, django_user_model)
    strangers = strangers_answers([url for url, _ in partner_pages])

    password_only = Client()
    password_only_login(password_only, user)
    assert_refused_like_a_stranger(password_only, partner_pages, strangers, f"{role} (password)")

    two_factor = Client()
    password_only_login(two_factor, user)
    mark_verified(two_factor, user)  # every role here has passed two-factor
    if role in PARTNER_ROLES:
        assert_reads(two_factor, partner_pages, role)
    else:
        assert_refused_like_a_stranger(two_factor, partner_pages, strangers, f"{role} (2FA)")


def _path(url):
    return re.sub(r"^https?://[^/]+", "", url)


@pytest.fixture
def carys(demo_site):
    """Prevent lead at Rugby Borough Council, a partner organisation in the demo."""
    return Contact.objects.get(email="carys.clarke@example.org")


@pytest.fixture
def xavier(demo_site):
    """An employer contact with no partner organisation or network: not a partner."""
    return Contact.objects.get(email="xavier.xu@example.org")


def test_a_valid_personal_link_of_a_partner_opens_every_partner_page(partner_pages, carys):
    client = Client()
    opened = client.get(_path(partner_link_url(carys, partner_pages[0][0])))
    assert opened.status_code == 302 and opened["Location"] == partner_pages[0][0]
    assert_reads(client, partner_pages, "Carys's link")


@pytest.mark.parametrize("link", ["expired", "forged", "not_a_partner"])
def test_an_expired_forged_or_non_partner_link_opens_nothing(
    partner_pages, carys, xavier, monkeypatch, link
):
    strangers = strangers_answers([url for url, _ in partner_pages])
    url = _path(partner_link_url(xavier if link == "not_a_partner" else carys, "/alerts/"))
    if link == "forged":
        token = url.rsplit("/", 2)[1]
        url = url.replace(token, token[:-3] + ("aaa" if not token.endswith("aaa") else "bbb"))
    if link == "expired":
        monkeypatch.setitem(tokens.MAX_AGE, "partner", timedelta(seconds=-1))
    client = Client()

    followed = client.get(url)

    assert followed.status_code == (410 if link == "expired" else 404)
    assert ALERT_TITLE not in followed.content.decode()
    monkeypatch.undo()
    assert_refused_like_a_stranger(client, partner_pages, strangers, link)


def test_partner_page_titles_stay_out_of_the_public_search_menus_listings_and_sitemap(
    partner_pages, carys
):
    client = Client()
    client.get(_path(partner_link_url(carys, "/alerts/")))  # even a partner's session
    for url in ("/", "/search/?q=Counter+Terrorism+Local+Profile", "/search/?q=stickers"):
        html = client.get(url).content.decode()
        assert CTLP_TITLE not in html and ALERT_TITLE not in html, url
    sitemap = Client().get("/sitemap.xml").content.decode()
    assert "counter-terrorism-local-profile" not in sitemap and "/alerts/" not in sitemap


@pytest.mark.parametrize("role", ["editor", "approver", "coordinator"])
def test_the_admin_page_chooser_and_explorer_show_partner_titles_to_partner_staff_only(
    partner_pages, django_user_model, role
):
    user = make_role(role, django_user_model)
    client = Client()
    client.force_login(user)
    mark_verified(client, user)
    home = Page.objects.get(depth=2)
    ctlp = Page.objects.get(slug=CTLP_SUMMARY_PAGE["slug"])
    alerts = Page.objects.get(url_path__endswith="/alerts/")
    screens = [
        f"/admin/choose-page/{home.pk}/",
        "/admin/choose-page/search/?q=Counter",
        "/admin/choose-page/search/?q=stickers",
        f"/admin/pages/{home.pk}/",
        "/admin/pages/search/?q=Counter",
        f"/admin/api/main/pages/?child_of={home.pk}&for_explorer=1",
        f"/admin/choose-page/chosen-multiple/?id={ctlp.pk}&id={alerts.pk}",
        # A bulk action's confirmation lists every page it names ("select all" included).
        f"/admin/bulk/wagtailcore/page/delete/?id=all&childOf={home.pk}",
        "/admin/bulk/wagtailcore/page/unpublish/?id=all",
    ]
    direct = [
        f"/admin/pages/{ctlp.pk}/edit/",
        f"/admin/pages/{ctlp.pk}/history/",
        f"/admin/pages/{ctlp.pk}/privacy/",
        f"/admin/pages/{alerts.pk}/",
        f"/admin/choose-page/{alerts.pk}/",
        f"/admin/api/main/pages/{ctlp.pk}/",
        f"/admin/bulk/wagtailcore/page/delete/?id={ctlp.pk}",
        f"/admin/bulk/wagtailcore/page/move/?id={home.pk}&id={alerts.pk}",
    ]
    seen = []
    for url in screens + direct:
        response = client.get(url)
        text = response.content.decode()
        if CTLP_TITLE in text or ALERT_TITLE in text or "Alerts about emerging" in text:
            seen.append(url)
        if role != "coordinator" and url in direct:
            assert response.status_code in (302, 403, 404), f"{role} at {url}"
    if role == "coordinator":
        assert f"/admin/pages/{ctlp.pk}/edit/" in seen and f"/admin/pages/{home.pk}/" in seen
        assert f"/admin/choose-page/{home.pk}/" in seen
        assert f"/admin/bulk/wagtailcore/page/delete/?id={ctlp.pk}" in seen
        assert f"/admin/bulk/wagtailcore/page/delete/?id=all&childOf={home.pk}" in seen
    else:
        assert seen == [], f"{role} sees partner titles at {seen}"


def test_editors_choose_partners_only_in_wagtails_privacy_dialog(demo_site, coordinator, client):
    from networks.partner_pages import PARTNERS_GROUP, is_partner_only

    home = Page.objects.get(depth=2)
    page = Page.objects.child_of(home).live().public().exclude(slug="alerts").first()
    client.force_login(coordinator)
    dialog = client.get(f"/admin/pages/{page.pk}/privacy/").content.decode()
    assert PARTNERS_GROUP in dialog
    assert "accessible to any logged-in users" not in dialog  # a password alone: not offered

    partners = Group.objects.get(name=PARTNERS_GROUP)
    saved = client.post(
        f"/admin/pages/{page.pk}/privacy/",
        {"restriction_type": "groups", "groups": [partners.pk]},
    )
    assert saved.status_code == 200 and is_partner_only(page)
    client.logout()
    assert Client().get(page.url).status_code == 302
    outsider = people.make_outsider()
    refused = Client()
    refused.force_login(outsider)
    mark_verified(refused, outsider)
    assert refused.get(page.url).status_code == 302
    assert Page.objects.filter(pk=page.pk).public().count() == 0
    # From now on the coordinators approve it, not the content approvers who may not read it.
    assert page.get_workflow().name == PARTNER_WORKFLOW


def test_a_partner_page_sent_for_approval_reaches_the_coordinators_and_not_the_content_approvers(
    demo_site, django_user_model
):
    """The site's "Content approval" workflow covers the home tree; a partner page submitted
    for moderation would have shown its title to the content approvers, who cannot open it."""
    ctlp = Page.objects.get(slug=CTLP_SUMMARY_PAGE["slug"]).specific
    assert ctlp.get_workflow().name == PARTNER_WORKFLOW
    author = people.make_coordinator()
    ctlp.title = f"{CTLP_TITLE} (revised)"
    ctlp.save_revision(user=author)
    ctlp.get_workflow().start(ctlp, author)

    reviewers = {
        "another coordinator": (people.make_coordinator("coordinator.two"), True),
        "content approver": (make_role("approver", django_user_model), False),
        "editor": (make_role("editor", django_user_model), False),
        "newsletter approver": (make_role("newsletter_approver", django_user_model), False),
    }
    for who, (user, sees) in reviewers.items():
        client = Client()
        client.force_login(user)
        dashboard = client.get("/admin/").content.decode()
        assert (f"{CTLP_TITLE} (revised)" in dashboard) == sees, who
        assert ("Awaiting your review" in dashboard) == sees, who


def test_the_demos_partner_pages_carry_the_partners_only_restriction(demo_site):
    from networks.partner_pages import PARTNERS_GROUP

    assert not PageViewRestriction.objects.filter(restriction_type="login").exists()
    for slug in (CTLP_SUMMARY_PAGE["slug"], "alerts"):
        restriction = PageViewRestriction.objects.get(page__slug=slug)
        assert restriction.restriction_type == "groups"
        assert [g.name for g in restriction.groups.all()] == [PARTNERS_GROUP]


def test_the_migration_turns_signed_in_users_restrictions_into_partners_only(demo_site):
    from importlib import import_module

    from django.apps import apps

    home = Page.objects.get(depth=2)
    page = Page.objects.child_of(home).live().public().first()
    PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.LOGIN)

    import_module("networks.migrations.0009_partners").restrict_to_partners(apps, None)

    restriction = PageViewRestriction.objects.get(page=page)
    assert restriction.restriction_type == "groups"
    assert [g.name for g in restriction.groups.all()] == ["Partners"]

    # An upgraded site's partner pages leave the "Content approval" workflow for the coordinators'.
    from wagtail.models import Workflow, WorkflowPage

    WorkflowPage.objects.filter(page=page).delete()
    Workflow.objects.filter(name=PARTNER_WORKFLOW).delete()
    assert page.get_workflow().name == "Content approval"
    import_module(
        "networks.migrations.0010_partner_pages_moderated_by_coordinators"
    ).moderate_partner_pages(apps, None)
    page = Page.objects.get(pk=page.pk)  # not the one that cached "no workflow of its own"
    assert page.get_workflow().name == PARTNER_WORKFLOW
    task = page.get_workflow().tasks.get().specific
    assert [g.name for g in task.groups.all()] == ["Coordinators"]


def test_a_signed_in_users_restriction_left_anywhere_still_means_partners_only(demo_site, carys):
    """Belt and braces: a page given Wagtail's "signed-in users" restriction in code (or by an
    older release) does not open to a password alone."""
    home = Page.objects.get(depth=2)
    page = Page.objects.child_of(home).live().public().first()
    PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.LOGIN)
    outsider = people.make_outsider()
    client = Client()
    client.force_login(outsider)
    mark_verified(client, outsider)

    assert client.get(page.url).status_code == 302
    client.get(_path(partner_link_url(carys, page.url)))
    assert client.get(page.url).status_code == 200
