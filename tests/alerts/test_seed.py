"""The demo seed: /report/ replaces the old placeholder page; responders and the Alerts index."""

from django.core.management import call_command
from wagtail.models import PageViewRestriction

from alerts.models import AlertsIndexPage
from cms.models import ContentPage, HomePage


def test_an_old_placeholder_report_page_is_removed_and_the_quick_link_points_at_report(
    demo_site,
):
    home = HomePage.objects.get()
    old = ContentPage(title="Report a concern or give feedback", slug="report")
    home.add_child(instance=old)
    home.refresh_from_db()
    home.quick_links = [
        ("link", {"title": "Report a concern or give feedback", "description": "", "page": old})
    ]
    home.save_revision().publish()

    call_command("seed_demo", verbosity=0)

    assert not ContentPage.objects.filter(slug="report").exists()
    links = {b.value["title"]: b.value["url"] for b in HomePage.objects.get().quick_links}
    assert links["Report a concern or give feedback"] == "/report/"


def test_the_alerts_index_is_for_partners_only(demo_site):
    index = AlertsIndexPage.objects.get()

    restriction = PageViewRestriction.objects.get(page=index)
    assert restriction.restriction_type == "groups"
    assert [g.name for g in restriction.groups.all()] == ["Partners"]
