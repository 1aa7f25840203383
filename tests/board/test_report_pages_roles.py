"""Every URL Wagtail has for the board's pages, and the board's own, × every demo role.

The board's report pages (the folder and its reports: drafts, previews, revisions, history, the
add and edit views, copy, move, delete, unpublish, workflow actions) are for coordinators and
the board approval workflow's approvers, with two-factor. Everyone else who reaches the admin —
editors, approvers of other content, district leads (the "Editors" group too), responders, the
police officer, board members (they read published reports on the board's own screens) — gets
a 404, and no listing, chooser, search or API response names a board page to them.

The URLs are read from Django's resolver (every `wagtailadmin_pages:` name and the explorer),
so a URL a new Wagtail adds is in the matrix the day it appears.
"""

import json
import re

import pytest
from django.test import Client
from django.urls import get_resolver, reverse
from wagtail.models import GroupApprovalTask, Page

from board.demo import WORKFLOW
from board.models import BoardReportIndexPage, BoardReportPage, ReportSnapshot
from tests.support.people import make_district_lead, make_person

MARKER = "Zanzibar quarter report"
NARRATIVE = "Quokka figures for the board only"
BOARD_ROLES = ("coordinator", "board_approver")
CLOSED_REDIRECTS = ("/admin/login/", "/admin/")
PAGE_BULK_ACTIONS = ("delete", "move", "publish", "unpublish")
ROLES = [
    "coordinator",
    "board_approver",
    "police_officer",
    "rugby_responder",
    "district_lead",
    "content_editor_lead",
    "editor",
    "approver",
    "newsletter_approver",
    "moderator",
    "board_member",
    "bare_admin",
    "no_role",
    "anonymous",
]


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, demo_snapshot):
    """The demo, seeded once for the module (`seeded_for_module`), with one draft report in its
    approval workflow."""
    from django.contrib.auth import get_user_model

    from tests.support.demo import seeded_for_module

    with seeded_for_module(django_db_blocker, demo_snapshot):
        yield _build_world(get_user_model())


def _build_world(user_model):
    from networks.models import District

    coordinator = make_person("coord", "Coordinators", superuser=True)
    board_approvers = make_person("board.approver", "Board approvers", perms=["access_admin"])
    GroupApprovalTask.objects.get(name=WORKFLOW).groups.add(board_approvers.groups.get())
    people = {
        "coordinator": coordinator,
        "board_approver": board_approvers,
        "police_officer": user_model.objects.get(username="police.officer"),
        "rugby_responder": user_model.objects.get(username="rugby.responder"),
        "district_lead": make_district_lead([District.objects.get(name="Rugby")]),
        "content_editor_lead": make_district_lead(
            [District.objects.get(name="Warwick")], username="warwick.lead", group="Content editors"
        ),
        "editor": user_model.objects.get(username="editor"),
        "approver": make_person("approver", "Content approvers"),
        "newsletter_approver": make_person("news.approver", "Newsletter approvers"),
        "moderator": make_person("moderator", "Moderators", perms=["access_admin"]),
        "board_member": make_person("board", "Board members"),
        "bare_admin": make_person("bare", perms=["access_admin"]),
        "no_role": make_person("nobody"),
        "anonymous": None,
    }
    index = BoardReportIndexPage.objects.get()
    report = BoardReportPage(
        title=MARKER, slug="zanzibar", kind="quarterly", period_key="2026-Q1", live=False
    )
    report.narrative_6 = f"<p>{NARRATIVE}</p>"
    index.add_child(instance=report)
    first = report.save_revision(user=coordinator)
    report.title = f"{MARKER} (second draft)"
    latest = report.save_revision(user=coordinator)
    workflow_state = report.get_workflow().start(report, coordinator)
    task_state = workflow_state.current_task_state
    return {
        "people": people,
        "index": index,
        "report": report,
        "home": index.get_parent(),
        "revisions": (first, latest),
        "workflow_state": workflow_state,
        "task_state": task_state,
    }


def board_page_urls(world):
    """(name, URL) of every `wagtailadmin_pages:` URL and the explorer, for the board's pages."""
    report, index = world["report"], world["index"]
    values = {
        "page_id": report.pk,
        "page_to_move_id": report.pk,
        "pk": report.pk,
        "parent_page_id": index.pk,
        "destination_id": index.pk,
        "revision_id": world["revisions"][0].pk,
        "revision_id_a": "earliest",
        "revision_id_b": "latest",
        "action_name": "approve",
        "task_state_id": world["task_state"].pk,
        "task_id": world["task_state"].task_id,
        "workflow_state_id": world["workflow_state"].pk,
        "content_type_app_name": "board",
        "content_type_model_name": "boardreportpage",
        "app_label": "board",
        "model_name": "boardreportpage",
    }
    urls = []
    resolver = get_resolver()
    names = [
        name
        for name in resolver.reverse_dict
        if isinstance(name, str)
        and name.startswith("wagtailadmin_explore")
        and name != "wagtailadmin_explore_root"  # the tree's root, not a board page
    ]
    pages_ns = resolver.namespace_dict["wagtailadmin_pages"][1]
    names += [
        f"wagtailadmin_pages:{n}"
        for n in pages_ns.reverse_dict
        if isinstance(n, str) and n not in ("search", "search_results")
    ]
    for name in sorted(set(names)):
        params = _params(name)
        urls.append((name, reverse(name, kwargs={p: values[p] for p in params})))
    # The folder's own views: its draft view (a 500 before), its edit and history.
    for name in ("view_draft", "edit", "history", "preview_on_edit"):
        urls.append((f"folder {name}", reverse(f"wagtailadmin_pages:{name}", args=[index.pk])))
    # Wagtail's page bulk actions: the confirmation lists every page named, with its title.
    for action in PAGE_BULK_ACTIONS:
        urls.append((f"bulk {action}", f"/admin/bulk/wagtailcore/page/{action}/?id={report.pk}"))
    return urls


