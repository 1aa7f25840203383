"""The Sends screens, at the addresses they have always had (/admin/newsletters/sends/…)."""

from django.urls import path

from .sends import SendActionView, SendListView, SendProgressView, SendReportView

app_name = "sending_admin"
urlpatterns = [
    path("", SendListView.as_view(), name="sends"),
    path("results/", SendListView.as_view(results_only=True), name="sends_results"),
    path("<int:pk>/", SendReportView.as_view(), name="send_report"),
    path("<int:pk>/progress/", SendProgressView.as_view(), name="send_progress"),
    path("<int:pk>/<slug:action>/", SendActionView.as_view(), name="send_action"),
]
