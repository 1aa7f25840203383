from django.urls import path

from .admin import PreviewEmailView, SendTestView
from .sends import (
    SendActionView,
    SendListView,
    SendProgressView,
    SendReportView,
    SendToSegmentsView,
)

app_name = "newsletters_admin"
urlpatterns = [
    path("<int:page_id>/email/", PreviewEmailView.as_view(), name="preview_email"),
    path("<int:page_id>/email/test/", SendTestView.as_view(), name="send_test"),
    path("<int:page_id>/send/", SendToSegmentsView.as_view(), name="send_to_segments"),
    path("sends/", SendListView.as_view(), name="sends"),
    path("sends/results/", SendListView.as_view(results_only=True), name="sends_results"),
    path("sends/<int:pk>/", SendReportView.as_view(), name="send_report"),
    path("sends/<int:pk>/progress/", SendProgressView.as_view(), name="send_progress"),
    path("sends/<int:pk>/<slug:action>/", SendActionView.as_view(), name="send_action"),
]
