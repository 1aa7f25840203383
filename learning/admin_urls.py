from django.urls import path

from . import views

app_name = "learning_admin"

urlpatterns = [
    path("take-up/", views.takeup_report_view, name="takeup"),
    path("take-up.csv", views.takeup_report_csv, name="takeup_csv"),
    path("import/", views.import_upload, name="import"),
    path("import/<int:pk>/", views.import_map, name="import_map"),
    path("import/<int:pk>/errors.csv", views.import_errors, name="import_errors"),
    path("certificates/<int:pk>.pdf", views.certificate_download, name="certificate"),
]
