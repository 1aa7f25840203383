"""Small builders shared by the inbox tests."""

import re
import uuid

from alerts import actions
from alerts.models import Kind

RECEIPT_RE = re.compile(r"[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}")


def form_data(**overrides):
    data = {
        "kind": Kind.COMMUNITY_TENSION,
        "district": "unknown",
        "location": "Market square",
        "occurred": "Saturday evening",
        "description": "Leaflets blaming one group for local crime were handed out.",
        "submitter_name": "",
        "contact_email": "",
        "contact_phone": "",
        "website_url": "",
        "submission_key": str(uuid.uuid4()),
    }
    data.update(overrides)
    return data


def receipt_from(html: str) -> str:
    match = RECEIPT_RE.search(html)
    assert match, "no receipt code on the page"
    return match.group(0)


def make_report(district=None, kind=Kind.COMMUNITY_TENSION, **extra):
    """A report through the real action; returns (report, receipt)."""
    fields = {
        "kind": kind,
        "district": district,
        "description": "Graffiti targeting a community centre appeared overnight.",
        "location": "High Street",
    }
    fields.update(extra)
    return actions.submit_report(**fields)
