"""Attachments: type from content, metadata removed, limits, private storage."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from alerts.models import Report, ReportAttachment

from .helpers import form_data

GPS_TAG = 0x8825


def jpeg_with_gps() -> bytes:
    image = Image.new("RGB", (40, 30), (200, 30, 30))
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # camera make
    exif[0x0132] = "2026:01:02 03:04:05"
    exif[GPS_TAG] = {1: "N", 2: (52.0, 17.0, 30.0), 3: "W", 4: (1.0, 31.0, 0.0)}
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif)
    return out.getvalue()


def png_bytes() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (10, 10), (0, 0, 255)).save(out, format="PNG")
    return out.getvalue()


def pdf_bytes() -> bytes:
    return b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def upload(name, data, content_type="application/octet-stream"):
    return SimpleUploadedFile(name, data, content_type=content_type)


def test_a_photo_is_kept_without_its_gps_position_or_camera_details(client, demo_site):
    original = jpeg_with_gps()
    assert Image.open(io.BytesIO(original)).getexif().get_ifd(GPS_TAG)

    client.post(
        "/report/new/",
        {**form_data(), "attachments": [upload("IMG_0001.jpg", original, "image/jpeg")]},
    )

    attachment = ReportAttachment.objects.get()
    stored = attachment.file.open("rb").read()
    exif = Image.open(io.BytesIO(stored)).getexif()
    assert not exif.get_ifd(GPS_TAG)
    assert 0x010F not in exif and 0x0132 not in exif
    assert b"PhoneMaker" not in stored
    assert attachment.content_type == "image/jpeg"
    assert Image.open(io.BytesIO(stored)).size == (40, 30)


def test_the_type_comes_from_the_content_not_the_name(client, demo_site):
    response = client.post(
        "/report/new/",
        {
            **form_data(description="Keep this text"),
            "attachments": [upload("leaflet.pdf", b"MZ\x90\x00 an executable", "application/pdf")],
        },
    )

    html = response.content.decode()
    assert response.status_code == 400
    assert "is not one of the types we accept" in html
    assert "Keep this text" in html
    assert "choose your files again" in html
    assert Report.objects.count() == 0


def test_a_picture_named_as_a_pdf_is_stored_as_the_picture_it_is(client, demo_site):
    client.post(
        "/report/new/",
        {**form_data(), "attachments": [upload("scan.pdf", png_bytes(), "application/pdf")]},
    )

    assert ReportAttachment.objects.get().content_type == "image/png"


def test_a_pdf_is_accepted_and_stored_under_a_random_name_outside_public_urls(
    client, demo_site, settings
):
    client.post(
        "/report/new/",
        {**form_data(), "attachments": [upload("Sam Smith minutes.pdf", pdf_bytes())]},
    )

    attachment = ReportAttachment.objects.get()
    assert attachment.content_type == "application/pdf"
    assert "Sam" not in attachment.file.name and "minutes" not in attachment.file.name
    assert str(settings.ALERTS_PRIVATE_ROOT) in attachment.file.path
    assert str(settings.MEDIA_ROOT) not in attachment.file.path


def test_a_broken_image_is_refused(client, demo_site):
    response = client.post(
        "/report/new/",
        {**form_data(), "attachments": [upload("x.png", png_bytes()[:40])]},
    )

    assert response.status_code == 400
    assert "could not be read" in response.content.decode()


def test_at_most_five_files(client, demo_site):
    files = [upload(f"p{i}.png", png_bytes()) for i in range(6)]

    response = client.post("/report/new/", {**form_data(), "attachments": files})

    assert response.status_code == 400
    assert "at most 5 files" in response.content.decode()
    assert Report.objects.count() == 0


def test_files_over_10_mb_are_refused(client, demo_site, monkeypatch):
    from alerts import attachments

    monkeypatch.setattr(attachments, "MAX_BYTES", 1000)

    response = client.post(
        "/report/new/",
        {**form_data(), "attachments": [upload("big.pdf", pdf_bytes() + b"0" * 2000)]},
    )

    assert response.status_code == 400
    assert "larger than 10 MB" in response.content.decode()
