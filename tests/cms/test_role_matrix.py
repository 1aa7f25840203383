"""Every admin URL the resolver knows × every role the demo seeds, against an allow-list; and
what each role may do, done by the demo's own people as plain members of their groups.

Nobody here is a superuser: the coordinator is a member of the coordinator role's groups
(`core.roles.groups_for`), the others are the people `seed_demo` makes, so a permission the
groups lack (`cms.roles_setup`) fails here rather than in front of a user.

The URLs are read from Django's resolver, not written by hand, so a new viewset, chooser or
export is checked the day it is registered. Path parameters are filled with real primary keys
(a Warwick contact, which a Rugby district lead must not reach). For each role and URL:
- outside the allow-list the answer is 302 (to sign-in), 403, 404 or 405;
- whatever the answer, the body names no contact, address or suppressed address beyond what the
  role may see (a district lead: their own district's contact; the coordinator: everything).
Wagtail's own page, image, document, workflow, user and site screens are left out (they hold no
partner data and Wagtail tests them); the list of left-out namespaces is checked below.
"""

import re

import pytest
from django.test import Client
from django.urls import URLResolver, get_resolver, reverse

from alerts.models import ResponderScope, RoutingRule
from core import roles
from networks.models import (
    DirectoryScope,
    District,
    Network,
    NetworkMembership,
    Segment,
    Suppression,
)
from tests.networks.factories import ContactFactory
from tests.support.people import make_person

RUGBY_MARKERS = ("Zebedee", "Rugbyson", "zebedee.rugby@example.net")
WARWICK_MARKERS = ("Xanthe", "Warwickson", "xanthe.warwick@example.net")
SUPPRESSED_MARKERS = ("suppressed.only@example.net",)

# Wagtail's own screens, governed by Wagtail's permissions and holding no directory data.
LEFT_OUT = (
    "wagtailadmin_pages",
    "wagtailadmin_workflows",
    "wagtailimages",
    "wagtaildocs",
    "wagtailadmin_api",
    "wagtailsites",
    "wagtailusers",
    "wagtailredirects",
    "wagtailadmin_collections",
    "wagtailforms",
    "wagtailembeds",
    "wagtailadmin_editing_sessions",
    "wagtailsettings",
    "wagtailsnippets_cms_",
    "wagtailsnippetchoosers_cms_",
    "wagtailadmin_choose_page",
    "wagtailadmin_explore",
)
SKIPPED_NAMES = {"wagtailadmin_logout", "wagtailadmin_error_test", "wagtailadmin_login"}

COORDINATOR_ONLY = (
    "wagtailsnippets_networks_",
    "wagtailsnippetchoosers_networks_",
    "wagtailsnippets_alerts_routingrule",
    "wagtailsnippetchoosers_alerts_routingrule",
    "wagtailsnippets_alerts_responderscope",
    "wagtailsnippetchoosers_alerts_responderscope",
    "networks_admin",
    "events_admin",
    "wagtailsnippets_returns_",
    "wagtailsnippetchoosers_returns_",
    "returns_admin",
    "newsletters_admin",
    "sending_admin",
    # The board dashboard and reports: coordinators and board members only.
    "board_admin",
    # Staff accounts: coordinators with two-factor only.
    "accounts_admin",
)
CONTACTS = ("wagtailsnippets_networks_contact", "wagtailsnippetchoosers_networks_contact")
REPLY_TEMPLATES = (
    "wagtailsnippets_alerts_replytemplate",
    "wagtailsnippetchoosers_alerts_replytemplate",
)
INBOX = ("alerts_admin",)

