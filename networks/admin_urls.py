"""The directory's own admin pages, mounted at /admin/directory/ by wagtail_hooks."""

from django.urls import path

from .views import admin, organisations, segments

app_name = "networks_admin"

urlpatterns = [
    path("import/", admin.import_upload, name="import"),
    path("import/<int:pk>/", admin.import_map, name="import_map"),
    path("import/<int:pk>/errors.csv", admin.import_errors, name="import_errors"),
    path("duplicates/", admin.duplicates, name="duplicates"),
    path("merge/<int:a>/<int:b>/", admin.merge, name="merge"),
    path("review/", admin.review, name="review"),
    path("contacts/<int:pk>/subject-access.json", admin.subject_access, name="subject_access"),
    path("contacts/<int:pk>/erase/", admin.erase, name="erase"),
    path("contacts/<int:pk>/privacy-requests/", admin.privacy_requests, name="privacy_requests"),
    path("segments/count/", admin.segment_count, name="segment_count"),
    path("segments/<int:pk>/members.csv", segments.members_csv, name="segment_members_csv"),
    path(
        "organisations/unmatched/",
        organisations.unmatched,
        name="unmatched_organisations",
    ),
]
