import pytest

from networks.models import ConsentEvent, Contact, ContactImport
from tests.networks.factories import ContactFactory, role
from tests.support.contact_import import HEADER, report, run, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed_in(client, coordinator, rugby, warwick):
    client.force_login(coordinator)
    return client


def test_the_mapping_is_suggested_from_the_column_names(signed_in):
    _, job = upload(signed_in, HEADER.encode())

    assert job.mapping == {
        "Email": "email",
        "First name": "first_name",
        "Surname": "last_name",
        "District": "districts",
        "Role": "roles",
        "Topics": "topics",
        "Organisation": "organisation",
    }


def test_valid_rows_import_and_bad_rows_are_reported_by_row_and_column(signed_in, rugby):
    content = (
        HEADER
        + "ada@example.org,Ada,Lovelace,Rugby,Prevent lead,newsletter,Rugby School\n"
        + "not-an-email,Bad,Address,Rugby,,,\n"
        + "bob@example.org,Bob,Builder,Atlantis,,,\n"
        + "cy@example.org,Cy,Clarke,Warwick,Astronaut,,\n"
        + ",,,,,,\n"
        + "ADA@example.org,Ada,Again,Rugby,,,\n"
    ).encode()
    _, job = upload(signed_in, content)

    job = run(signed_in, job)

    assert job.status == ContactImport.Status.IMPORTED
    assert job.counts == {"created": 1, "updated": 0, "invalid": 4, "blank": 1, "opted_in": 1}
    ada = Contact.objects.get()
    assert (ada.email, ada.first_name, ada.last_name) == ("ada@example.org", "Ada", "Lovelace")
    assert list(ada.districts.all()) == [rugby]
    assert list(ada.roles.all()) == [role("prevent-lead")]
    assert ada.organisation_name == "Rugby School"
    assert report(signed_in, job) == [
        ["row", "column", "message"],
        ["3", "Email", "“not-an-email” is not an email address."],
        ["4", "District", "Unknown district “Atlantis”."],
        ["5", "Role", "Unknown role “Astronaut”."],
        ["7", "Email", "The same address as row 2."],
    ]
    assert job.text == ""


def test_a_dry_run_reports_without_saving_anything(signed_in):
    _, job = upload(signed_in, (HEADER + "ada@example.org,Ada,L,Rugby,,,\nbad,,,,,,\n").encode())

    job = run(signed_in, job, dry_run=True)

    assert job.status == ContactImport.Status.CHECKED
    assert job.counts["created"] == 1 and job.counts["invalid"] == 1
    assert Contact.objects.count() == 0
    assert ConsentEvent.objects.count() == 0
    page = signed_in.get(f"/admin/directory/import/{job.pk}/").content.decode()
    assert "Dry run" in page and "New contacts: 1" in page


def test_imported_contacts_get_an_import_consent_record_and_no_topics_unless_the_file_says(
    signed_in,
):
    content = HEADER + "a@example.org,A,A,Rugby,,,\nb@example.org,B,B,Rugby,,updates; events,\n"
    _, job = upload(signed_in, content.encode())

    run(signed_in, job)

    a, b = Contact.objects.get(email="a@example.org"), Contact.objects.get(email="b@example.org")
    assert not a.subscriptions.exists()
    assert a.consent_events.get().source == ConsentEvent.Source.IMPORT
    assert dict(b.subscriptions.values_list("topic", "status")) == {
        "updates": "subscribed",
        "events": "subscribed",
    }
    assert set(b.consent_events.values_list("source", flat=True)) == {"import"}


def test_existing_contacts_are_skipped_or_updated_as_chosen(signed_in, warwick):
    ContactFactory(email="known@example.org", first_name="Known", last_name="Person")
    content = (HEADER + "Known@Example.org,Renamed,,Warwick,,,\n").encode()

    _, job = upload(signed_in, content)
    job = run(signed_in, job, mode="skip")
    assert job.counts["skipped"] == 1
    assert Contact.objects.get().first_name == "Known"
    assert report(signed_in, job)[1] == ["2", "Email", "Already in the directory: skipped."]

    _, job = upload(signed_in, content)
    job = run(signed_in, job, mode="update")
    known = Contact.objects.get()
    assert job.counts["updated"] == 1
    assert known.first_name == "Renamed"
    assert known.last_name == "Person"  # an empty cell changes nothing
    assert list(known.districts.all()) == [warwick]
    assert Contact.objects.count() == 1


@pytest.mark.parametrize(
    ("encoding", "prefix"),
    [("utf-8", b""), ("utf-8", b"\xef\xbb\xbf"), ("cp1252", b"")],
    ids=["utf-8", "utf-8-bom", "windows-1252"],
)
def test_utf8_with_or_without_bom_and_windows_1252_files_all_import(signed_in, encoding, prefix):
    content = prefix + (HEADER + "zoe@example.org,Zoë,Brontë-Ó,Rugby,,,Café Société\n").encode(
        encoding
    )
    _, job = upload(signed_in, content)

    job = run(signed_in, job)

    zoe = Contact.objects.get()
    assert (zoe.first_name, zoe.last_name) == ("Zoë", "Brontë-Ó")
    assert zoe.organisation_name == "Café Société"
    assert job.headers[0] == "Email"


def test_a_file_in_another_encoding_is_refused_with_a_clear_message(signed_in):
    response, job = upload(signed_in, "Email\n".encode("utf-16"))

    assert job is None
    assert "neither UTF-8 nor Windows-1252" in response.content.decode()


def test_a_semicolon_separated_file_imports(signed_in):
    _, job = upload(signed_in, b"email;first name\nsemi@example.org;Semi\n")

    run(signed_in, job)

    assert Contact.objects.get().first_name == "Semi"


def test_a_mapping_without_an_email_column_is_refused(signed_in):
    _, job = upload(signed_in, (HEADER + "a@example.org,A,A,Rugby,,,\n").encode())

    job = run(signed_in, job, mapping={"Email": ""})

    assert job.status == ContactImport.Status.UPLOADED
    assert Contact.objects.count() == 0


def test_the_error_report_escapes_formulas_typed_in_the_file(signed_in):
    _, job = upload(signed_in, b"-Email,Name\nnot-an-address,=cmd\n")

    job = run(signed_in, job)

    assert job.counts["invalid"] == 1
    assert report(signed_in, job)[1][:2] == ["2", "'-Email"]