# role -> URL-name prefixes it may open (beyond Wagtail's generic screens).
BOARD = ("board_admin", "returns_admin:figures", "returns_admin:progress")
ALLOWED = {
    # The coordinator triages the inbox with the police team (a responder, by their groups).
    "coordinator": COORDINATOR_ONLY + REPLY_TEMPLATES + INBOX,
    "police_officer": REPLY_TEMPLATES + INBOX,
    "rugby_responder": REPLY_TEMPLATES + INBOX,
    # A lead inspects a segment to see its members in their own districts (no others listed).
    "district_lead": (*CONTACTS, "wagtailsnippets_networks_segment:inspect"),
    "editor": (),
    "approver": (),
    "newsletter_approver": (),
    "board_member": BOARD,
    "bare_admin": (),
    "no_role": (),
    "anonymous": (),
}
VISIBLE = {
    "coordinator": RUGBY_MARKERS + WARWICK_MARKERS + SUPPRESSED_MARKERS,
    "district_lead": RUGBY_MARKERS,
}
CLOSED_REDIRECTS = ("/admin/login/", "/admin/")
PROTECTED = COORDINATOR_ONLY + CONTACTS + REPLY_TEMPLATES + INBOX


def admin_url_names():
    """(full URL name, parameter names) of every named admin URL pattern."""

    def walk(patterns, prefix, namespace, params):
        for pattern in patterns:
            route = prefix + str(pattern.pattern)
            names = params + tuple(pattern.pattern.regex.groupindex)
            if isinstance(pattern, URLResolver):
                ns = namespace
                if pattern.namespace:
                    ns = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
                yield from walk(pattern.url_patterns, route, ns, names)
            elif pattern.name:
                name = f"{namespace}:{pattern.name}" if namespace else pattern.name
                yield route, name, names

    for route, name, params in walk(get_resolver().url_patterns, "", None, ()):
        if route.startswith("admin/"):
            yield name, params


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, demo_snapshot):
    """Seeded once for the module (the matrix runs one test per role) inside a transaction that
    is rolled back afterwards: each test's own transaction nests inside it, and the tests after
    this module find the database as migrations left it (a flush would take Wagtail's root page
    and groups with it)."""
    from django.contrib.auth import get_user_model

    from tests.support.demo import seeded_for_module

    with seeded_for_module(django_db_blocker, demo_snapshot):
        yield _build_world(get_user_model())


def _build_world(django_user_model):
    rugby, warwick = District.objects.get(name="Rugby"), District.objects.get(name="Warwick")
    rugby_contact = ContactFactory(
        first_name="Zebedee", last_name="Rugbyson", email=RUGBY_MARKERS[2], districts=[rugby]
    )
    warwick_contact = ContactFactory(
        first_name="Xanthe", last_name="Warwickson", email=WARWICK_MARKERS[2], districts=[warwick]
    )
    network = Network.objects.filter(district=warwick).first() or Network.objects.first()
    membership = NetworkMembership.objects.create(network=network, contact=warwick_contact)
    suppression = Suppression.objects.create(email=SUPPRESSED_MARKERS[0], reason="hard_bounce")
    lead = django_user_model.objects.get(username="lee.lead")
    people = {
        "coordinator": make_person("coord", *roles.groups_for(roles.COORDINATOR)),
        "police_officer": django_user_model.objects.get(username="police.officer"),
        "rugby_responder": django_user_model.objects.get(username="rugby.responder"),
        "district_lead": lead,
        "editor": django_user_model.objects.get(username="editor"),
        "approver": django_user_model.objects.get(username="april.approver"),
        "newsletter_approver": make_person("news.approver", "Newsletter approvers"),
        "board_member": django_user_model.objects.get(username="bo.board"),
        "bare_admin": make_person("bare", perms=["access_admin"]),
        "no_role": make_person("nobody"),
        "anonymous": None,
    }
    pks = {
        "networks_contact": warwick_contact.pk,
        "networks_networkmembership": membership.pk,
        "networks_suppression": suppression.pk,
        "networks_directoryscope": DirectoryScope.objects.get(user=lead).pk,
        "networks_segment": Segment.objects.first().pk,
        "networks_network": network.pk,
        "alerts_responderscope": ResponderScope.objects.first().pk,
        "alerts_routingrule": RoutingRule.objects.first().pk,
    }
    return {"people": people, "pks": pks, "rugby": rugby_contact, "warwick": warwick_contact}


