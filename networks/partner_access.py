"""Who may read partner-only pages, and personal partner links for contacts without an account.

A partner-only page is a Wagtail page under a "partners only" view restriction
(networks.partner_pages), or a Django view decorated with `partner_access_required` (the action
plan). `partner_viewer(request)` says who reads it, and admits exactly two kinds of reader:

- a contact the partnership counts as a partner (`Contact.objects.partners()`: their organisation
  or a network they currently belong to is marked "partner"), who followed a personal link
  (`partner_link_url`) in this browser session: a signed, expiring, single-purpose token
  ("partner", networks.tokens) naming the contact and the page. Following it marks the session as
  that contact's (`grant_partner_access`) until the session ends, the contact's address changes,
  or they stop being a partner;
- a staff account whose role sees partner data (`staff_sees_partner_pages`: the directory's
  coordinators and district leads, the inbox's responders and police team, through the
  `sees_partner_pages` hook) whose session has passed two-factor (`partner_staff`).

A password alone opens nothing; any other account gets the stranger's answer. An expired or
forged link shows a page that explains it and offers a fresh link by email
(`send_fresh_partner_link`): the answer is the same whether or not the address is a partner's.
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
STAFF_HOOK = "sees_partner_pages"


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
    changed or was erased, who may not be mailed, or who is no longer a partner."""
    contact, payload = read_contact_token(token, PURPOSE)
    if not partner_contacts().filter(pk=contact.pk).exists():
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


def partner_contacts():
    """Contacts who may hold a personal partner link: partners who may be mailed."""
    return Contact.objects.mailable().partners()


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
    contact = partner_contacts().filter(pk=data.get("c")).first()
    if contact is None or fingerprint(contact) != data.get("f"):
        return None
    return contact


def staff_sees_partner_pages(user) -> bool:
    """Whether `user`'s role sees partner data, so that (with two-factor) they may read partner
    pages: yes when any `sees_partner_pages` hook says so (the directory's coordinators and
    district leads, the inbox's responders and police team). Editors, approvers, board members
    and accounts with no role: no. A superuser passes as the directory's coordinator."""
    if not (user and user.is_authenticated and user.is_active):
        return False
    cached = getattr(user, "_networks_sees_partner_pages", None)
    if cached is None:
        cached = any(check(user) for check in hooks.get_hooks(STAFF_HOOK))
        user._networks_sees_partner_pages = cached
    return cached


def reads_partner_pages(user) -> bool:
    """Whether `user` (a request's user) is staff whose role sees partner data and whose session
    passed two-factor (`is_verified`, set on the request's user by django_otp's OTPMiddleware)."""
    if not staff_sees_partner_pages(user):
        return False
    verified = getattr(user, "is_verified", None)
    return verified is not None and bool(verified())


def partner_staff(request):
    """The signed-in user if they `reads_partner_pages`, else None."""
    user = getattr(request, "user", None)
    return user if reads_partner_pages(user) else None


def partner_viewer(request):
    """Who may read partner-only pages on this request: a partner staff user signed in with
    two-factor, else the partner contact of a personal link followed in this session, else
    None (a password alone, or an account without such a role, counts for nothing)."""
    return partner_staff(request) or partner_contact(request)


def private(response):
    """Partner pages and link pages: never cached, never indexed."""
    add_never_cache_headers(response)
    response["Cache-Control"] = "private, no-store, max-age=0"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def sign_in_needed(request, next_path=None, status=403):
    """The partners' sign-in page, shown instead of a partner-only view to anyone it does not
    admit, signed in or not: partners ask for their personal link by email; staff go through
    the admin's sign-in with two-factor."""
    from .forms import FreshPartnerLinkForm

    next_path = request.get_full_path() if next_path is None else next_path
    context = {
        "form": FreshPartnerLinkForm(initial={"next": next_path}),
        "next": next_path,
        "days": MAX_AGE[PURPOSE].days,
    }
    return private(render(request, "networks/partners/login.html", context, status=status))


def partner_access_required(view):
    """Decorate a view that only partners may see: `request.partner` is the partner staff user
    or the contact (`partner_viewer`); anyone else, signed in or not, gets the sign-in page (a
    personal link by email, or staff sign-in with two-factor). The response is never cached."""

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
    is a partner, may be mailed and has had fewer than NETWORKS_PARTNER_LINKS_PER_HOUR this hour;
    nothing otherwise. Callers answer the same either way."""
    from django.template.loader import render_to_string
    from django.utils.module_loading import import_string

    from core.partnership import partnership
    from core.ratelimit import address_hit

    from .models.contacts import normalise_email

    contact = partner_contacts().filter(email=normalise_email(email)).first()
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
