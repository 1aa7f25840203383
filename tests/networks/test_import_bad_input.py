"""Bad input in a contact import gets a clear message, never a server error: an over-long cell
is an error of its row (the other rows still import), and a huge cell is readable."""

import pytest

from networks.models import Contact, ContactImport
from tests.support.contact_import import HEADER, report, run, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed_in(client, coordinator, rugby, warwick):
    client.force_login(coordinator)
    return client


def test_over_long_cells_are_errors_of_their_rows_and_the_rest_imports(signed_in):
    long_email = "a" * 290 + "@example.org"
    content = (
        HEADER
        + "ada@example.org,Ada,Lovelace,Rugby,,,Rugby School\n"
        + f"{long_email},Long,Email,Rugby,,,\n"
        + f"bo@example.org,{'B' * 101},Name,Rugby,,,\n"
        + f"cy@example.org,Cy,Clarke,Rugby,,,{'Org ' * 60}\n"
        + "di@example.org,Di,Dee,Rugby,,,\n"
    ).encode()
    _, job = upload(signed_in, content)

    job = run(signed_in, job)

    assert job.status == ContactImport.Status.IMPORTED
    assert job.counts["created"] == 2 and job.counts["invalid"] == 3
    assert set(Contact.objects.values_list("email", flat=True)) == {
        "ada@example.org",
        "di@example.org",
    }
    assert report(signed_in, job)[1:] == [
        ["3", "Email", "Longer than 254 characters."],
        ["4", "First name", "Longer than 100 characters."],
        ["5", "Organisation", "Longer than 200 characters."],
    ]


def test_a_200000_character_cell_shows_the_mapping_page_and_is_a_row_error(signed_in):
    content = HEADER + f"ada@example.org,Ada,{'x' * 200_000},Rugby,,,\nbo@example.org,Bo,B,,,,\n"
    response, job = upload(signed_in, content.encode())
    assert response.status_code == 302

    page = signed_in.get(f"/admin/directory/import/{job.pk}/")
    assert page.status_code == 200
    assert "x" * 79 + "…" in page.content.decode()
    assert "x" * 200 not in page.content.decode()

    job = run(signed_in, job)
    assert job.counts["created"] == 1 and job.counts["invalid"] == 1
    assert report(signed_in, job)[1] == ["2", "Surname", "Longer than 100 characters."]


def test_an_unknown_name_is_quoted_short_in_the_report(signed_in):
    content = HEADER + f"ada@example.org,Ada,L,{'Atlantis' * 100},,,\n"
    _, job = upload(signed_in, content.encode())

    job = run(signed_in, job)

    [(row, column, message)] = report(signed_in, job)[1:]
    assert (row, column) == ("2", "District")
    assert message.startswith("Unknown district “Atlantis") and len(message) < 100


def test_a_line_the_csv_module_cannot_read_is_named_instead_of_a_server_error(signed_in):
    import csv

    content = HEADER + "ada@example.org,Ada,L,Rugby,,,\n" + f"bo@example.org,{'B' * 50},,,,,\n"
    _, job = upload(signed_in, content.encode())
    previous = csv.field_size_limit(40)
    try:
        page = signed_in.get(f"/admin/directory/import/{job.pk}/")
        job = run(signed_in, job)
    finally:
        csv.field_size_limit(previous)

    assert page.status_code == 200
    assert "Line 3 of the file cannot be read as CSV" in page.content.decode()
    assert job.status == ContactImport.Status.UPLOADED
    assert not Contact.objects.exists()
