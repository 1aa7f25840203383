"""Personal access to partner pages (networks.partner_access), mounted at /partners/."""

from django.urls import path

from .views import partners

app_name = "partners"

urlpatterns = [
    path("open/<str:token>/", partners.open_link, name="open"),
    path("new-link/", partners.new_link, name="new_link"),
    path("sign-in/", partners.sign_in, name="sign_in"),
    path("staff/", partners.staff, name="staff"),
]
