"""Builders for hub content used by several test modules (unit and browser)."""

import datetime

from django.core.files.base import ContentFile
from django.utils import timezone
from wagtail.documents import get_document_model
from wagtail.models import Page

from cms.demo_pdf import simple_pdf
from cms.models import ContentPage, HomePage, Material, MaterialAudience, MaterialTopic


def make_document(title: str):
    document = get_document_model()(title=title)
    document.file.save(
        f"{title.lower().replace(' ', '-')[:40]}.pdf",
        ContentFile(simple_pdf(title, ["Test"])),
        save=False,
    )
    document.save()
    return document


def make_material(title, *, owner=None, review_in_days=30, audiences=(), topics=(), fmt="leaflet"):
    material = Material.objects.create(
        title=title,
        summary=f"About {title}.",
        document=make_document(title),
        format=fmt,
        owner=owner,
        review_by=timezone.localdate() + datetime.timedelta(days=review_in_days),
    )
    material.audiences.set(
        [MaterialAudience.objects.get_or_create(name=name)[0] for name in audiences]
    )
    material.topics.set([MaterialTopic.objects.get_or_create(name=name)[0] for name in topics])
    return material


def publish_child(parent: Page, page: Page) -> Page:
    parent.add_child(instance=page)
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def build_every_block_page(slug="every-block") -> ContentPage:
    """A published content page using every block of the standard body, once."""
    document = make_document("Prevent leaflet for parents")
    home = HomePage.objects.get()
    page = ContentPage(
        title="Every block",
        slug=slug,
        summary="A page with every kind of block.",
        search_description="Every block the hub offers, for testing.",
        body=[
            ("heading", "A heading"),
            (
                "paragraph",
                '<p>The WRAP workshop is run by the PWG. <a href="https://example.org/">'
                "WRAP sign-up</a></p>",
            ),
            ("callout", {"style": "warning", "heading": "Take care", "text": "<p>Careful.</p>"}),
            (
                "accordion",
                {
                    "heading": "Questions",
                    "items": [{"question": "What is WRAP?", "answer": "<p>A workshop.</p>"}],
                },
            ),
            ("documents", {"heading": "Downloads", "documents": [document]}),
            (
                "video",
                {
                    "title": "What Prevent is about",
                    "url": "https://www.youtube.com/watch?v=abcDEF12345",
                    "transcript": "<p>Spoken words.</p>",
                },
            ),
            (
                "contact",
                {
                    "name": "Police Prevent Team",
                    "description": "Advice on a concern.",
                    "email": "team@example.org",
                    "phone": "101",
                    "address": "Police HQ\nTown",
                    "url": "https://example.org/police",
                },
            ),
        ],
    )
    return publish_child(home, page)
