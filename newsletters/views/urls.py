from django.urls import path

from .admin import PreviewEmailView, SendTestView
from .send_to_segments import ResendIssueView, SendToSegmentsView

app_name = "newsletters_admin"
urlpatterns = [
    path("<int:page_id>/email/", PreviewEmailView.as_view(), name="preview_email"),
    path("<int:page_id>/email/test/", SendTestView.as_view(), name="send_test"),
    path("<int:page_id>/send/", SendToSegmentsView.as_view(), name="send_to_segments"),
    path("<int:page_id>/send-again/", ResendIssueView.as_view(), name="resend"),
]
