from django.urls import path

from .admin import PreviewEmailView, SendTestView

app_name = "newsletters_admin"
urlpatterns = [
    path("<int:page_id>/email/", PreviewEmailView.as_view(), name="preview_email"),
    path("<int:page_id>/email/test/", SendTestView.as_view(), name="send_test"),
]
