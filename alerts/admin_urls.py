"""Triage views, mounted under /admin/alerts/ by wagtail_hooks."""

from django.urls import path

from .views import sending, triage

app_name = "alerts_admin"

urlpatterns = [
    path("", triage.inbox, name="inbox"),
    path("export.csv", triage.export, name="export"),
    path("reports/<int:pk>/", triage.report_detail, name="report"),
    path("reports/<int:pk>/<str:name>/", triage.change, name="change"),
    path("attachments/<int:pk>/", triage.download, name="download"),
    path("send-alert/<int:page_id>/", sending.send_alert_view, name="send_alert"),
    path("send-alert/<int:page_id>/preview/", sending.preview_alert_view, name="preview_alert"),
    path("send-alert/<int:page_id>/test/", sending.test_alert_view, name="test_alert"),
]
