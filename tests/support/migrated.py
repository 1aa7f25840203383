"""What the migrations make and a live-server test's flush empties, made again on demand.

A transactional (live-server) test ends by emptying every table, so the next one starts without
the tree's root, the root collection and the role groups' permissions that a migrated database
has. The builders that need them call these, so a test sees the same thing wherever it runs in
the process (first, or after a flush)."""

from django.conf import settings
from django.utils.translation import get_supported_language_variant
from wagtail.models import Collection, Locale, Page


def root_page():
    """The tree's root (made again after a transactional test emptied the database)."""
    Locale.objects.get_or_create(
        language_code=get_supported_language_variant(settings.LANGUAGE_CODE)
    )
    return Page.get_first_root_node() or Page.add_root(
        instance=Page(title="Root", slug="root", draft_title="Root")
    )


def role_groups():
    """Every role's group with the permissions its migration gives (cms.roles_setup), on the
    root page and root collection as a migrated site has them."""
    from cms.roles_setup import grant_role_permissions

    root_page()
    Collection.get_first_root_node() or Collection.add_root(name="Root")
    grant_role_permissions()
