"""Wagtail's page permissions, narrowed for the board's report pages.

- `BoardPagePermissionTester` (what `BoardReportPage.permissions_for_user` returns): nothing at
  all for anyone `board.access.can_work_on_board_pages` refuses; for the board's people, only the
  grants made on the board's folder or below it (a grant on the home page is for the hub's
  pages), and no publishing before the report's period has ended.
- `BoardAwarePagePolicy` (registered for `Page`): Wagtail's page policy, whose lists of pages a
  user may explore or act on leave the board's pages out for everyone else. Wagtail builds the
  explorer, the admin search, the admin API, the workflow and history reports from these lists.
"""

from __future__ import annotations

from wagtail.models import PagePermissionTester

from networks.partner_pages import PartnerPagePermissionPolicy

from .access import can_work_on_board_pages, without_board_pages


class BoardPagePermissionTester(PagePermissionTester):
    def __init__(self, user, page):
        super().__init__(user, page)
        self.allowed = can_work_on_board_pages(user)
        if page.depth is None:
            # A page being added is not in the tree yet: the add view checked its parent (the
            # board's folder, through the same tester); only the board's people get this far.
            if not self.allowed:
                self.permissions = set()
        elif user.is_active and not user.is_superuser:
            folder = _folder_path(page)
            self.permissions = (
                {
                    perm.permission.codename.rsplit("_", maxsplit=1)[0]
                    for perm in self.permission_policy.get_cached_permissions_for_user(user)
                    if page.path.startswith(perm.page.path) and perm.page.path.startswith(folder)
                }
                if self.allowed
                else set()
            )

    def _gate(name):
        def method(self, *args, **kwargs):
            return self.allowed and getattr(PagePermissionTester, name)(self, *args, **kwargs)

        method.__name__ = name
        return method

    can_add_subpage = _gate("can_add_subpage")
    can_edit = _gate("can_edit")
    can_delete = _gate("can_delete")
    can_unpublish = _gate("can_unpublish")
    can_submit_for_moderation = _gate("can_submit_for_moderation")
    can_set_view_restrictions = _gate("can_set_view_restrictions")
    can_unschedule = _gate("can_unschedule")
    can_lock = _gate("can_lock")
    can_unlock = _gate("can_unlock")
    can_publish_subpage = _gate("can_publish_subpage")
    can_reorder_children = _gate("can_reorder_children")
    can_move = _gate("can_move")
    can_copy = _gate("can_copy")
    can_move_to = _gate("can_move_to")
    can_copy_to = _gate("can_copy_to")
    can_view_revisions = _gate("can_view_revisions")
    del _gate

    def can_publish(self):
        """Never before the report's period has ended (`BoardReportPage.publishable_from`)."""
        if not (self.allowed and super().can_publish()):
            return False
        period_ended = getattr(self.page, "period_has_ended", None)
        return period_ended is None or period_ended()


def _folder_path(page) -> str:
    """The tree path of the board's folder the page is in (the page itself for the folder)."""
    from .models import BoardReportIndexPage

    depth = page.depth if isinstance(page, BoardReportIndexPage) else page.depth - 1
    return page.path[: depth * page.steplen]


class BoardAwarePagePolicy(PartnerPagePermissionPolicy):
    """The one page permission policy of the site: Wagtail's, without partner-only pages for
    staff who may not read them (networks) and without board pages for anyone outside the
    board's people. Registered once, here, because the registry keeps one policy per model."""

    def instances_user_has_any_permission_for(self, user, actions):
        pages = super().instances_user_has_any_permission_for(user, actions)
        return without_board_pages(pages, user)

    def explorable_instances(self, user):
        return without_board_pages(super().explorable_instances(user), user)
