"""Wagtail's page views for the board's pages (its folder and its reports), registered as page
viewsets so every URL Wagtail has for a page — edit, drafts, previews, revisions, history, add,
copy, move, delete, unpublish, workflow actions, locks, the folder's listing — answers the
board's people only: anyone `board.access.can_work_on_board_pages` refuses gets a 404 before
Wagtail reads the page. Publishing (and approving, which publishes) waits for the period's end;
two publishes of one report run one after the other (`board.actions.lock_report`), and a publish
from a page loaded before another version was published is saved as a draft, not published."""

from __future__ import annotations

from functools import wraps

from django.contrib import messages
from django.db import transaction
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from wagtail.admin.views.pages.edit import EditView
from wagtail.admin.views.pages.unpublish import UnpublishView
from wagtail.admin.views.pages.workflow import WorkflowActionView
from wagtail.admin.viewsets.pages import PageViewSet

from .access import require_board_pages
from .actions import ReportNotPublishable, check_not_overtaken, check_publishable, lock_report
from .models import BoardReportIndexPage, BoardReportPage

# Approving a board report is publishing it: its workflow has one step, whose approval publishes.
PUBLISHING_ACTIONS = {"approve"}


class BoardReportEditView(EditView):
    def dispatch(self, request, page_id, **kwargs):
        if request.method != "POST":
            return super().dispatch(request, page_id, **kwargs)
        # Locked before Wagtail reads the page, so a publish that waited sees the one before it.
        with transaction.atomic():
            lock_report(page_id)
            return super().dispatch(request, page_id, **kwargs)

    def form_valid(self, form):
        publishing = self.action_name == "publish" or (
            self.action_name == "perform_workflow_action"
            and self.workflow_action in PUBLISHING_ACTIONS
        )
        if publishing:
            try:
                check_publishable(form.instance)
                if self.is_out_of_date:  # another tab or person changed the page meanwhile
                    check_not_overtaken(form.instance)
            except ReportNotPublishable as exc:
                messages.error(self.request, f"Not published: {exc}")
                self.has_content_changes = form.has_changed()
                return self.save_action()
        return super().form_valid(form)


class BoardReportWorkflowActionView(WorkflowActionView):
    def post(self, request, *args, **kwargs):
        with transaction.atomic():
            lock_report(self.object.pk)
            self.task_state.refresh_from_db()  # read before the lock: another may have acted
            if self.action_name in PUBLISHING_ACTIONS:
                try:
                    check_publishable(self.object.specific)
                except ReportNotPublishable as exc:
                    messages.error(request, f"Not approved: {exc}")
                    edit_url = reverse("wagtailadmin_pages:edit", args=[self.object.pk])
                    if request.headers.get("x-requested-with") == "XMLHttpRequest":
                        return JsonResponse({"step": "success", "redirect": edit_url})
                    return redirect(edit_url)
            return super().post(request, *args, **kwargs)


class BoardReportUnpublishView(UnpublishView):
    """A published report leaves the board's hands by withdrawal (kept, marked, correctable),
    never by a bare unpublish that would leave the board reading it."""

    def dispatch(self, request, *args, **kwargs):
        snapshot = getattr(self.object, "current_snapshot", lambda: None)()
        if snapshot is not None:
            return redirect("board_admin:withdraw", snapshot.pk)
        return super().dispatch(request, *args, **kwargs)


class BoardPageViewSet(PageViewSet):
    """Every view of the viewset answers 404 to anyone but the board's people."""

    def construct_view(self, view_class, **kwargs):
        view = super().construct_view(view_class, **kwargs)

        @wraps(view)
        def board_people_only(request, *args, **kw):
            require_board_pages(request.user)
            return view(request, *args, **kw)

        return board_people_only


class BoardReportIndexPageViewSet(BoardPageViewSet):
    model = BoardReportIndexPage


class BoardReportPageViewSet(BoardPageViewSet):
    model = BoardReportPage
    edit_view_class = BoardReportEditView
    workflow_action_view_class = BoardReportWorkflowActionView
    unpublish_view_class = BoardReportUnpublishView
