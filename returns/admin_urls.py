from django.urls import path

from .views import admin

app_name = "returns_admin"

urlpatterns = [
    path("", admin.index, name="index"),
    path("new/", admin.new_return, name="new"),
    path("<int:pk>/send/", admin.send, name="send"),
    path("<int:pk>/status/", admin.status, name="status"),
    path("<int:pk>/status/<int:response_id>/", admin.response_detail, name="response"),
    path("<int:pk>/status/<int:response_id>/reopen/", admin.reopen, name="reopen"),
    path("<int:pk>/status/<int:response_id>/add/", admin.add_person, name="add_person"),
    path("figures/", admin.figures, name="figures"),
    path("figures.csv", admin.figures_csv, name="figures_csv"),
    path("progress/", admin.progress, name="progress"),
    path("plans/<int:pk>/copy/", admin.copy_plan, name="copy_plan"),
]
