"""Glossary acronyms get <abbr> in rendered rich text, and only where they should."""

import pytest

from cms.glossary import mark_up_acronyms
from cms.models import Acronym


@pytest.fixture
def glossary(db):
    Acronym.objects.all().delete()
    Acronym.objects.create(term="WRAP", expansion="Workshop to Raise Awareness of Prevent")
    Acronym.objects.create(term="PWG", expansion="Prevent Working Group")
    Acronym.objects.create(term="WD Faiths Forum", expansion="Warwick District Faiths Forum")
    Acronym.objects.create(term="Q&A", expansion='Questions & "answers"')


def test_an_acronym_in_text_is_wrapped_with_its_expansion(glossary):
    assert mark_up_acronyms("<p>Book a WRAP session.</p>") == (
        '<p>Book a <abbr title="Workshop to Raise Awareness of Prevent">WRAP</abbr> session.</p>'
    )


def test_only_whole_words_in_the_same_case_are_marked(glossary):
    html = "<p>WRAPPED, wrap, PWGs, UNWRAP and the-WRAP stay as they are.</p>"

    assert mark_up_acronyms(html) == html


def test_text_inside_links_and_existing_abbreviations_is_left_alone(glossary):
    html = (
        '<p><a href="/wrap/" title="WRAP">Book WRAP <b>WRAP</b></a> '
        '<abbr title="x">PWG</abbr> <code>WRAP</code> and then WRAP.</p>'
    )

    out = mark_up_acronyms(html)

    assert out.count("<abbr") == 2
    assert out.endswith(
        'and then <abbr title="Workshop to Raise Awareness of Prevent">WRAP</abbr>.</p>'
    )
    assert '<a href="/wrap/" title="WRAP">Book WRAP <b>WRAP</b></a>' in out


def test_attributes_are_never_rewritten(glossary):
    html = '<p><img alt="WRAP logo" src="/WRAP.png"> <span class="PWG">x</span></p>'

    assert mark_up_acronyms(html) == html


def test_longer_terms_and_escaped_characters_are_matched(glossary):
    out = mark_up_acronyms("<p>The WD Faiths Forum runs a Q&amp;A.</p>")

    assert '<abbr title="Warwick District Faiths Forum">WD Faiths Forum</abbr>' in out
    assert '<abbr title="Questions &amp; &quot;answers&quot;">Q&amp;A</abbr>' in out


def test_a_new_acronym_shows_at_once_despite_the_cache(glossary):
    assert "<abbr" not in mark_up_acronyms("<p>The CTLP is out.</p>")

    Acronym.objects.create(term="CTLP", expansion="Counter Terrorism Local Profile")

    assert '<abbr title="Counter Terrorism Local Profile">CTLP</abbr>' in mark_up_acronyms(
        "<p>The CTLP is out.</p>"
    )


def test_the_acronym_list_is_read_from_the_cache_not_the_database(
    glossary, django_assert_num_queries
):
    mark_up_acronyms("<p>WRAP</p>")

    with django_assert_num_queries(0):
        mark_up_acronyms("<p>WRAP and PWG</p>")


def test_rendered_pages_mark_acronyms_in_rich_text_but_not_in_links(client, demo_site):
    from tests.cms.builders import build_every_block_page

    page = build_every_block_page()

    html = client.get(page.url).content.decode()

    assert (
        'The <abbr title="Workshop to Raise Awareness of Prevent">WRAP</abbr> workshop is run by '
        'the <abbr title="Prevent Working Group">PWG</abbr>.' in html
    )
    assert '<a href="https://example.org/">WRAP sign-up</a>' in html
