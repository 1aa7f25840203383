"""Personal access to partner-only pages for contacts, who have no account.

A partner-only page is a Wagtail page with a "private, signed-in users" view restriction (the
Alerts index and everything under it; a hub material marked so), or a Django view decorated with
`partner_access_required`. Staff open them with their Wagtail login, as before. A contact opens
them through a personal link (`partner_link_url`): a signed, expiring, single-purpose token
("partner", networks.tokens) naming the contact and the page. Following it marks the browser
session as that contact's (`grant_partner_access`) until the session ends or the contact's
address changes; `partner_viewer(request)` answers who is reading.

An expired or forged link shows a page that explains it and offers a fresh link by email
(`send_fresh_partner_link`): the answer is the same whether or not the address is known.
"""

from functools import wraps
from urllib.parse import urlsplit

from django.conf import settings
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers
from django.utils.http import url_has_allowed_host_and_scheme
from wagtail import hooks

from core.links import BadLink

from .models import Contact
from .tokens import MAX_AGE, fingerprint, link_kind, make_contact_token, read_contact_token

PURPOSE = "partner"
SESSION_KEY = "networks.partner_access"


def local_path(url: str) -> str:
    """The path (and query) of `url` when it is on this site, else "/"."""
    if not url:
        return "/"
    parts = urlsplit(url)
    site = urlsplit(settings.SITE_URL)
    if parts.netloc and parts.netloc != site.netloc:
        return "/"
    path = parts.path or "/"
    if parts.query:
        path = f"{path}?{parts.query}"
    if not path.startswith("/") or path.startswith("//"):
        return "/"
    return path


def partner_link_url(contact: Contact, url: str) -> str:
    """A personal link that opens `url` (a partner-only page of this site) for `contact`,
    without an account, for MAX_AGE["partner"]."""
    token = make_contact_token(contact, PURPOSE, n=local_path(url))
    return f"{settings.SITE_URL}/partners/open/{token}/"


def read_partner_link(token: str) -> tuple[Contact, str]:
    """(contact, the path the link opens) for a valid partner link; raises BadLink ("expired" or
    "invalid") for an expired, forged or other-purpose token, or one whose contact's address
    changed or was erased."""
    contact, payload = read_contact_token(token, PURPOSE)
    if not Contact.objects.mailable().filter(pk=contact.pk).exists():
        raise BadLink("invalid")
    path = payload.get("n") or "/"
    if not url_has_allowed_host_and_scheme(path, allowed_hosts=None) or not path.startswith("/"):
        path = "/"
    return contact, path


def expired_link_path(token: str) -> str:
    """The page an expired (but genuine) partner link was for, so the fresh one opens it too;
    "/" for anything else. Opens nothing itself."""
    try:
        payload = link_kind(PURPOSE).read(token, max_age=None)
    except BadLink:
        return "/"
    return local_path(str(payload.get("n") or "/"))


def grant_partner_access(request, contact: Contact) -> None:
    """Remember in the session that this browser reads as `contact` (a new session key, so a
    session id seen before the link was followed opens nothing)."""
    request.session.cycle_key()
    request.session[SESSION_KEY] = {"c": contact.pk, "f": fingerprint(contact)}


def partner_contact(request) -> Contact | None:
    """The contact this browser session reads as, if any and still valid."""
    session = getattr(request, "session", None)
    data = session.get(SESSION_KEY) if session is not None else None
    if not isinstance(data, dict):
        return None
    contact = Contact.objects.mailable().filter(pk=data.get("c")).first()
    if contact is None or fingerprint(contact) != data.get("f"):
        return None
    return contact


def partner_viewer(request):
    """Who may read partner-only pages on this request: the signed-in staff user, else the
    contact of a personal link followed in this session, else None."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated and user.is_active:
        return user
    return partner_contact(request)


def private(response):
    """Partner pages and link pages: never cached, never indexed."""
    add_never_cache_headers(response)
    response["Cache-Control"] = "private, no-store, max-age=0"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def sign_in_needed(request, status=403):
    """The page shown instead of a partner-only page to someone who may not read it yet: staff
    sign in; partners ask for their personal link by email."""
    from .forms import FreshPartnerLinkForm, StaffSignInForm

    context = {
        "form": FreshPartnerLinkForm(initial={"next": request.get_full_path()}),
        "staff_form": StaffSignInForm(request),
        "next": request.get_full_path(),
        "days": MAX_AGE[PURPOSE].days,
    }
    return private(render(request, "networks/partners/login.html", context, status=status))


@hooks.register("before_serve_page", order=-10)
def serve_partner_only_page_to_partner(page, request, serve_args, serve_kwargs):
    """Wagtail lets only signed-in users through a login restriction; a contact who followed
    their personal link in this session may read the page too. Anything else (password or
    group restrictions, staff, the public) goes on to Wagtail's own checks."""
    if request.user.is_authenticated or SESSION_KEY not in getattr(request, "session", {}):
        return None  # the usual case costs no query
    restrictions = list(page.get_view_restrictions())
    if not restrictions or any(r.restriction_type != "login" for r in restrictions):
        return None
    contact = partner_contact(request)
    if contact is None:
        return None
    request.partner = contact
    return private(page.serve(request, *serve_args, **serve_kwargs))


def partner_access_required(view):
    """Decorate a view that only partners and staff may see: `request.partner` is the staff user
    or the contact; anyone else gets the sign-in page (staff login, or a personal link by
    email). The response is never cached."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        viewer = partner_viewer(request)
        if viewer is None:
            return sign_in_needed(request)
        request.partner = viewer
        return private(view(request, *args, **kwargs))

    return wrapped


def request_fresh_partner_link(email: str, path: str) -> None:
    """Someone asked for a fresh link on the public form: promise the work (the same INSERT and
    enqueue for every address, so the answer's timing tells nothing); `send_fresh_partner_link`
    runs once, in the worker, or from beat's sweep if the broker was down."""
    from django.db import transaction

    from core.queue import promise_on_commit

    from .tasks import send_fresh_partner_link_task

    with transaction.atomic():
        promise_on_commit(send_fresh_partner_link_task, email[:254], path[:500])


def send_fresh_partner_link(email: str, path: str) -> None:
    """Email a fresh personal link to `path` to the contact with `email`, if there is one that
    may be mailed and it has had fewer than NETWORKS_PARTNER_LINKS_PER_HOUR this hour; nothing
    otherwise. Callers answer the same either way."""
    from django.template.loader import render_to_string
    from django.utils.module_loading import import_string

    from core.partnership import partnership
    from core.ratelimit import address_hit

    from .models.contacts import normalise_email

    contact = Contact.objects.mailable().filter(email=normalise_email(email)).first()
    if contact is None:
        return
    if address_hit(
        "networks:partner-link", contact.email, settings.NETWORKS_PARTNER_LINKS_PER_HOUR
    ):
        return
    context = {
        "first_name": contact.first_name,
        "partnership": partnership().name or settings.WAGTAIL_SITE_NAME,
        "url": partner_link_url(contact, path),
        "days": MAX_AGE[PURPOSE].days,
    }
    import_string(settings.CONTACT_MAILER)(
        contact=contact,
        subject=f"Your link to {context['partnership']}'s partner pages",
        html=render_to_string("networks/email/partner_link.html", context),
        text=render_to_string("networks/email/partner_link.txt", context),
        source="networks.partner_link",
    )
