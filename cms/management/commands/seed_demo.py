from django.core.management.base import BaseCommand
from django.db import transaction
from wagtail.models import Page, Site

from alerts.demo import seed_alerts_demo
from cms import demo_data
from cms.models import Acronym, ContentPage, HomePage, PartnershipSettings
from networks.models import District, Organisation


class Command(BaseCommand):
    help = "Load the demo partnership (idempotent: running it again changes nothing)."

    @transaction.atomic
    def handle(self, *args, **options):
        districts = self._districts()
        self._organisations(districts)
        for term, expansion in demo_data.ACRONYMS:
            Acronym.objects.update_or_create(term=term, defaults={"expansion": expansion})
        home = self._home_page()
        site = self._site(home)
        PartnershipSettings.objects.update_or_create(site=site, defaults=demo_data.PARTNERSHIP)
        seed_alerts_demo(home, districts)
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
        for slug, title, description in demo_data.QUICK_LINKS:
            if slug in demo_data.QUICK_LINK_URLS:
                # Served by an app's views (e.g. /report/): no placeholder page, and any left
                # from an earlier seed goes.
                for old in ContentPage.objects.child_of(home).filter(slug=slug):
                    old.delete()
                    home.refresh_from_db()  # its tree counters changed
                url = demo_data.QUICK_LINK_URLS[slug]
                links.append(
                    ("link", {"title": title, "description": description, "page": None, "url": url})
                )
                continue
            page = Page.objects.child_of(home).filter(slug=slug).first()
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
        if len(home.quick_links) == 0 or self._points_at_old_placeholder(home):
            home.quick_links = links
            home.save_revision().publish()
        return home

    def _points_at_old_placeholder(self, home):
        """True when a URL quick link still points at a (now deleted) placeholder page."""
        titles = {
            title: demo_data.QUICK_LINK_URLS[slug]
            for slug, title, _ in demo_data.QUICK_LINKS
            if slug in demo_data.QUICK_LINK_URLS
        }
        return any(
            block.value["title"] in titles and block.value["url"] != titles[block.value["title"]]
            for block in home.quick_links
        )

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
        site = Site.objects.filter(is_default_site=True).first()
        if site is None:
            return Site.objects.create(
                hostname="localhost",
                port=80,
                root_page=home,
                is_default_site=True,
                site_name=demo_data.PARTNERSHIP["name"],
            )
        if site.root_page_id != home.pk:
            site.root_page = home
            site.save()
        return site