def _fill(name, params, pks, contact_pks):
    kwargs = {}
    model_key = re.sub(r"^wagtailsnippet(?:s|choosers)_", "", name.split(":")[0])
    for param in params:
        if param in ("pk", "object_id", "a"):
            kwargs[param] = pks.get(model_key, contact_pks[1])
        elif param == "b":
            kwargs[param] = contact_pks[0]
        elif param in ("app_label",):
            kwargs[param] = "networks"
        elif param in ("model_name",):
            kwargs[param] = "contact"
        else:
            kwargs[param] = 1
    try:
        return reverse(name, kwargs=kwargs)
    except Exception:  # noqa: BLE001  (a pattern whose converters take other values)
        return reverse(name, kwargs={k: str(v) for k, v in kwargs.items()})


@pytest.fixture(scope="module")
def matrix_urls(world):
    urls = []
    left_out_seen = set()
    for name, params in admin_url_names():
        if name in SKIPPED_NAMES:
            continue
        prefix = next((p for p in LEFT_OUT if name.startswith(p)), None)
        if prefix:
            left_out_seen.add(prefix)
            continue
        urls.append(
            (name, _fill(name, params, world["pks"], (world["rugby"].pk, world["warwick"].pk)))
        )
    # The choosers, exports and JSON endpoints the issue names are all in the matrix.
    names = {name for name, _ in urls}
    for needed in (
        "wagtailsnippetchoosers_networks_contact:choose",
        "wagtailsnippetchoosers_networks_contact:choose_results",
        "wagtailsnippetchoosers_networks_contact:chosen",
        "wagtailsnippetchoosers_networks_suppression:choose_results",
        "wagtailsnippetchoosers_alerts_routingrule:chosen",
        "wagtailsnippets_networks_contact:list_results",
        "wagtailsnippets_networks_contact:inspect",
        "wagtailsnippets_networks_contact:history",
        "wagtailsnippets_networks_contact:usage",
        "networks_admin:subject_access",
        "networks_admin:segment_count",
        "alerts_admin:export",
    ):
        assert needed in names, needed
    assert len(left_out_seen) >= 10, left_out_seen
    return urls


@pytest.mark.parametrize("role", list(ALLOWED))
def test_every_admin_url_answers_the_role_within_its_allow_list(db, world, matrix_urls, role):
    failures = []
    user = world["people"][role]
    client = Client()
    if user is not None:
        client.force_login(user)
    allowed = ALLOWED[role]
    hidden = [
        m
        for m in RUGBY_MARKERS + WARWICK_MARKERS + SUPPRESSED_MARKERS
        if m not in VISIBLE.get(role, ())
    ]
    for name, url in matrix_urls:
        response = client.get(url)
        status = response.status_code
        body = b"".join(response) if response.streaming else response.content
        text = body.decode(errors="replace")
        if status >= 500:
            failures.append(f"{role} {url} ({name}): {status}")
            continue
        leaked = [m for m in hidden if m in text]
        if leaked:
            failures.append(f"{role} {url} ({name}): shows {leaked}")
        if name.startswith(PROTECTED) and not name.startswith(allowed):
            closed = status in (403, 404, 405) or (
                # Wagtail answers a PermissionDenied in its admin with a redirect home.
                status == 302 and response["Location"].split("?")[0] in CLOSED_REDIRECTS
            )
            if not closed:
                failures.append(f"{role} {url} ({name}): answered {status}")
    assert not failures, f"{len(failures)} role/URL failures:\n" + "\n".join(failures[:60])


def test_a_district_leads_contact_chooser_lists_their_district_only(db, client, world):
    client.force_login(world["people"]["district_lead"])

    results = client.get(
        "/admin/snippets/choose/networks/contact/results/", {"q": "son"}
    ).content.decode()
    chosen_elsewhere = client.get(
        f"/admin/snippets/choose/networks/contact/chosen/{world['warwick'].pk}/"
    )
    chosen_own = client.get(f"/admin/snippets/choose/networks/contact/chosen/{world['rugby'].pk}/")

    assert "Rugbyson" in results and "Warwickson" not in results
    assert chosen_elsewhere.status_code == 404 and "Warwickson" not in chosen_elsewhere.text
    assert chosen_own.status_code == 200 and "Rugbyson" in chosen_own.text


