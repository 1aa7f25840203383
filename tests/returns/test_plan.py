"""The action plan as data: the whole seed plan, the annual copy forward, the RAG history of an
action across quarters, the partner-only plan page and the coordinator's Wagtail screens."""

from datetime import date

import pytest

from core.periods import Quarter
from networks.partner_access import partner_link_url
from returns.actions import copy_plan_forward, record_progress
from returns.demo import seed_returns_demo
from returns.models import RAG, Action, Plan, ProgressUpdate, Theme
from tests.support.returns import lead, organisation

pytestmark = pytest.mark.django_db

Q1, Q2, Q3 = Quarter(2026, 1), Quarter(2026, 2), Quarter(2026, 3)


def test_the_demo_seeds_every_action_of_the_plan_with_its_columns():
    seed_returns_demo()
    plan = Plan.objects.get(name="Prevent Action Plan 2015–2018")
    assert [t.name for t in plan.themes.all()] == [
        "Community and voluntary sector engagement",
        "Leadership, governance and accountability",
        "Awareness, learning and development",
        "Safe education",
        "Support",
        "Intelligence and communications",
    ]
    numbers = list(
        Action.objects.filter(theme__plan=plan)
        .order_by("theme__number", "sort_order")
        .values_list("number", flat=True)
    )
    assert numbers == [
        "1.1", "1.2", "2.1", "2.2", "2.3", "2.4", "2.5",
        "3.1", "3.2", "3.3", "3.4", "3.5", "3.6", "3.7", "4.1", "4.2",
        "5.1", "5.2", "5.3", "5.4", "5.5",
        "6.1", "6.2", "6.3", "6.4", "6.5", "6.6", "6.7", "6.8", "6.9",
    ]  # fmt: skip
    police = Action.objects.get(theme__plan=plan, number="3.6")
    assert police.responsible_agency == "Police Prevent Team"
    assert police.timescale == "Quarterly at PWG meetings"
    assert "referral source" in police.text
    report = Action.objects.get(theme__plan=plan, number="2.4")
    assert report.notes == "Report to go to the SWPB, WSCB and WSAB"
    # Running the seed again changes nothing.
    seed_returns_demo()
    assert Action.objects.filter(theme__plan=plan).count() == 30
    assert Plan.objects.count() == 2


def test_copying_a_plan_forward_copies_every_action_and_leaves_the_old_one_alone():
    plan = Plan.objects.create(
        name="2015–2018", starts_on=date(2015, 4, 1), ends_on=date(2018, 3, 31)
    )
    theme = Theme.objects.create(plan=plan, number=1, name="Engagement")
    council = organisation("Northvale Council", sector="local_authority")
    action = Action.objects.create(theme=theme, number="1.1", text="Grow networks")
    action.responsible_organisations.add(council)
    record_progress(action, Q1, RAG.AT_RISK, reported_by="Coordinator")

    new = copy_plan_forward(
        plan, name="2026–27 refresh", starts_on=date(2026, 4, 1), ends_on=date(2027, 3, 31)
    )
    copied = Action.objects.get(theme__plan=new)
    assert copied.copied_from == action and copied.text == "Grow networks"
    assert list(copied.responsible_organisations.all()) == [council]
    assert not copied.progress.exists() and action.progress.count() == 1
    copied.text = "Grow networks in every district"
    copied.save()
    action.refresh_from_db()
    assert action.text == "Grow networks"


def test_an_actions_rag_history_is_kept_per_quarter_and_never_overwritten():
    plan = Plan.objects.create(name="Plan", starts_on=date(2026, 4, 1), ends_on=date(2027, 3, 31))
    action = Action.objects.create(
        theme=Theme.objects.create(plan=plan, number=3, name="L&D"), number="3.5", text="Monitor"
    )
    record_progress(action, Q1, RAG.AT_RISK, reported_by="Coordinator", narrative="Slow start")
    record_progress(action, Q2, RAG.ON_TRACK, reported_by="Coordinator")
    record_progress(action, Q3, RAG.OFF_TRACK, reported_by="Coordinator")
    record_progress(action, Q3, RAG.COMPLETE, reported_by="Coordinator", narrative="Done")

    history = [(p.quarter_start, p.status) for p in action.progress.order_by("quarter_start", "id")]
    assert history == [
        (Q1.start, "at_risk"),
        (Q2.start, "on_track"),
        (Q3.start, "off_track"),
        (Q3.start, "complete"),
    ]
    first = action.progress.get(quarter_start=Q1.start)
    first.status = RAG.COMPLETE
    with pytest.raises(ValueError):
        first.save()
    assert action.progress.get(quarter_start=Q1.start).status == "at_risk"


