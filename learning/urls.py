"""Learning's public pages: the certificate verify page, and the personal links of a
certificate and of the impact questionnaire (sealed tokens, no login)."""

from django.urls import path

from . import public_views

app_name = "learning"

urlpatterns = [
    path("verify/", public_views.verify, name="verify"),
    path("certificate/<str:token>/", public_views.certificate, name="certificate"),
    path(
        "certificate/<str:token>/pdf/",
        public_views.certificate,
        {"pdf": True},
        name="certificate_pdf",
    ),
    path("follow-up/<str:token>/", public_views.follow_up, name="follow_up"),
]
