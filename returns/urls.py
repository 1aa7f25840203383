from django.urls import path

from .views import public

app_name = "returns"

urlpatterns = [
    path("plan/", public.plan_page, name="plan"),
    path("r/<str:token>/", public.return_form, name="form"),
    path("not-me/<str:token>/", public.hand_over_page, name="handover"),
    path("stop-reminders/<str:token>/", public.stop_chases_page, name="stop_chases"),
]
