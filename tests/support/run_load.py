"""Set-up for the load on a running `make run`, run inside it by `manage.py shell` (its database):
see tests/cms/test_run_on_sqlite.py. Prints one JSON line with what the test needs."""

import json

from django.contrib.auth import get_user_model
from django_otp.plugins.otp_totp.models import TOTPDevice
from wagtail.models import Page

from cms.models import GlossaryPage, MaterialsLibraryPage, PartnerListPage
from newsletters.models import NewsletterPage
from tests.newsletters.authoring_support import submit_and_approve
from tests.support.sending import make_audience
from tests.support.two_factor import KNOWN_KEY

AUDIENCE = 1000
SEGMENT = "Load test readers"


def prepare() -> None:
    """A 1,000-reader segment, the demo issue approved through its workflow, the coordinator's
    authenticator (the known key) and the hub pages the coordinator will publish."""
    coordinator = get_user_model().objects.get(username="coordinator")
    TOTPDevice.objects.get_or_create(
        user=coordinator, name="phone", defaults={"key": KNOWN_KEY, "confirmed": True}
    )
    segment = make_audience(AUDIENCE, prefix="reader", segment_name=SEGMENT)
    issue = NewsletterPage.objects.live().first()
    submit_and_approve(issue, coordinator, coordinator)
    # The hub's pages whose edit form is plain fields (a StreamField's form is built by the
    # admin's JavaScript, which this test's HTTP client does not run).
    to_publish = (
        Page.objects.live()
        .public()
        .type(GlossaryPage, MaterialsLibraryPage, PartnerListPage)
        .order_by("path")
    )
    print(  # noqa: T201  (read by the test)
        json.dumps(
            {
                "segment": segment.pk,
                "issue": issue.pk,
                "pages": [[page.pk, page.url] for page in to_publish],
            }
        )
    )
