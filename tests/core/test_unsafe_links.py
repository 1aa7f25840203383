"""No rendered link can run code: javascript:, vbscript: and data: addresses stored in a
newsletter's blocks, a hub page's rich text or its blocks reach the page as no link at all."""

import pytest

from cms.models import HomePage
from core.html import drop_unsafe_links, is_unsafe_url, safe_href
from tests.newsletters.authoring_support import archive, make_issue  # noqa: F401  (fixture)

ATTACKS = [
    "javascript:alert(document.cookie)",
    " JavaScript:alert(1)",
    "java\tscript:alert(1)",
    "&#106;avascript:alert(1)",
    "javascript&colon;alert(1)",
    "vbscript:msgbox(1)",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
]


@pytest.mark.parametrize("url", ATTACKS)
def test_every_spelling_of_a_code_link_is_dropped(url):
    assert is_unsafe_url(url)
    assert safe_href(url) == ""
    cleaned = drop_unsafe_links(f'<p><a title=">" href="{url}">Click</a></p>')
    assert "script" not in cleaned.lower().replace("<p>", "")
    assert "Click</a>" in cleaned


@pytest.mark.parametrize(
    "url", ["https://example.org/a?b=javascript:", "/report/", "mailto:x@example.org", "#top"]
)
def test_ordinary_links_are_kept(url):
    assert safe_href(url) == url
    assert f'href="{url}"' in drop_unsafe_links(f'<a href="{url}">ok</a>')


@pytest.mark.django_db
def test_the_public_newsletter_and_hub_pages_render_no_code_links(client, archive):  # noqa: F811
    issue = make_issue(archive, "Links", body=[{"type": "heading", "value": "Hello"}])
    attack = "javascript:alert(document.cookie)"
    stored = [
        {"type": "rich_text", "value": f'<p><a href="{attack}">Rich</a></p>'},
        {"type": "article", "value": {"title": "A", "body": "<p>b</p>", "url": attack}},
        {
            "type": "call_to_action",
            "value": {"text": "Act", "button_label": "Go", "url": "data:text/html,x"},
        },
    ]
    # Written behind the editor's back, as an import or a script would.
    type(issue).objects.filter(pk=issue.pk).update(body=stored)
    home = HomePage.objects.get()
    HomePage.objects.filter(pk=home.pk).update(
        intro=f'<p>Intro <a href="{attack}">intro link</a></p>',
        quick_links=[{"type": "link", "value": {"title": "Quick", "url": "vbscript:x"}}],
        body=[
            {"type": "paragraph", "value": f'<p><a href="{attack}">para</a></p>'},
            {"type": "contact", "value": {"name": "Team", "url": "javascript:x"}},
        ],
    )

    for url in (issue.url, "/"):
        response = client.get(url)
        assert response.status_code == 200
        html = response.content.decode().lower()
        assert "javascript:" not in html and "vbscript:" not in html, url
        assert 'href="data:' not in html, url
    newsletter = client.get(issue.url).content.decode()
    assert "Rich</a>" in newsletter and ">Go<" not in newsletter
    hub = client.get("/").content.decode()
    assert "intro link</a>" in hub and "para</a>" in hub
