"""Triage views, mounted under /admin/alerts/ by wagtail_hooks."""

from django.urls import path

from .views import triage

app_name = "alerts_admin"

urlpatterns = [
    path("", triage.inbox, name="inbox"),
    path("export.csv", triage.export, name="export"),
    path("reports/<int:pk>/", triage.report_detail, name="report"),
    path("reports/<int:pk>/<str:name>/", triage.change, name="change"),
    path("attachments/<int:pk>/", triage.download, name="download"),
    path("send-alert/<int:page_id>/", triage.send_alert_view, name="send_alert"),
]
