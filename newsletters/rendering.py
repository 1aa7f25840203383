"""Turn a newsletter page into an email: once per send, with merge fields left for the engine.

`render_newsletter(page)` returns (subject, html, text). The html is a complete, table-based,
responsive email document whose CSS has been inlined into style attributes (css-inline; the media
queries stay in a <style> block for clients that honour them); the text is its plain-text
alternative. Both contain the literal merge fields (the engine's registered fields, written
`{{ name }}`), which the sending engine replaces per recipient; an editor may type them too, e.g. a
heading "Hello {{ first_name }}". Headings upper-cased in the text part keep their merge fields as
written (`upper_literal`), and the public web page shows them neutrally (`without_merge_fields`:
"Hello"; both in `sending.rendering`). Rich text typed by editors is sanitised
(`core.html.richtext_html`) before it reaches either part.

`personalise_preview()` fills them for the admin preview with the engine's own substitution and
the same sample reader a test send uses.
"""

from collections.abc import Mapping

import css_inline
from django.conf import settings
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from wagtail.contrib.settings.context_processors import SettingProxy

from core.email import brand_colour
from core.partnership import partnership
from core.sites import page_url
from networks.models import Contact
from sending.engine import MessageContent, contact_merge_values, personalise_content, sample_values
from sending.rendering import merge_placeholders, tidy_text

_inliner = css_inline.CSSInliner(keep_at_rules=True, load_remote_stylesheets=False)


def newsletter_web_url(page) -> str:
    """The absolute address of the issue on the public site (the "view in browser" link),
    on SITE_URL."""
    return page_url(page)


def partnership_for(page):
    return partnership(page.get_site())


def render_newsletter(page) -> tuple[str, str, str]:
    """(subject, html, text) of `page` as it stands (pass a revision's object for a draft).

    The html is a full email document with inlined CSS; html and text carry the literal merge
    fields. Links are absolute (SITE_URL). Raises nothing for empty content.
    """
    page = page.specific
    site = page.get_site()
    partnership = partnership_for(page)
    context = {
        "page": page,
        "subject": page.subject,
        "merge": merge_placeholders(),
        "settings": SettingProxy(site),
        "partnership": partnership,
        "brand_colour": brand_colour(partnership),
        "site_url": settings.SITE_URL,
        "topic_label": page.get_kind_display().lower(),
    }
    blocks = []
    for block in page.body:
        block_context = {**context, "value": block.value, "block_type": block.block_type}
        blocks.append(
            {
                "html": mark_safe(  # noqa: S308 - our templates, autoescaped, sanitised rich text
                    render_to_string(
                        f"newsletters/email/blocks/{block.block_type}.html", block_context
                    )
                ),
                "text": render_to_string(
                    f"newsletters/email/blocks/{block.block_type}.txt", block_context
                ).strip(),
            }
        )
    context["blocks"] = blocks
    html = _inliner.inline(render_to_string("newsletters/email/newsletter.html", context))
    text = tidy_text(render_to_string("newsletters/email/newsletter.txt", context))
    return page.subject, html, text


# --- Preview personalisation ------------------------------------------------------------------


def sample_recipient(page=None) -> dict[str, str]:
    """The engine's one sample reader (the one a test send uses too), with the issue's own
    address as its "view in browser" link."""
    return sample_values(view_in_browser_url=newsletter_web_url(page) if page is not None else "")


def contact_recipient(contact: Contact, page=None) -> dict[str, str]:
    """The merge values for one real contact, with their own signed links."""
    return contact_merge_values(
        contact,
        page.topic if page is not None else "",
        newsletter_web_url(page) if page is not None else settings.SITE_URL,
    )


def personalise_preview(
    subject: str, html: str, text: str, contact_or_sample: Contact | Mapping | None, *, page=None
) -> tuple[str, str, str]:
    """Fill the merge fields with a contact's values or a sample mapping (missing keys are
    filled from `sample_recipient`) through the engine's own substitution: values HTML-escaped
    in the html part, unknown fields left as written."""
    if isinstance(contact_or_sample, Contact):
        values = contact_recipient(contact_or_sample, page)
    else:
        values = {**sample_recipient(page), **(contact_or_sample or {})}
    return personalise_content(MessageContent(subject, html, text), values)
