"""Public subscribe pages, mounted at /subscribe/ by cms/urls.py (before Wagtail's catch-all).
The confirm, preferences and unsubscribe paths are a contract with networks.tokens."""

from django.urls import path

from .views import public

app_name = "networks"

urlpatterns = [
    path("", public.subscribe, name="subscribe"),
    path("check-your-email/", public.check_email, name="check_email"),
    path("confirm/<str:token>/", public.confirm, name="confirm"),
    path("preferences/<str:token>/", public.preferences, name="preferences"),
    path("unsubscribe/<str:token>/", public.unsubscribe, name="unsubscribe"),
]
