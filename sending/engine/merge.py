"""The merge fields the engine knows, each with its sample value, and the one sample recipient.

A merge field is written `{{ name }}` in a message's subject, HTML or text. The engine's own fields
(`BUILTIN_FIELDS`) are filled from the recipient's directory entry; an app adds its own with
`register_merge_field(name, sample, help, resolve=...)` at start-up (its `AppConfig.ready`), where
`resolve(send, contact_ids) -> {contact_id: value}` gives each recipient of a batch their value
(one query per batch, e.g. events' personal `rsvp_url`). A field not registered is not a merge
field: it is left exactly as written, so a typo shows in the preview.

Previews and test sends use `sample_values()`: the same made-up reader (Sam Sample, the first two
districts of the directory, Sample Organisation, sam.sample@example.org) everywhere, and links
that open a page saying they come from a sample message (`sample_link_url`).
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings

from core.links import BadLink, SignedLink

SAMPLE_SALT = "newsletters.sample-link"
# A sample link names a merge field (a string); it never expires, as it opens only an explanation.
SAMPLE_LINK = SignedLink(salt=SAMPLE_SALT, payload_type=str)
SAMPLE_FIRST_NAME = "Sam"
SAMPLE_FULL_NAME = "Sam Sample"
SAMPLE_ORGANISATION = "Sample Organisation"
SAMPLE_EMAIL = "sam.sample@example.org"

Resolver = Callable[[object, list[int]], dict[int, str]]


@dataclass(frozen=True)
class MergeField:
    """`sample` is the value previews and tests show (a string, or a callable returning one);
    `help` says in a few words what the field holds (shown on the sample-link page for links)."""

    name: str
    sample: str | Callable[[], str]
    help: str
    resolve: Resolver | None = None

    def sample_value(self) -> str:
        return self.sample() if callable(self.sample) else self.sample


_registry: dict[str, MergeField] = {}


def register_merge_field(name: str, sample, help: str, *, resolve: Resolver | None = None):  # noqa: A002
    """Make `{{ name }}` a merge field of every message. Registering the same name again
    replaces it (an app's `ready()` may run twice in tests). Raises ValueError for a name that
    is not an identifier."""
    if not name.isidentifier():
        raise ValueError(f"{name!r} cannot be a merge field name")
    field = MergeField(name, sample, help, resolve)
    _registry[name] = field
    return field


def merge_fields() -> dict[str, MergeField]:
    """Every registered field by name (the engine's own first)."""
    return dict(_registry)


def is_merge_field(name: str) -> bool:
    return name in _registry


def sample_link_url(name: str) -> str:
    """A link that opens the page explaining it came from a sample message, for field `name`."""
    token = SAMPLE_LINK.make(name)
    return f"{settings.SITE_URL}/sample-link/{token}/"


def read_sample_link(token: str) -> MergeField | None:
    """The field a sample link stands for; None for a link that is not one of ours."""
    try:
        name = SAMPLE_LINK.read(token)
    except BadLink:
        return None
    return _registry.get(name)


def sample_link(name: str) -> Callable[[], str]:
    """The `sample` of a link field: its sample link, made when asked (SITE_URL may change)."""
    return lambda: sample_link_url(name)


def describe_recipient(full_name: str, organisation: str, districts: str, email: str = "") -> str:
    """ "Sam Smith, Rugby School · Your districts: Rugby", built from the parts that are not
    empty, so a missing organisation leaves no stray comma."""
    who = ", ".join(part for part in (full_name or email, organisation) if part)
    parts = [who] if who else []
    if districts:
        parts.append(f"Your districts: {districts}")
    return " · ".join(parts)


def _sample_districts() -> str:
    from networks.models import District

    names = District.objects.order_by("sort_order", "name").values_list("name", flat=True)[:2]
    return ", ".join(names) or "All districts"


def sample_values(*, view_in_browser_url: str = "") -> dict[str, str]:
    """The one sample reader, as merge values: every registered field filled, links leading to
    the sample page (the "view in browser" link to `view_in_browser_url` when given)."""
    values = {name: field.sample_value() for name, field in _registry.items()}
    if view_in_browser_url:
        # A test of a partner-only message opens the page itself (the tester is staff).
        values["view_in_browser_url"] = values["partner_url"] = view_in_browser_url
    return values


def _partner_urls(send, contact_ids: list[int]) -> dict[int, str]:
    """Each recipient's personal, signed, expiring link to the send's (partner-only) page;
    signed only for a message that uses `{{ partner_url }}`."""
    from networks.models import Contact
    from networks.partner_access import partner_link_url

    url = getattr(send, "view_in_browser_url", "")
    if not url:
        return {}
    return {c.pk: partner_link_url(c, url) for c in Contact.objects.filter(pk__in=contact_ids)}


BUILTIN_FIELDS = (
    register_merge_field("first_name", SAMPLE_FIRST_NAME, "the reader's first name"),
    register_merge_field("full_name", SAMPLE_FULL_NAME, "the reader's full name"),
    register_merge_field("organisation", SAMPLE_ORGANISATION, "the reader's organisation"),
    register_merge_field("districts", _sample_districts, "the reader's districts"),
    register_merge_field(
        "recipient_details",
        lambda: describe_recipient(SAMPLE_FULL_NAME, SAMPLE_ORGANISATION, _sample_districts()),
        "who the copy is for: name, organisation and districts, as far as they are known",
    ),
    register_merge_field("email", SAMPLE_EMAIL, "the reader's address"),
    register_merge_field(
        "preferences_url", sample_link("preferences_url"), "the reader's own preference centre"
    ),
    register_merge_field(
        "unsubscribe_url",
        sample_link("unsubscribe_url"),
        "the page where the reader unsubscribes from this kind of message",
    ),
    register_merge_field(
        "view_in_browser_url",
        lambda: settings.SITE_URL + "/",
        "the message on the public site",
    ),
    register_merge_field(
        "partner_url",
        sample_link("partner_url"),
        "the reader's own link to the message's partner-only page",
        resolve=_partner_urls,
    ),
)
