from django.urls import path

from .views import public

app_name = "events"

urlpatterns = [
    path("<str:token>/", public.rsvp, name="rsvp"),
    path("<str:token>/offer/", public.offer, name="offer"),
    path("<str:token>/feedback/", public.feedback, name="feedback"),
]
