"""StreamField blocks of a newsletter issue.

Each block has three templates, one per output, named after its block type in the stream:
`newsletters/blocks/<type>.html` (the public web page, set as Meta.template),
`newsletters/email/blocks/<type>.html` (table-based email HTML, styled by the email's inlined CSS)
and `newsletters/email/blocks/<type>.txt` (the plain-text part). `rendering.py` picks the email
ones; Wagtail's `{% include_block %}` picks the web one.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageBlock

from core.html import safe_href

# Rich text in a newsletter is kept to what every mail client shows well: no embeds, no images
# inside text (use an article's image), no raw HTML. Rendering sanitises it again regardless.
RICH_TEXT_FEATURES = ["bold", "italic", "link", "document-link", "ol", "ul", "h3"]

WORDING_HELP = (
    "Describe behaviour, places and tensions, never the faith or ethnicity of a group, "
    "and never anything that identifies a person."
)


def absolute_url(url: str) -> str:
    """`url` made absolute against SITE_URL (emails are read away from the site); an unsafe
    address (core.html.is_unsafe_url) becomes ""."""
    url = safe_href(url)
    if not url or url.startswith(("http://", "https://", "mailto:", "tel:")):
        return url
    return f"{settings.SITE_URL}/{url.lstrip('/')}"


class LinkValue(blocks.StructValue):
    """A link that may point at a page, a document or an external address (first one set).

    Named `href`, not `url`: templates look up dict keys before attributes, and `url` is a field.
    """

    @property
    def href(self) -> str:
        """The link, or "" (no link shown) for a javascript:, vbscript: or data: address."""
        page = self.get("page")
        if page is not None:
            return page.specific.url or ""
        document = self.get("document")
        if document is not None:
            return document.url
        return safe_href(self.get("url"))

    @property
    def absolute_href(self) -> str:
        return absolute_url(self.href)


class HeadingBlock(blocks.CharBlock):
    class Meta:
        icon = "title"
        form_classname = "title"
        template = "newsletters/blocks/heading.html"


class RichTextBlock(blocks.RichTextBlock):
    def __init__(self, **kwargs):
        kwargs.setdefault("features", RICH_TEXT_FEATURES)
        super().__init__(**kwargs)

    class Meta:
        icon = "pilcrow"
        template = "newsletters/blocks/rich_text.html"


class ArticleBlock(blocks.StructBlock):
    title = blocks.CharBlock(max_length=200)
    image = ImageBlock(required=False)
    body = RichTextBlock()
    page = blocks.PageChooserBlock(required=False, help_text="Where 'Read more' leads.")
    document = DocumentChooserBlock(required=False)
    url = blocks.URLBlock(required=False, help_text="Used when no page or document.")
    link_text = blocks.CharBlock(required=False, max_length=80, default="Read more")

    class Meta:
        icon = "doc-full"
        template = "newsletters/blocks/article.html"
        value_class = LinkValue


class CallToActionBlock(blocks.StructBlock):
    text = blocks.CharBlock(max_length=255, help_text="One sentence saying why to act.")
    button_label = blocks.CharBlock(max_length=60)
    page = blocks.PageChooserBlock(required=False)
    document = DocumentChooserBlock(required=False)
    url = blocks.URLBlock(required=False, help_text="Used when no page or document.")

    def clean(self, value):
        value = super().clean(value)
        if not (value.get("page") or value.get("document") or value.get("url")):
            raise StructBlockValidationError(
                block_errors={
                    "url": ValidationError("Choose a page or a document, or give a link.")
                }
            )
        return value

    class Meta:
        icon = "pick"
        label = "Call to action"
        template = "newsletters/blocks/call_to_action.html"
        value_class = LinkValue


LEARNING_LEVELS = [
    ("1", "Level 1: Prevent e-learning"),
    ("2", "Level 2: WRAP face-to-face training"),
    ("3", "Level 3: train the trainer"),
]


class SessionValue(LinkValue):
    @property
    def level_label(self) -> str:
        return dict(LEARNING_LEVELS).get(self.get("level") or "", "")


class SessionBlock(blocks.StructBlock):
    level = blocks.ChoiceBlock(choices=LEARNING_LEVELS, required=False)
    title = blocks.CharBlock(max_length=200)
    date = blocks.DateBlock(required=False, help_text="Leave empty for e-learning at any time.")
    time = blocks.CharBlock(required=False, max_length=60, help_text="e.g. 9.30am to 12.30pm")
    venue = blocks.CharBlock(required=False, max_length=200)
    audience = blocks.CharBlock(required=False, max_length=200, help_text="Who it is for.")
    page = blocks.PageChooserBlock(required=False)
    document = DocumentChooserBlock(required=False)
    url = blocks.URLBlock(required=False, label="Booking link", help_text="Where to book.")

    class Meta:
        icon = "user"
        value_class = SessionValue


class LearningSessionsBlock(blocks.StructBlock):
    title = blocks.CharBlock(max_length=200, default="Learning and development sessions")
    intro = blocks.TextBlock(required=False)
    sessions = blocks.ListBlock(SessionBlock(), min_num=1)

    class Meta:
        icon = "group"
        label = "Learning and development sessions"
        template = "newsletters/blocks/learning_sessions.html"


class UpcomingEventBlock(blocks.StructBlock):
    title = blocks.CharBlock(max_length=200)
    date = blocks.DateBlock()
    time = blocks.CharBlock(required=False, max_length=60, help_text="e.g. 6pm to 8.30pm")
    venue = blocks.CharBlock(required=False, max_length=200)
    description = RichTextBlock(required=False)
    page = blocks.PageChooserBlock(required=False)
    document = DocumentChooserBlock(required=False)
    url = blocks.URLBlock(required=False, help_text="Where to find out more or book.")
    link_text = blocks.CharBlock(required=False, max_length=80, default="Find out more")

    class Meta:
        icon = "date"
        template = "newsletters/blocks/upcoming_event.html"
        value_class = LinkValue


class EmergingIssuesBlock(blocks.StructBlock):
    title = blocks.CharBlock(max_length=200, default="Emerging issues")
    body = RichTextBlock(help_text=WORDING_HELP)
    show_reporting_guidance = blocks.BooleanBlock(
        required=False,
        default=True,
        help_text="Add the partnership's 'how to report a concern' guidance under the box.",
    )

    class Meta:
        icon = "warning"
        label = "Emerging issues"
        template = "newsletters/blocks/emerging_issues.html"


class ResourceLinkBlock(blocks.StructBlock):
    title = blocks.CharBlock(max_length=200)
    description = blocks.CharBlock(required=False, max_length=255)
    page = blocks.PageChooserBlock(required=False)
    document = DocumentChooserBlock(required=False)
    url = blocks.URLBlock(required=False, help_text="Used when no page or document.")

    class Meta:
        icon = "link"
        value_class = LinkValue


class ResourceLinksBlock(blocks.StructBlock):
    title = blocks.CharBlock(max_length=200, default="Resources")
    links = blocks.ListBlock(ResourceLinkBlock(), min_num=1)

    class Meta:
        icon = "list-ul"
        label = "Resource links"
        template = "newsletters/blocks/resource_links.html"


class NewsletterStreamBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    rich_text = RichTextBlock()
    article = ArticleBlock()
    call_to_action = CallToActionBlock()
    learning_sessions = LearningSessionsBlock()
    upcoming_event = UpcomingEventBlock()
    emerging_issues = EmergingIssuesBlock()
    resource_links = ResourceLinksBlock()
