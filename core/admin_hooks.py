"""One way for an app's `wagtail_hooks.py` to do what most of them do besides their own views: a
menu item offered only to the people its page lets in, and the app's permissions offered in
Wagtail's group editor. (Log codes have `core.log_codes.register_log_codes`.)"""

from django.contrib.auth.models import Permission
from django.db.models import Q
from wagtail import hooks
from wagtail.admin.menu import MenuItem


class MenuItemFor(MenuItem):
    """A menu item shown only to the users `shown_to(user)` accepts: give it the check its page
    makes, so nobody is offered a link that answers 404. `MenuItemFor.only_for(check)` is the
    class a viewset's `menu_item_class` wants."""

    shown_to = None

    def __init__(self, label, url, *, shown_to=None, **kwargs):
        super().__init__(label, url, **kwargs)
        if shown_to is not None:
            self.shown_to = shown_to

    def is_shown(self, request):
        return self.shown_to(request.user)

    @classmethod
    def only_for(cls, shown_to):
        """The subclass whose items are shown to the users `shown_to(user)` accepts."""
        return type(cls.__name__, (cls,), {"shown_to": staticmethod(shown_to)})


def register_permissions(*names: str) -> None:
    """Offer the permissions named `app_label.codename` in Wagtail's group editor (its
    `register_permissions` hook). Call it once per app, from the app's `wagtail_hooks.py`."""
    wanted = Q(pk__in=[])
    for name in names:
        app_label, codename = name.split(".")
        wanted |= Q(content_type__app_label=app_label, codename=codename)

    def permissions():
        return Permission.objects.filter(wanted)

    hooks.register("register_permissions", permissions)
