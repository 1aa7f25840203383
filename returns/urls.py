from django.urls import path

from .views import public

app_name = "returns"

urlpatterns = [
    path("plan/", public.plan_page, name="plan"),
    path("r/<str:token>/", public.return_form, name="form"),
]