@pytest.mark.parametrize("role", ["editor", "bare_admin", "rugby_responder", "approver"])
def test_the_choosers_of_the_directory_and_routing_list_nothing_to_other_roles(client, world, role):
    client.force_login(world["people"][role])

    for url in (
        "/admin/snippets/choose/networks/contact/",
        "/admin/snippets/choose/networks/contact/results/",
        f"/admin/snippets/choose/networks/contact/chosen/{world['rugby'].pk}/",
        "/admin/snippets/choose/networks/suppression/results/",
        "/admin/snippets/choose/networks/networkmembership/results/",
        "/admin/snippets/choose/networks/segment/results/",
        "/admin/snippets/choose/networks/directoryscope/results/",
        "/admin/snippets/choose/alerts/routingrule/results/",
        "/admin/snippets/choose/alerts/responderscope/results/",
    ):
        response = client.get(url)
        assert response.status_code == 404, url
        assert "Rugbyson" not in response.text and "suppressed.only" not in response.text


# --- what each role may do, as the docs say (docs/guarantees.md, "Roles and two-factor") ------


def _places(world):
    from wagtail.models import Site

    from alerts.models import AlertPage, AlertsIndexPage
    from board.models import BoardReportIndexPage
    from cms.models import ContentPage, HomePage
    from events.models import EventPage
    from newsletters.models import NewsletterIndexPage, NewsletterPage

    alert = AlertPage.objects.filter(slug="role-matrix-alert").first()
    if alert is None:
        alert = AlertPage(
            title="Stickers near the station",
            slug="role-matrix-alert",
            what_is_happening="<p>Stickers.</p>",
            look_out_for="<p>More.</p>",
            what_to_do="<p>Remove them.</p>",
            where_to_report="<p>Report page.</p>",
        )
        AlertsIndexPage.objects.get().add_child(instance=alert)
        alert.save_revision().publish()
    return {
        "home": HomePage.objects.get(),
        "hub_page": ContentPage.objects.live().first(),
        "site": Site.objects.get(is_default_site=True),
        "newsletters": NewsletterIndexPage.objects.get(),
        "issue": NewsletterPage.objects.first(),
        "alerts": AlertsIndexPage.objects.get(),
        "alert": alert,
        "event": EventPage.objects.first(),
        "board_reports": BoardReportIndexPage.objects.get(),
    }


def _opens(p):
    """role -> admin URLs that must answer 200 to a plain member of its groups."""
    return {
        "coordinator": [
            "/admin/",
            "/admin/snippets/networks/contact/",
            "/admin/directory/duplicates/",
            f"/admin/pages/add/newsletters/newsletterpage/{p['newsletters'].pk}/",
            f"/admin/pages/{p['issue'].pk}/edit/",
            f"/admin/newsletters/{p['issue'].pk}/email/",
            "/admin/newsletters/sends/",
            "/admin/alerts/",
            f"/admin/pages/add/alerts/alertpage/{p['alerts'].pk}/",
            f"/admin/pages/{p['event'].pk}/edit/",
            f"/admin/events/{p['event'].pk}/answers/",
            "/admin/learning/take-up/",
            "/admin/learning/import/",
            "/admin/returns/",
            "/admin/board/",
            f"/admin/pages/add/board/boardreportpage/{p['board_reports'].pk}/",
            "/admin/images/multiple/add/",
            "/admin/documents/multiple/add/",
            f"/admin/settings/core/partnershipsettings/{p['site'].pk}/",
            "/admin/reports/site-history/",
        ],
        "police_officer": [
            "/admin/alerts/",
            f"/admin/pages/add/alerts/alertpage/{p['alerts'].pk}/",
            f"/admin/alerts/send-alert/{p['alert'].pk}/",
            "/admin/snippets/alerts/replytemplate/",
        ],
        "rugby_responder": [
            "/admin/alerts/",
            f"/admin/pages/add/alerts/alertpage/{p['alerts'].pk}/",
        ],
        "district_lead": [
            "/admin/snippets/networks/contact/",
            "/admin/snippets/networks/contact/add/",
        ],
        "editor": [
            f"/admin/pages/add/cms/contentpage/{p['home'].pk}/",
            f"/admin/pages/{p['hub_page'].pk}/edit/",
            f"/admin/pages/add/newsletters/newsletterpage/{p['newsletters'].pk}/",
            "/admin/documents/multiple/add/",
            "/admin/snippets/cms/material/",
        ],
        "approver": [f"/admin/pages/{p['hub_page'].pk}/edit/", "/admin/snippets/cms/material/"],
        "board_member": [
            "/admin/board/",
            "/admin/board/reports/",
            "/admin/learning/take-up/",
            "/admin/returns/figures/",
            "/admin/returns/progress/",
        ],
    }