def select_all_urls(world):
    """A page bulk action's "select all", in the board's folder and over the whole site: it may
    open, but for the pages the user can see."""
    index = world["index"]
    return [
        f"/admin/bulk/wagtailcore/page/{action}/?id=all{where}"
        for action in PAGE_BULK_ACTIONS
        for where in (f"&childOf={index.pk}", "", f"&childOf={index.get_parent().pk}&q=Zanzibar")
    ]


def _params(name):
    resolver = get_resolver()
    if ":" in name:
        ns, short = name.split(":")
        resolver = resolver.namespace_dict[ns][1]
        name = short
    possibilities = resolver.reverse_dict.getlist(name)
    return possibilities[0][0][0][1]


def test_the_matrix_covers_every_page_url_wagtail_has(world):
    names = {name for name, _ in board_page_urls(world)}
    for needed in (
        "add",
        "preview_on_add",
        "edit",
        "preview_on_edit",
        "view_draft",
        "revisions_index",
        "revisions_view",
        "revisions_compare",
        "revisions_revert",
        "history",
        "history_results",
        "workflow_history",
        "workflow_preview",
        "workflow_action",
        "copy",
        "move",
        "move_confirm",
        "delete",
        "unpublish",
        "usage",
        "type_use",
        "choose_parent",
        "add_subpage",
        "lock",
        "set_privacy",
    ):
        assert f"wagtailadmin_pages:{needed}" in names, needed
    assert {"wagtailadmin_explore", "wagtailadmin_explore_results"} <= names


@pytest.mark.parametrize("role", ROLES)
def test_every_board_page_url_answers_the_board_people_only(db, world, role):
    user = world["people"][role]
    client = Client()
    if user is not None:
        client.force_login(user)
    failures = []
    for name, url in board_page_urls(world):
        response = client.get(url)
        status = response.status_code
        body = response.content.decode(errors="replace") if not response.streaming else ""
        if status >= 500:
            failures.append(f"{role} {name} {url}: {status}")
            continue
        if role in BOARD_ROLES:
            continue
        if name == "wagtailadmin_pages:revisions_index" and response.get("Location", "").endswith(
            "/history/"
        ):
            # Wagtail's revisions index is a redirect to the history, which must be closed.
            response = client.get(response["Location"])
            status = response.status_code
            body = response.content.decode(errors="replace")
        closed = status == 404 or (
            role in ("no_role", "anonymous")
            and status == 302
            and response["Location"].split("?")[0] in CLOSED_REDIRECTS
        )
        if not closed:
            failures.append(f"{role} {name} {url}: answered {status}")
        if MARKER in body or NARRATIVE in body:
            failures.append(f"{role} {name} {url}: shows the report")
    for url in select_all_urls(world) if role not in BOARD_ROLES else ():
        response = client.get(url)
        if response.status_code >= 500 or MARKER in response.content.decode(errors="replace"):
            failures.append(f"{role} select all {url}: {response.status_code}, names the report")
    assert not failures, f"{len(failures)} failures:\n" + "\n".join(failures)


@pytest.mark.parametrize("role", BOARD_ROLES)
def test_the_board_people_open_the_drafts_previews_revisions_and_add_view(db, world, role):
    client = Client()
    client.force_login(world["people"][role])
    report, index = world["report"], world["index"]
    # The approver reviews what is submitted to them (Wagtail's workflow gives them the editor);
    # the coordinator also has the page permissions on the folder.
    expected_200 = [
        f"/admin/pages/{report.pk}/edit/",
        f"/admin/pages/{report.pk}/view_draft/",
        f"/admin/pages/workflow/preview/{report.pk}/{world['task_state'].task_id}/",
    ]
    if role == "coordinator":
        expected_200 += [
            f"/admin/pages/{report.pk}/history/",
            f"/admin/pages/{report.pk}/revisions/{world['revisions'][0].pk}/view/",
            f"/admin/pages/{report.pk}/revisions/compare/earliest...latest/",
            f"/admin/pages/{index.pk}/",
            f"/admin/pages/{index.pk}/view_draft/",
            f"/admin/pages/add/board/boardreportpage/{index.pk}/",
            f"/admin/pages/{report.pk}/copy/",
            f"/admin/pages/{report.pk}/delete/",
        ]
    for url in expected_200:
        response = client.get(url)
        assert response.status_code == 200, url
    draft = client.get(f"/admin/pages/{report.pk}/view_draft/").content.decode()
    assert NARRATIVE in draft
    if role == "coordinator":  # the folder's draft view was a 500 (no template)
        folder = client.get(f"/admin/pages/{index.pk}/view_draft/").content.decode()
        assert MARKER in folder and "Draft" in folder