def test_evidence_links_must_be_web_addresses():
    from django.core.exceptions import ValidationError

    plan = Plan.objects.create(name="Plan", starts_on=date(2026, 4, 1), ends_on=date(2027, 3, 31))
    action = Action.objects.create(
        theme=Theme.objects.create(plan=plan, number=1, name="T"), number="1.1", text="A"
    )
    with pytest.raises(ValidationError):
        record_progress(action, Q1, RAG.ON_TRACK, reported_by="x", evidence_links="javascript:x")
    update = record_progress(
        action, Q1, RAG.ON_TRACK, reported_by="x", evidence_links="https://example.org/minutes\n"
    )
    assert update.links == ["https://example.org/minutes"]


def _plan_with_status():
    plan = Plan.objects.create(
        name="Current plan", starts_on=date(2000, 4, 1), ends_on=date(2100, 3, 31)
    )
    theme = Theme.objects.create(plan=plan, number=6, name="Intelligence and communications")
    action = Action.objects.create(theme=theme, number="6.5", text="Quarterly newsletter")
    record_progress(action, Quarter.current(), RAG.AT_RISK, reported_by="Coordinator")
    return plan


def test_the_plan_page_is_for_partners_only(client):
    _plan_with_status()
    response = client.get("/returns/plan/")
    assert response.status_code == 403
    assert "Quarterly newsletter" not in response.content.decode()


def test_a_partner_reads_the_plan_with_each_actions_latest_status_in_words(client):
    _plan_with_status()
    contact = lead(organisation("Northvale College", partner=True))
    opened = client.get(
        partner_link_url(contact, "/returns/plan/")
        .split("testserver")[-1]
        .replace("http://127.0.0.1:8000", ""),
        follow=True,
    )
    page = opened.content.decode()
    assert opened.status_code == 200
    assert "6.5 Quarterly newsletter" in page
    assert "At risk" in page  # the word, not only a colour
    assert "private" in opened["Cache-Control"]


def test_partner_staff_read_the_plan_page_signed_in_with_two_factor(client, coordinator):
    from tests.support.two_factor import password_only_login

    _plan_with_status()
    password_only_login(client, coordinator)
    assert client.get("/returns/plan/").status_code == 403
    client.force_login(coordinator)  # password and code
    assert "Quarterly newsletter" in client.get("/returns/plan/").content.decode()


def test_a_lead_whose_organisation_is_not_a_partner_cannot_open_the_plan(client):
    _plan_with_status()
    contact = lead(organisation("Southvale Academy"))
    link = partner_link_url(contact, "/returns/plan/").split("testserver")[-1]
    opened = client.get(link.replace("http://127.0.0.1:8000", ""))
    assert opened.status_code == 404
    assert "Quarterly newsletter" not in client.get("/returns/plan/").content.decode()


def test_the_coordinator_edits_an_action_in_wagtail_and_an_outsider_cannot(
    client, coordinator, outsider
):
    plan = _plan_with_status()
    action = Action.objects.get(theme__plan=plan)
    client.force_login(outsider)
    assert client.get(f"/admin/snippets/returns/action/edit/{action.pk}/").status_code in (
        302,
        403,
        404,
    )
    client.force_login(coordinator)
    edit = client.get(f"/admin/snippets/returns/action/edit/{action.pk}/")
    assert edit.status_code == 200 and "Quarterly newsletter" in edit.content.decode()


def test_progress_history_cannot_be_edited_in_wagtail(client, coordinator):
    _plan_with_status()
    update = ProgressUpdate.objects.get()
    client.force_login(coordinator)
    response = client.get(f"/admin/snippets/returns/progressupdate/edit/{update.pk}/")
    assert response.status_code in (302, 403, 404)
    assert client.get("/admin/snippets/returns/progressupdate/").status_code == 200


def test_the_coordinator_copies_a_plan_forward_from_the_admin(client, coordinator, outsider):
    plan = Plan.objects.create(
        name="2015–2018", starts_on=date(2015, 4, 1), ends_on=date(2018, 3, 31)
    )
    Action.objects.create(
        theme=Theme.objects.create(plan=plan, number=1, name="Engagement"), number="1.1", text="A"
    )
    client.force_login(outsider)
    assert client.get(f"/admin/returns/plans/{plan.pk}/copy/").status_code in (302, 404)
    client.force_login(coordinator)
    form = client.get(f"/admin/returns/plans/{plan.pk}/copy/").content.decode()
    assert "2018-04-01" in form
    answer = client.post(
        f"/admin/returns/plans/{plan.pk}/copy/",
        {"name": "2018–19 refresh", "starts_on": "2018-04-01", "ends_on": "2019-03-31"},
    )
    assert answer.status_code == 302
    new = Plan.objects.get(name="2018–19 refresh")
    assert new.copied_from == plan and Action.objects.filter(theme__plan=new).count() == 1
    refused = client.post(
        f"/admin/returns/plans/{plan.pk}/copy/",
        {"name": "Backwards", "starts_on": "2019-04-01", "ends_on": "2019-03-31"},
    )
    assert "cannot end before it starts" in refused.content.decode()
    assert not Plan.objects.filter(name="Backwards").exists()