# role -> (page key, may publish it)
PUBLISHES = {
    "coordinator": [("issue", True), ("hub_page", True), ("alert", True)],
    "police_officer": [("alert", True), ("hub_page", False)],
    "rugby_responder": [("hub_page", False)],
    "district_lead": [("hub_page", False), ("alert", False)],
    "editor": [("hub_page", False), ("alert", False)],
    "approver": [("hub_page", True)],
    "board_member": [("hub_page", False), ("issue", False), ("alert", False)],
}


@pytest.mark.parametrize("role", list(PUBLISHES))
def test_each_role_does_what_the_docs_say_as_a_plain_member_of_its_groups(db, world, role):
    user = world["people"][role]
    places = _places(world)
    client = Client()
    client.force_login(user)

    closed = [url for url in _opens(places)[role] if client.get(url).status_code != 200]
    publishing = {
        key: places[key].permissions_for_user(user).can_publish() for key, _ in PUBLISHES[role]
    }

    assert not user.is_superuser
    assert not closed, f"{role} cannot open {closed}"
    assert publishing == dict(PUBLISHES[role])


@pytest.mark.parametrize(
    ("role", "districts"), [("police_officer", ()), ("rugby_responder", ("Rugby",))]
)
def test_responders_write_an_alert_as_the_docs_say(db, world, role, districts):
    from alerts.models import AlertPage

    places = _places(world)
    client = Client()
    client.force_login(world["people"][role])
    chosen = list(District.objects.filter(name__in=districts).values_list("pk", flat=True))

    response = client.post(
        f"/admin/pages/add/alerts/alertpage/{places['alerts'].pk}/",
        {
            "title": f"Graffiti reported by {role}",
            "slug": f"graffiti-{role.replace('_', '-')}",
            "districts": chosen,
            "what_is_happening": _rich("Graffiti on the underpass."),
            "look_out_for": _rich("New tags."),
            "what_to_do": _rich("Report it."),
            "where_to_report": _rich("The report page."),
        },
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    alert = AlertPage.objects.get(slug=f"graffiti-{role.replace('_', '-')}")
    assert sorted(alert.districts.values_list("pk", flat=True)) == sorted(chosen)


def test_a_district_responder_may_not_send_until_given_the_permission(db, world):
    places = _places(world)
    client = Client()
    client.force_login(world["people"]["rugby_responder"])

    assert client.get(f"/admin/alerts/send-alert/{places['alert'].pk}/").status_code == 404


def _rich(text):
    import json

    return json.dumps(
        {
            "blocks": [
                {
                    "key": "a1b2c",
                    "text": text,
                    "type": "unstyled",
                    "depth": 0,
                    "inlineStyleRanges": [],
                    "entityRanges": [],
                    "data": {},
                }
            ],
            "entityMap": {},
        }
    )
