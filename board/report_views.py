"""The board's own screens for changing a published report: withdrawing it, so a corrected
version can replace it. Coordinators and the board workflow's approvers only (404 otherwise)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse

from .access import require_board_pages
from .actions import ReportNotPublishable, withdraw_report
from .models import ReportSnapshot


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label="Why is this report withdrawn?",
        help_text="The board reads this beside the withdrawn version, e.g. “The training "
        "figures for Rugby counted one course twice.”",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
    )


def _current_snapshot_for_user(user, pk) -> ReportSnapshot:
    require_board_pages(user)
    snapshot = ReportSnapshot.objects.filter(pk=pk).select_related("page").first()
    if snapshot is None:
        raise Http404
    return snapshot


def withdraw(request, pk):
    snapshot = _current_snapshot_for_user(request.user, pk)
    form = WithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        # Withdrawn already (another tab, another person)? `withdraw_report` says by whom and
        # why, and gives back the reason typed here.
        try:
            withdraw_report(snapshot, request.user, form.cleaned_data["reason"])
        except ReportNotPublishable as exc:
            messages.error(request, str(exc))
            snapshot.refresh_from_db()
        else:
            messages.success(
                request,
                f"“{snapshot.title}” is withdrawn. Correct the report, say what the correction "
                "changes, and publish it: the board will read the corrected version.",
            )
            return redirect(reverse("wagtailadmin_pages:edit", args=[snapshot.page_id]))
    return render(
        request,
        "board/report_withdraw.html",
        {
            "page_title": f"Withdraw “{snapshot.title}”",
            "header_icon": "doc-full",
            "snapshot": snapshot,
            "form": form,
        },
    )
