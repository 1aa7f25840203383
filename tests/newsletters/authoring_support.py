"""Fixtures and builders for the newsletter authoring tests (imported by test_authoring*,
test_rendering* and the browser test)."""

import datetime
from html.parser import HTMLParser

import pytest

from newsletters.blocks import NewsletterStreamBlock
from newsletters.models import NewsletterIndexPage, NewsletterPage
from tests.support.people import make_person


@pytest.fixture
def archive(demo_site):
    """The seeded "Newsletters" index, with its approval workflow."""
    return NewsletterIndexPage.objects.get()


@pytest.fixture
def demo_issue(archive):
    return NewsletterPage.objects.child_of(archive).get()


@pytest.fixture
def editor(db, django_user_model):
    """A content editor (Wagtail's Editors group): edits pages, may not send newsletters."""
    return make_person("eddie.editor", "Editors", email="eddie@example.org", first_name="Eddie")


@pytest.fixture
def admin_reader(db, django_user_model):
    """Somebody who may open the admin but edit no page at all."""
    return make_person("reader", perms=["access_admin"])


def make_issue(
    archive,
    title="Spring update",
    *,
    body=(),
    publish=True,
    show_in_archive=True,
    issue_date=datetime.date(2016, 4, 1),
    kind=NewsletterPage.Kind.QUARTERLY,
    user=None,
):
    """An issue under `archive`; `body` is raw StreamField data ([{"type":…, "value":…}])."""
    page = NewsletterPage(
        title=title,
        live=False,
        kind=kind,
        issue_date=issue_date,
        summary=f"Summary of {title}.",
        show_in_archive=show_in_archive,
        body=NewsletterStreamBlock().to_python(list(body)),
    )
    archive.add_child(instance=page)
    revision = page.save_revision(user=user)
    if publish:
        revision.publish(user=user)
    page.refresh_from_db()
    return page


def submit_and_approve(page, submitter, approver):
    """Run the page's workflow as the admin would: submit the latest revision, approve it."""
    page.save_revision(user=submitter)
    state = page.get_workflow().start(page, submitter)
    state.current_task_state.approve(user=approver)
    page.refresh_from_db()
    return state


class LinkCollector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs: list[str] = []
        self.srcs: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and attrs.get("href"):
            self.hrefs.append(attrs["href"])
        if tag == "img" and attrs.get("src"):
            self.srcs.append(attrs["src"])


def links_in(html: str) -> LinkCollector:
    collector = LinkCollector()
    collector.feed(html)
    return collector
