"""Triage views, mounted under /admin/alerts/ by wagtail_hooks."""

from django.urls import path
from django.views.decorators.cache import never_cache

from .views import sending, triage
from .views.guards import responder_required
from .views.inbox import InboxView

app_name = "alerts_admin"


def _inbox(**initkwargs):
    return never_cache(responder_required(InboxView.as_view(**initkwargs)))


urlpatterns = [
    path("", _inbox(), name="inbox"),
    path("results/", _inbox(results_only=True), name="inbox_results"),
    # The CSV download under the address it always had; ?export=csv|xlsx on the inbox is the same.
    path("export.csv", _inbox(export_format="csv"), name="export"),
    path("reports/<int:pk>/", triage.report_detail, name="report"),
    path("reports/<int:pk>/<str:name>/", triage.change, name="change"),
    path("attachments/<int:pk>/", triage.download, name="download"),
    path("send-alert/<int:page_id>/", sending.send_alert_view, name="send_alert"),
    path("send-alert/<int:page_id>/preview/", sending.preview_alert_view, name="preview_alert"),
    path("send-alert/<int:page_id>/test/", sending.test_alert_view, name="test_alert"),
    path("send-alert/<int:page_id>/again/", sending.resend_alert_view, name="resend_alert"),
]