def test_an_editor_cannot_change_or_approve_a_board_report_by_posting(db, world):
    report = world["report"]
    for role in ("editor", "district_lead", "approver", "board_member", "moderator"):
        client = Client()
        client.force_login(world["people"][role])
        for url, data in (
            (f"/admin/pages/{report.pk}/edit/", {"title": "Hijacked", "action-publish": "1"}),
            (f"/admin/pages/{report.pk}/delete/", {}),
            (f"/admin/pages/{report.pk}/unpublish/", {}),
            (
                f"/admin/pages/workflow/action/{report.pk}/approve/{world['task_state'].pk}/",
                {"comment": ""},
            ),
            (f"/admin/pages/add/board/boardreportpage/{world['index'].pk}/", {"title": "New"}),
        ):
            assert client.post(url, data).status_code == 404, (role, url)
    report.refresh_from_db()
    assert report.title.startswith(MARKER) and not report.live
    assert BoardReportPage.objects.count() == 2  # the demo's draft and this one
    assert not ReportSnapshot.objects.exists()


@pytest.mark.parametrize(
    "role", ["editor", "district_lead", "content_editor_lead", "approver", "moderator"]
)
def test_no_listing_chooser_search_or_api_names_a_board_page_to_others(db, world, role):
    client = Client()
    client.force_login(world["people"][role])
    home, index, report = world["home"], world["index"], world["report"]
    responses = {
        "explorer of home": client.get(f"/admin/pages/{home.pk}/"),
        "explorer search": client.get(f"/admin/pages/{home.pk}/", {"q": "Zanzibar"}),
        "admin search": client.get("/admin/pages/search/", {"q": "Zanzibar"}),
        "admin search results": client.get("/admin/pages/search/results/", {"q": "Zanzibar"}),
        "chooser of home": client.get(f"/admin/choose-page/{home.pk}/"),
        "chooser of the folder": client.get(f"/admin/choose-page/{index.pk}/"),
        "chooser search": client.get("/admin/choose-page/search/", {"q": "Zanzibar"}),
        "api listing": client.get("/admin/api/main/pages/", {"child_of": home.pk}),
        "api explorer": client.get(
            "/admin/api/main/pages/", {"child_of": home.pk, "for_explorer": 1}
        ),
        "api search": client.get("/admin/api/main/pages/", {"search": "Zanzibar"}),
        "api detail": client.get(f"/admin/api/main/pages/{report.pk}/"),
        "api folder": client.get(f"/admin/api/main/pages/{index.pk}/"),
        "workflow report": client.get("/admin/reports/workflow/"),
        "site history": client.get("/admin/reports/site-history/"),
        "dashboard": client.get("/admin/"),
    }
    for label, response in responses.items():
        assert response.status_code < 500, label
        body = response.content.decode(errors="replace")
        # The folder's title (the explorer's type filter names its type, "Board reports folder").
        assert MARKER not in body and not re.search(r"Board reports(?! folder)", body), label
    assert responses["api detail"].status_code == 404
    assert responses["api folder"].status_code == 404
    assert responses["chooser of the folder"].status_code == 404
    api = json.loads(responses["api listing"].content)
    assert index.pk not in [item["id"] for item in api["items"]]


def test_the_coordinator_finds_board_pages_in_the_explorer_and_chooser(db, world):
    # (Board pages are not in the search index at all: `AdminOnlyPage.search_fields = []`.)
    client = Client()
    client.force_login(world["people"]["coordinator"])
    index = world["index"]
    assert MARKER in client.get(f"/admin/pages/{index.pk}/").content.decode()
    assert MARKER in client.get(f"/admin/choose-page/{index.pk}/").content.decode()


def test_a_board_approver_must_pass_two_factor_first(db, world):
    from tests.support.two_factor import password_only_login

    client = Client()
    password_only_login(client, world["people"]["board_approver"])
    response = client.get(f"/admin/pages/{world['report'].pk}/view_draft/")
    assert response.status_code == 302 and "/admin/2fa/" in response["Location"]


def test_the_home_pages_explorer_still_works_for_editors(db, world):
    client = Client()
    client.force_login(world["people"]["editor"])
    response = client.get(f"/admin/pages/{world['home'].pk}/")
    assert response.status_code == 200
    assert Page.objects.child_of(world["home"]).exclude(pk=world["index"].pk).exists()
