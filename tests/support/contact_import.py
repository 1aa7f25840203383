"""The directory's CSV import driven through the admin: upload a file, run (or dry-run) the
import with a column mapping, and read the errors report back."""

import csv
import io

from django.core.files.uploadedfile import SimpleUploadedFile

from networks.models import ContactImport

HEADER = "Email,First name,Surname,District,Role,Topics,Organisation\n"


def upload(client, content: bytes, name="contacts.csv"):
    response = client.post(
        "/admin/directory/import/", {"file": SimpleUploadedFile(name, content, "text/csv")}
    )
    return response, ContactImport.objects.order_by("-pk").first()


def run(client, job, *, dry_run=False, mode="skip", mapping=None):
    data = {"mode": mode}
    mapping = mapping or {}
    for i, header in enumerate(job.headers):
        data[f"col_{i}"] = mapping.get(header, job.mapping.get(header, ""))
    data["dry_run" if dry_run else "import"] = "1"
    client.post(f"/admin/directory/import/{job.pk}/", data)
    job.refresh_from_db()
    return job


def report(client, job):
    response = client.get(f"/admin/directory/import/{job.pk}/errors.csv")
    body = b"".join(response.streaming_content).decode()
    return list(csv.reader(io.StringIO(body)))
