"""Mounted at /admin/2fa/ by core/wagtail_hooks.py."""

from django.urls import path

from . import views

app_name = "core_two_factor"

urlpatterns = [
    path("setup/", views.setup, name="setup"),
    path("verify/", views.verify, name="verify"),
]
