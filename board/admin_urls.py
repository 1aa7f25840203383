from django.urls import path

from . import report_views, views

app_name = "board_admin"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("tables/<slug:table_key>.csv", views.dashboard_csv, name="dashboard_csv"),
    path("reports/", views.report_list, name="reports"),
    path("reports/<int:pk>/", views.report_detail, name="report"),
    path("reports/<int:pk>/report.pdf", views.report_pdf, name="report_pdf"),
    path("reports/<int:pk>/tables/<slug:table_key>.csv", views.report_csv, name="report_csv"),
    path("reports/<int:pk>/withdraw/", report_views.withdraw, name="withdraw"),
]
