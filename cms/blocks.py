"""StreamField blocks of the information hub.

Every block renders with its own template under ``cms/templates/cms/blocks/`` and without inline
scripts or styles (the public site has a strict Content-Security-Policy).
"""

import re
from urllib.parse import parse_qs, urlparse

from django.core.exceptions import ValidationError
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock

# Also importable from here because migration 0003 names `cms.blocks.LinkTargetBlock`.
from core.blocks import LinkTargetBlock
from core.html import safe_href
from core.partnership import partnership as get_partnership


class QuickLinkBlock(blocks.StructBlock):
    title = blocks.CharBlock()
    description = blocks.CharBlock(required=False)
    page = blocks.PageChooserBlock(required=False)
    url = LinkTargetBlock(required=False)

    class Meta:
        icon = "link"
        template = "cms/blocks/quick_link.html"


class HubRichTextBlock(blocks.RichTextBlock):
    """Rich text whose glossary acronyms are marked up with ``<abbr>`` when rendered."""

    def __init__(self, **kwargs):
        kwargs.setdefault(
            "features", ["h2", "h3", "bold", "italic", "ol", "ul", "link", "document-link"]
        )
        super().__init__(**kwargs)

    class Meta:
        template = "cms/blocks/rich_text.html"


class CalloutBlock(blocks.StructBlock):
    style = blocks.ChoiceBlock(
        choices=[
            ("info", "Information"),
            ("important", "Important"),
            ("warning", "Warning"),
        ],
        default="info",
    )
    heading = blocks.CharBlock(required=False)
    text = HubRichTextBlock(features=["bold", "italic", "link", "ul"])

    class Meta:
        icon = "warning"
        template = "cms/blocks/callout.html"


class AccordionItemBlock(blocks.StructBlock):
    question = blocks.CharBlock()
    answer = HubRichTextBlock(features=["bold", "italic", "link", "ul", "ol", "document-link"])


class AccordionBlock(blocks.StructBlock):
    """Questions and answers that open in place (native <details>, so no script is needed)."""

    heading = blocks.CharBlock(required=False)
    items = blocks.ListBlock(AccordionItemBlock(), min_num=1)

    class Meta:
        icon = "list-ul"
        label = "Accordion / FAQ"
        template = "cms/blocks/accordion.html"


class DocumentLinksBlock(blocks.StructBlock):
    heading = blocks.CharBlock(required=False)
    documents = blocks.ListBlock(DocumentChooserBlock(), min_num=1)

    class Meta:
        icon = "doc-full"
        template = "cms/blocks/document_links.html"


_YOUTUBE_ID = re.compile(r"^[A-Za-z0-9_-]{6,20}$")


def video_embed_url(url: str) -> str | None:
    """The privacy-enhanced player address for a YouTube or Vimeo link, or None if unsupported.

    Built locally rather than through oEmbed so that pages render without calling out to the
    video host, and so the iframe's origin matches the CSP's frame-src.
    """
    parsed = urlparse(url)
    host = (parsed.hostname or "").lower().removeprefix("www.").removeprefix("m.")
    video_id = ""
    if host == "youtu.be":
        video_id = parsed.path.strip("/")
    elif host in {"youtube.com", "youtube-nocookie.com"}:
        if parsed.path == "/watch":
            video_id = parse_qs(parsed.query).get("v", [""])[0]
        elif parsed.path.startswith(("/embed/", "/shorts/")):
            video_id = parsed.path.split("/")[2]
    elif host in {"vimeo.com", "player.vimeo.com"}:
        last = parsed.path.rstrip("/").rsplit("/", 1)[-1]
        if last.isdigit():
            return f"https://player.vimeo.com/video/{last}?dnt=1"
        return None
    if video_id and _YOUTUBE_ID.match(video_id):
        return f"https://www.youtube-nocookie.com/embed/{video_id}"
    return None


class VideoBlock(blocks.StructBlock):
    """An embedded YouTube or Vimeo video with a title (for screen readers) and a transcript."""

    title = blocks.CharBlock(help_text="Describes the video; read out by screen readers.")
    url = blocks.URLBlock(help_text="A YouTube or Vimeo address.")
    transcript = HubRichTextBlock(required=False, features=["bold", "italic", "link", "ul"])

    def clean(self, value):
        value = super().clean(value)
        if video_embed_url(value["url"]) is None:
            raise blocks.StructBlockValidationError(
                block_errors={"url": ValidationError("Use a YouTube or Vimeo video address.")}
            )
        return value

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        context["embed_url"] = video_embed_url(value["url"])
        return context

    class Meta:
        icon = "media"
        label = "Embedded video"
        template = "cms/blocks/video.html"


class ContactCardBlock(blocks.StructBlock):
    """A team's or service's public contact details (not a private individual's)."""

    name = blocks.CharBlock(help_text="Team or service, e.g. Police Prevent Team.")
    description = blocks.CharBlock(required=False)
    email = blocks.EmailBlock(required=False)
    phone = blocks.CharBlock(required=False, max_length=40)
    address = blocks.TextBlock(required=False)
    url = blocks.URLBlock(required=False, label="Website")

    class Meta:
        icon = "user"
        template = "cms/blocks/contact_card.html"


def content_blocks():
    """The blocks of a standard page body, shared by every page type with a free-form body."""
    return [
        ("heading", blocks.CharBlock(form_classname="title", template="cms/blocks/heading.html")),
        ("paragraph", HubRichTextBlock()),
        ("callout", CalloutBlock()),
        ("accordion", AccordionBlock()),
        ("documents", DocumentLinksBlock()),
        ("video", VideoBlock()),
        ("contact", ContactCardBlock()),
    ]


class Pathway(blocks.StructBlock):
    """One way of reporting a concern. Its link comes from the partnership's settings, so an
    address changes in one place and every page follows."""

    KINDS = [
        ("immediate_danger", "Someone is in immediate danger"),
        ("individual", "A concern about an individual"),
        ("community_tension", "Community tension"),
        ("online_material", "Online terrorist material"),
    ]
    kind = blocks.ChoiceBlock(choices=KINDS)
    heading = blocks.CharBlock(required=False, help_text="Defaults to the kind's name.")
    text = HubRichTextBlock(features=["bold", "italic", "link", "ul"])

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        partnership = get_partnership((parent_context or {}).get("request"))
        context["partnership"] = partnership
        context["heading"] = value["heading"] or dict(self.KINDS)[value["kind"]]
        context["action"] = pathway_action(value["kind"], partnership)
        return context

    class Meta:
        icon = "warning"
        template = "cms/blocks/pathway.html"


def pathway_action(kind: str, partnership) -> dict:
    """The link (or phone call) a pathway points to, read from the partnership's settings.

    Returns ``{"label": str, "href": str}``; ``href`` is empty when the setting is not filled in,
    and the template then shows the label as plain text rather than a broken link.
    """
    if kind == "immediate_danger":
        return {"label": "Call 999", "href": "tel:999"}
    if kind == "individual":
        return {
            "label": "Make a safeguarding referral",
            "href": safe_href(partnership.safeguarding_referral_url),
        }
    if kind == "community_tension":
        return {
            "label": "Report community tension",
            "href": safe_href(partnership.community_tension_report_url),
        }
    return {
        "label": "Report online terrorist material",
        "href": safe_href(partnership.online_material_report_url),
    }
