"""Completions from elsewhere by CSV: the contact import's mapping, dry run, error report and
organisation matching; an unknown person is kept against the organisation, never made a contact."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from learning.models import Completion, CompletionImport
from networks.models import Contact, OrganisationAlias
from tests.support.learning import district, organisation, person

pytestmark = pytest.mark.django_db

EXPORT = (
    "Learner name,Email address,Organisation,Course,Completed on\n"
    "Nina Nurse,nina.nurse@example.org,George Eliot Hospital,Prevent awareness,2026-05-04\n"
    "Sam Stranger,sam@elsewhere.example,Rugby BC,Prevent awareness,04/06/2026\n"
    "Una Known,una@example.org,Brand New Charity,Prevent awareness,2026-07-01 10:22\n"
    "Bad Date,bad@example.org,George Eliot Hospital,Prevent awareness,sometime\n"
    "No Address,not-an-address,George Eliot Hospital,Prevent awareness,2026-05-04\n"
    "Nina Nurse,nina.nurse@example.org,George Eliot Hospital,Prevent awareness,2026-05-04\n"
    "Future Person,future@example.org,George Eliot Hospital,Prevent awareness,2099-01-01\n"
    ",,,,\n"
)


@pytest.fixture
def directory():
    nuneaton = district("Nuneaton and Bedworth")
    rugby = district("Rugby")
    hospital = organisation("George Eliot Hospital", sector="health", districts=[nuneaton])
    council = organisation("Rugby Borough Council", sector="local_authority", districts=[rugby])
    OrganisationAlias.objects.create(organisation=council, name="Rugby BC")
    nina = person("Nina", "Nurse", organisation=hospital, districts=[nuneaton])
    una = person("Una", "Known", email="una@example.org")
    return {"hospital": hospital, "council": council, "nina": nina, "una": una, "rugby": rugby}


def _upload(client, text=EXPORT, name="elearning-export.csv"):
    response = client.post(
        reverse("learning_admin:import"),
        {"file": SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/csv")},
    )
    assert response.status_code == 302, response.content.decode()[:500]
    return CompletionImport.objects.latest("pk")


def _mapping_post(job, *, dry_run, level=1, mapping=None):
    mapping = mapping or job.mapping
    data = {"level": str(level), ("dry_run" if dry_run else "import"): "1"}
    for i, header in enumerate(job.headers):
        data[f"col_{i}"] = mapping.get(header, "")
    return data


def test_the_mapping_is_suggested_from_the_platforms_column_names(directory, coordinator, client):
    client.force_login(coordinator)
    job = _upload(client)

    assert job.mapping == {
        "Learner name": "full_name",
        "Email address": "email",
        "Organisation": "organisation",
        "Course": "course",
        "Completed on": "completed_on",
    }


def test_a_dry_run_reports_what_would_happen_and_records_nothing(directory, coordinator, client):
    client.force_login(coordinator)
    job = _upload(client)

    response = client.post(
        reverse("learning_admin:import_map", args=[job.pk]), _mapping_post(job, dry_run=True)
    )

    assert response.status_code == 302
    job.refresh_from_db()
    assert job.status == "checked"
    assert job.counts["created"] == 3
    assert job.counts["invalid"] == 4
    assert job.counts["blank"] == 1
    assert not Completion.objects.exists()
    page = client.get(reverse("learning_admin:import_map", args=[job.pk])).content.decode()
    assert "Dry run: what importing would do" in page
    assert "Completions recorded: 3" in page


def test_the_error_report_names_each_bad_row_and_column(directory, coordinator, client):
    client.force_login(coordinator)
    job = _upload(client)
    client.post(
        reverse("learning_admin:import_map", args=[job.pk]), _mapping_post(job, dry_run=True)
    )

    response = client.get(reverse("learning_admin:import_errors", args=[job.pk]))

    lines = b"".join(response.streaming_content).decode().splitlines()
    assert lines[0] == "row,column,message"
    assert "5,Completed on,“sometime” is not a date (e.g. 2026-05-04)." in lines
    assert "6,Email address,“not-an-address” is not an email address." in lines
    assert "7,Email address,The same completion as row 2." in lines
    assert "8,Completed on,“2099-01-01” is in the future." in lines


def test_importing_matches_people_and_organisations_and_creates_no_contact(
    directory, coordinator, client
):
    client.force_login(coordinator)
    contacts_before = Contact.objects.count()
    job = _upload(client)

    client.post(
        reverse("learning_admin:import_map", args=[job.pk]), _mapping_post(job, dry_run=False)
    )

    job.refresh_from_db()
    assert job.status == "imported" and job.text == ""
    assert Contact.objects.count() == contacts_before
    nina = Completion.objects.get(email="nina.nurse@example.org")
    assert nina.contact == directory["nina"]
    assert nina.organisation == directory["hospital"]
    assert (nina.sector, nina.district.name) == ("health", "Nuneaton and Bedworth")
    assert (nina.level, nina.completed_on) == (1, dt.date(2026, 5, 4))
    assert nina.course == "Prevent awareness"
    # Unknown person, organisation matched through its alias: kept against the organisation.
    sam = Completion.objects.get(email="sam@elsewhere.example")
    assert sam.contact is None
    assert sam.person_name == "Sam Stranger"
    assert sam.organisation == directory["council"]
    assert sam.district == directory["rugby"]
    assert sam.completed_on == dt.date(2026, 6, 4)
    # A known person whose typed organisation is not in the directory: kept as given.
    una = Completion.objects.get(email="una@example.org")
    assert una.contact == directory["una"]
    assert una.organisation is None and una.organisation_name == "Brand New Charity"
    assert job.unmatched_organisations == [["Brand New Charity", [4], ""]]


def test_importing_the_same_file_twice_records_each_completion_once(directory, coordinator, client):
    client.force_login(coordinator)
    for _ in range(2):
        job = _upload(client)
        client.post(
            reverse("learning_admin:import_map", args=[job.pk]), _mapping_post(job, dry_run=False)
        )

    assert Completion.objects.count() == 3
    job.refresh_from_db()
    assert job.counts["already_recorded"] == 3


def test_a_level_column_overrides_the_files_level(directory, coordinator, client):
    client.force_login(coordinator)
    text = (
        "Email,Date,Level\nnina.nurse@example.org,2026-05-04,Level 2\nx@example.org,2026-05-04,7\n"
    )
    job = _upload(client, text)
    mapping = {"Email": "email", "Date": "completed_on", "Level": "level"}

    client.post(
        reverse("learning_admin:import_map", args=[job.pk]),
        _mapping_post(job, dry_run=False, mapping=mapping),
    )

    assert Completion.objects.get().level == 2
    job.refresh_from_db()
    assert job.errors == [[3, "Level", "“7” is not a level (1, 2 or 3)."]]


def test_a_mapping_without_a_date_is_refused_with_a_message(directory, coordinator, client):
    client.force_login(coordinator)
    job = _upload(client)
    mapping = {**job.mapping, "Completed on": ""}

    response = client.post(
        reverse("learning_admin:import_map", args=[job.pk]),
        _mapping_post(job, dry_run=True, mapping=mapping),
    )

    assert response.status_code == 200
    assert "Choose the column that holds the date" in response.content.decode()


def test_a_file_that_is_not_text_is_refused_at_upload(coordinator, client):
    client.force_login(coordinator)

    response = client.post(
        reverse("learning_admin:import"),
        {"file": SimpleUploadedFile("x.csv", "a,b\n".encode("utf-16"))},
    )

    assert response.status_code == 200
    assert "neither UTF-8 nor Windows-1252" in response.content.decode()


@pytest.mark.parametrize("name", ["import", "import_map", "import_errors"])
def test_only_coordinators_reach_the_import(
    name, directory, admin_without_role, outsider, client, coordinator
):
    client.force_login(coordinator)
    job = _upload(client)
    args = [] if name == "import" else [job.pk]
    url = reverse(f"learning_admin:{name}", args=args)

    client.force_login(admin_without_role)
    assert client.get(url).status_code == 404
    client.force_login(outsider)
    assert client.get(url).status_code == 302  # to the sign-in page: no admin access at all
    client.logout()
    assert client.get(url).status_code == 302
