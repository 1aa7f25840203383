"""Checking and cleaning files that submitters attach.

The type comes from the file's content (magic numbers, then Pillow decoding the whole image),
never from its name or the browser's claim. Images are re-encoded from their pixels, which drops
EXIF (GPS position, camera serial, time), XMP, IPTC and comments; orientation is applied first so
the picture still looks the same. PDFs are accepted as uploaded.
"""

import io
from dataclasses import dataclass

import filetype
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_FILES = 5
MAX_BYTES = 10 * 1024 * 1024
# content type -> Pillow format to re-encode with
IMAGE_TYPES = {"image/jpeg": "JPEG", "image/png": "PNG", "image/gif": "GIF", "image/webp": "WEBP"}
PDF = "application/pdf"
ALLOWED_DESCRIPTION = "photos or screenshots (JPEG, PNG, GIF or WebP) and PDF documents"
# Refuse decompression bombs outright instead of only warning.
MAX_PIXELS = 60_000_000


@dataclass
class CleanFile:
    content: ContentFile
    content_type: str
    original_name: str

    @property
    def size(self) -> int:
        return self.content.size


def _reencode(data: bytes, fmt: str) -> bytes:
    try:
        with Image.open(io.BytesIO(data)) as probe:
            if probe.width * probe.height > MAX_PIXELS:
                raise ValidationError("is too large a picture to accept.")
            probe.verify()
        with Image.open(io.BytesIO(data)) as image:
            image.load()
            image = ImageOps.exif_transpose(image)
            if fmt == "JPEG" and image.mode not in ("RGB", "L"):
                image = image.convert("RGB")
            out = io.BytesIO()
            # No exif/icc/comment arguments: the new file carries pixels only.
            options = {"quality": 90} if fmt in ("JPEG", "WEBP") else {}
            image.save(out, format=fmt, **options)
            return out.getvalue()
    except (UnidentifiedImageError, OSError, SyntaxError, Image.DecompressionBombError):
        raise ValidationError("looks like a picture but could not be read.") from None


def clean_upload(upload) -> CleanFile:
    """Check one uploaded file and return a cleaned copy; raises ValidationError with a
    message that starts after the file name (the caller adds it)."""
    if upload.size > MAX_BYTES:
        raise ValidationError("is larger than 10 MB.")
    data = upload.read()
    kind = filetype.guess(data)
    mime = kind.mime if kind else ""
    name = (upload.name or "file")[-255:]
    if mime in IMAGE_TYPES:
        cleaned = _reencode(data, IMAGE_TYPES[mime])
        return CleanFile(ContentFile(cleaned), mime, name)
    if mime == PDF and data.startswith(b"%PDF-"):
        return CleanFile(ContentFile(data), PDF, name)
    raise ValidationError(f"is not one of the types we accept: {ALLOWED_DESCRIPTION}.")


def clean_uploads(uploads) -> list[CleanFile]:
    """Check a list of uploads; raises ValidationError listing every problem."""
    uploads = [u for u in uploads if u]
    if len(uploads) > MAX_FILES:
        raise ValidationError(f"Attach at most {MAX_FILES} files (you chose {len(uploads)}).")
    cleaned, errors = [], []
    for upload in uploads:
        try:
            cleaned.append(clean_upload(upload))
        except ValidationError as exc:
            errors.append(f"“{upload.name}” {exc.messages[0]}")
    if errors:
        raise ValidationError(errors)
    return cleaned
