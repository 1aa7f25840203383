import json
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone
from wagtail.models import Page, Site

from alerts.demo import seed_alerts_demo
from board.demo import seed_board_demo
from cms import demo_data
from cms.models import Acronym, ContentPage, HomePage
from core.models import PartnershipSettings
from events.demo import next_occurrence, seed_events_demo
from learning.demo import seed_learning_demo
from networks.demo import load_demo_directory
from networks.models import District, Organisation
from returns.demo import seed_returns_demo


def demo_newsletter_dated(today=None) -> dict:
    """The demo issue with its dates relative to `today` (default: now): issued two weeks ago,
    a WRAP session in three weeks, train the trainer in six, and the annual event's own day."""
    today = today or timezone.localdate()
    event = demo_data.ANNUAL_EVENT
    dates = {
        "{issue_date}": today - timedelta(days=14),
        "{wrap_date}": today + timedelta(days=21),
        "{trainer_date}": today + timedelta(days=42),
        "{event_date}": next_occurrence(event["month"], event["day"]).date(),
    }
    text = json.dumps(demo_data.DEMO_NEWSLETTER)
    for marker, value in dates.items():
        text = text.replace(marker, value.isoformat())
    return json.loads(text)


class Command(BaseCommand):
    help = "Load the demo partnership (idempotent: running it again changes nothing)."

    @transaction.atomic
    def handle(self, *args, **options):
        districts = self._districts()
        self._organisations(districts)
        load_demo_directory(demo_data.NETWORKS, demo_data.CONTACTS, demo_data.SEGMENTS)
        for term, expansion in demo_data.ACRONYMS:
            Acronym.objects.update_or_create(term=term, defaults={"expansion": expansion})
        home = self._home_page()
        site = self._site(home)
        PartnershipSettings.objects.update_or_create(site=site, defaults=demo_data.PARTNERSHIP)
        self._newsletters(home)
        self._hub(home)
        self._footer(site, home)
        self._partner_pages(home)
        seed_alerts_demo(home, districts)
        seed_events_demo(home, demo_data.EVENT_INDEX, demo_data.ANNUAL_EVENT)
        seed_learning_demo()
        seed_returns_demo()
        seed_board_demo(home)
        self.stdout.write(self.style.SUCCESS("Demo data is in place."))

    def _districts(self):
        districts = {}
        for order, name in enumerate(demo_data.DISTRICTS):
            districts[name], _ = District.objects.update_or_create(
                name=name, defaults={"sort_order": order, "is_county_wide": False}
            )
        districts[demo_data.COUNTY_WIDE], _ = District.objects.update_or_create(
            name=demo_data.COUNTY_WIDE, defaults={"sort_order": 99, "is_county_wide": True}
        )
        return districts

    def _organisations(self, districts):
        for name, sector, district_names in demo_data.ORGANISATIONS:
            org, _ = Organisation.objects.update_or_create(
                name=name, defaults={"sector": sector, "is_specified_authority": True}
            )
            wanted = district_names or [demo_data.COUNTY_WIDE]
            org.districts.set([districts[d] for d in wanted])

    def _home_page(self):
        home = HomePage.objects.first()
        if home is None:
            root = Page.get_first_root_node() or self._root()
            # Wagtail's initial migration creates a placeholder "Welcome" page; replace it.
            for child in root.get_children():
                if child.specific_class is Page:
                    Site.objects.filter(root_page=child).delete()
                    child.delete()
            home = HomePage(title="Home", slug="home", intro=demo_data.HOME_INTRO)
            root.add_child(instance=home)
        links = []
        rebuild = False
        for slug, title, description, *url in demo_data.QUICK_LINKS:
            page = Page.objects.child_of(home).filter(slug=slug).first()
            if url:
                # The door leads to an app's own pages (mounted before Wagtail's); a placeholder
                # page left by an older seed would be unreachable, so it goes.
                if page is not None:
                    page.delete()
                    rebuild = True
                links.append(("link", {"title": title, "description": description, "url": url[0]}))
                continue
            if page is None:
                page = ContentPage(
                    title=title,
                    slug=slug,
                    summary=description,
                    body=[("paragraph", "<p>Coming soon.</p>")],
                )
                home.add_child(instance=page)
            links.append(
                ("link", {"title": title, "description": description, "page": page.specific})
            )
        # Rebuild when a door's target changed (e.g. a placeholder page replaced by an app's URL).
        current = [(b.value["title"], b.value.get("url") or "") for b in home.quick_links]
        wanted = [(v["title"], v.get("url") or "") for _, v in links]
        if current != wanted or rebuild:
            home.quick_links = links
            home.save_revision().publish()
        return home

    def _newsletters(self, home):
        """The archive, one demo issue (created once, never overwritten) and the approval
        workflow: "Newsletter approvers" (the coordinators) approve every issue under the index."""
        from django.contrib.auth.models import Group, Permission
        from wagtail.models import (
            GroupApprovalTask,
            GroupPagePermission,
            Workflow,
            WorkflowPage,
            WorkflowTask,
        )

        from newsletters.blocks import NewsletterStreamBlock
        from newsletters.models import NewsletterIndexPage, NewsletterPage

        index = NewsletterIndexPage.objects.child_of(home).first()
        if index is None:
            index = NewsletterIndexPage(**demo_data.NEWSLETTER_INDEX)
            home.add_child(instance=index)
            index.save_revision().publish()
        issue = demo_newsletter_dated()
        if not NewsletterPage.objects.child_of(index).filter(slug=issue["slug"]).exists():
            raw = json.loads(json.dumps(issue["body"]).replace('"{home}"', str(home.pk)))
            page = NewsletterPage(
                **{k: v for k, v in issue.items() if k != "body"},
                body=NewsletterStreamBlock().to_python(raw),
            )
            index.add_child(instance=page)
            page.save_revision().publish()

        approvers, _ = Group.objects.get_or_create(name=demo_data.NEWSLETTER_APPROVERS_GROUP)
        approvers.permissions.add(Permission.objects.get(codename="access_admin"))
        for codename in ("change_page", "publish_page"):
            GroupPagePermission.objects.get_or_create(
                group=approvers,
                page=index,
                permission=Permission.objects.get(
                    content_type__app_label="wagtailcore", codename=codename
                ),
            )
        approvers.user_set.add(*get_user_model().objects.filter(groups__name="Coordinators"))
        coordinators, _ = Group.objects.get_or_create(name="Coordinators")
        coordinators.permissions.add(
            Permission.objects.get(
                content_type__app_label="sending", codename="can_send_newsletters"
            )
        )
        task = GroupApprovalTask.objects.filter(name=demo_data.NEWSLETTER_WORKFLOW).first()
        if task is None:
            task = GroupApprovalTask.objects.create(name=demo_data.NEWSLETTER_WORKFLOW)
        task.groups.add(approvers)
        workflow, _ = Workflow.objects.get_or_create(name=demo_data.NEWSLETTER_WORKFLOW)
        WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
        WorkflowPage.objects.get_or_create(page=index, defaults={"workflow": workflow})

    def _partner_pages(self, home):
        """Partner-only materials (the CTLP summary) behind a login or a personal link."""
        from cms.demo_hub import seed_partner_pages

        seed_partner_pages(home)

    def _footer(self, site, home):
        """Footer links to the privacy notice and accessibility statement, unless an editor
        has set footer links of their own."""
        from cms.demo_hub import seed_footer_pages

        pages = seed_footer_pages(home)
        settings = PartnershipSettings.objects.get(site=site)
        if not len(settings.footer_links):
            settings.footer_links = [
                ("link", {"title": page.title, "page": page, "url": ""}) for page in pages
            ]
            settings.save()

    def _hub(self, home):
        # The information hub: pages, materials, editors' groups and workflow.
        from cms.demo_hub import seed_hub

        seed_hub(home)

    def _root(self):
        # A database flushed by tests (or emptied by hand) has no tree root and no locale.
        from django.conf import settings
        from django.utils.translation import get_supported_language_variant
        from wagtail.models import Locale

        Locale.objects.get_or_create(
            language_code=get_supported_language_variant(settings.LANGUAGE_CODE)
        )
        return Page.add_root(instance=Page(title="Root", slug="root", draft_title="Root"))

    def _site(self, home):
        from core.sites import site_address, sync_default_site

        site = Site.objects.filter(is_default_site=True).first()
        if site is None:
            hostname, port = site_address()  # links on the site and in emails agree (SITE_URL)
            return Site.objects.create(
                hostname=hostname,
                port=port,
                root_page=home,
                is_default_site=True,
                site_name=demo_data.PARTNERSHIP["name"],
            )
        if site.root_page_id != home.pk:
            site.root_page = home
            site.save()
        sync_default_site()
        site.refresh_from_db()
        return site
