"""Personalisation: both parts, escaping, unknown fields, headers, and the SMTP fast-path MIME."""

import email
from email import policy

from sending.engine.content import CompiledContent, MessageContent, Recipient, Template
from sending.engine.mime import build_message

VALUES = {
    "first_name": "Zoë",
    "full_name": "Zoë O'Brien",
    "organisation": "Smith & <Jones> School",
    "districts": "Northvale, Eastmarsh",
    "email": "zoe@example.org",
    "preferences_url": "https://hub.example/subscribe/preferences/abc:def/",
    "unsubscribe_url": "https://hub.example/subscribe/unsubscribe/xyz:123/",
    "view_in_browser_url": "https://hub.example/newsletters/spring/",
}
CONTENT = MessageContent(
    subject="News for {{first_name}} at {{ organisation }}",
    html='<p>Dear {{ first_name }} of {{ organisation }}</p><a href="{{ unsubscribe_url }}">x</a>'
    "<p>{{ shoe_size }}</p>",
    text="Dear {{ first_name }} of {{ organisation }}\nUnsubscribe: {{ unsubscribe_url }}\n"
    "{{ shoe_size }}",
    headers={"Reply-To": "prevent@example.org"},
)


def recipient():
    return Recipient(email=VALUES["email"], name=VALUES["full_name"], values=VALUES)


def test_the_text_part_gets_plain_values_and_the_html_part_escaped_ones():
    subject, html, text = CompiledContent(CONTENT).personalise(recipient())

    assert subject == "News for Zoë at Smith & <Jones> School"
    assert "Dear Zoë of Smith & <Jones> School\r\n" in text
    assert "Dear Zoë of Smith &amp; &lt;Jones&gt; School" in html
    assert '<a href="https://hub.example/subscribe/unsubscribe/xyz:123/">' in html


def test_unknown_merge_fields_are_left_exactly_as_written():
    _subject, html, text = CompiledContent(CONTENT).personalise(recipient())

    assert "{{ shoe_size }}" in html and "{{ shoe_size }}" in text


def test_a_value_cannot_inject_merge_fields_or_headers():
    values = {**VALUES, "first_name": "{{ email }}\r\nBcc: evil@example.org"}
    subject, _html, text = CompiledContent(CONTENT).personalise(
        Recipient(email="a@example.org", name="A", values=values)
    )

    assert "{{ email }}" in text  # substituted once, never re-expanded
    assert "\r" not in subject and "\n" not in subject


def test_every_copy_carries_one_click_unsubscribe_headers_for_its_recipient():
    headers = CompiledContent(CONTENT).recipient_headers(recipient())

    assert headers["List-Unsubscribe"] == f"<{VALUES['unsubscribe_url']}>"
    assert headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert headers["Reply-To"] == "prevent@example.org"


def test_a_template_without_fields_is_returned_as_is():
    assert Template("no fields here").render(VALUES) == "no fields here"


def test_fields_can_be_converted_to_an_esps_own_syntax():
    converted = Template("Hi {{ first_name }}!").convert("%recipient.{}%")
    assert converted == "Hi %recipient.first_name%!"


def test_the_fast_mime_message_parses_back_to_both_parts_and_the_headers():
    compiled = CompiledContent(CONTENT)
    subject, html, text = compiled.personalise(recipient())
    long_text = text + ("A long line of newsletter text. " * 20) + "\r\n.\r\nend"

    raw = build_message(
        from_email="Prevent Partnership <prevent@example.org>",
        to_email=VALUES["email"],
        to_name=VALUES["full_name"],
        subject=subject,
        text=long_text,
        html=html,
        headers=compiled.recipient_headers(recipient()),
        message_id="<ph.1.2@example.org>",
    )

    assert all(len(line) <= 998 for line in raw.split(b"\r\n"))
    parsed = email.message_from_bytes(raw, policy=policy.default)
    assert parsed["Subject"] == "News for Zoë at Smith & <Jones> School"
    assert parsed["To"].addresses[0].display_name == "Zoë O'Brien"
    assert parsed["To"].addresses[0].addr_spec == "zoe@example.org"
    assert parsed["Message-ID"] == "<ph.1.2@example.org>"
    assert parsed["List-Unsubscribe"] == f"<{VALUES['unsubscribe_url']}>"
    assert parsed["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    plain = parsed.get_body(("plain",)).get_content()
    rich = parsed.get_body(("html",)).get_content()
    assert plain.replace("\r\n", "\n") == long_text.replace("\r\n", "\n")
    assert rich == html
    assert "Smith &amp; &lt;Jones&gt; School" in rich


def test_a_message_without_html_is_a_single_text_part():
    raw = build_message(
        from_email="prevent@example.org",
        to_email="a@example.org",
        to_name="",
        subject="Plain",
        text="Just text\r\n",
        html=None,
        headers={},
        message_id="<x@example.org>",
    )

    parsed = email.message_from_bytes(raw, policy=policy.default)
    assert parsed.get_content_type() == "text/plain"
    assert parsed.get_content().replace("\r\n", "\n").strip() == "Just text"
