"""Public report pages, mounted at /report/ by cms/urls.py (before Wagtail's catch-all)."""

from django.urls import path

from .views import public

app_name = "alerts"

urlpatterns = [
    path("", public.start, name="start"),
    path("danger/", public.danger, name="danger"),
    path("one-person/", public.individual, name="individual"),
    path("online-material/", public.online, name="online"),
    path("new/", public.new_report, name="new"),
    path("return/", public.return_with_receipt, name="return"),
    path("link/<str:token>/", public.open_link, name="link"),
    path("r/<str:reference>/", public.report_detail, name="report"),
    path("r/<str:reference>/email-link/", public.email_link, name="email_link"),
    path("r/<str:reference>/forget/", public.forget, name="forget"),
]
