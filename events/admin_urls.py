from django.urls import path

from .views import admin

app_name = "events_admin"

urlpatterns = [
    path("<int:pk>/invite/", admin.invite, name="invite"),
    path("<int:pk>/invite/again/", admin.resend, name="resend"),
    path("<int:pk>/answers/", admin.attendee_list, name="list"),
    path("<int:pk>/answers.csv", admin.export_csv, name="csv"),
    path("<int:pk>/sign-in-sheet/", admin.sign_in_sheet, name="sign_in"),
    path("<int:pk>/check-in/", admin.check_in, name="check_in"),
    path("<int:pk>/check-in/<int:booking_id>/", admin.mark_attended, name="mark_attended"),
    path("<int:pk>/figures/", admin.figures, name="figures"),
    path("<int:pk>/feedback/", admin.feedback, name="feedback"),
]
